package org.hpckernel.magic.hpc;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.hpckernel.cluster.Cluster;
import org.hpckernel.cluster.HpcOpsRequest;
import org.hpckernel.cluster.JobId;
import org.hpckernel.cluster.JobSpec;
import org.hpckernel.magic.MagicException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code %%hpc submit}: the cell is the job (a script, a command, or an HPC-Ops JSON request). */
@Command(
        name = "submit",
        description =
                "Submit the cell as a job and show its id. The cell is a batch script (a shebang is respected, "
                        + "#SBATCH lines are kept and options override them), a command, or a JSON job request (HPC-Ops shape).",
        footer = {
            "",
            "Examples:",
            "  %%hpc submit --name hello --time 5 --mem 1G",
            "  echo hello from $(hostname)",
            "",
            "  %%hpc submit --array 1-30%5 --cpus 2",
            "  python3 train.py --seed $HPC_ARRAY_TASK_ID",
            "",
            "  %%hpc submit --chain 30 --time 24:00:00",
            "  python3 train.py --resume-from $HPC_CHAIN_STATE",
            "",
            "  %%hpc submit --container ~/images/pytorch.sif --gpus a100:1 --dry-run",
            "  python3 train.py"
        })
final class SubmitCommand implements Callable<Object> {

    @ParentCommand
    HpcMagic parent;

    @Mixin
    ProfileOption profile = new ProfileOption();

    @Mixin
    ResourceOptions resources = new ResourceOptions();

    @Option(names = "--name", description = "Job name (default: job)")
    String name;

    @Option(names = "--array", description = "FIRST-LAST[:STEP][%MAX], like 1-30%5")
    String array;

    @Option(
            names = "--chain",
            paramLabel = "N",
            description =
                    "Run the script as N links one after the other (an array throttled to 1), "
                            + "for work longer than the time limit: each link sees HPC_CHAIN_LINK and resumes from $HPC_CHAIN_STATE; a link that times out "
                            + "after changing that file starts the next, any other failure stops the chain; touch $HPC_CHAIN_DONE to end it early")
    Integer chain;

    @Option(names = "--after", description = "Start after job ID succeeded (afterok:ID, afterany:ID, or ID)")
    List<String> after = new ArrayList<>();

    @Option(names = "--stage", description = "Copy this local file into the job directory (repeatable)")
    List<String> stage = new ArrayList<>();

    @Option(names = "--workdir", description = "Folder the job runs in (default: its job directory)")
    String workdir;

    @Option(names = "--output", description = "stdout pattern, like logs/%x-%j.out")
    String output;

    @Option(names = "--error", description = "stderr pattern")
    String error;

    @Option(
            names = "--flow-logic",
            description = "Run this HPC-Ops flow-logic artifact (NAME:vN) with the job-side runner; "
                    + "params values \"artifact:NAME:vN\" stage dataset artifacts")
    String flowLogic;

    @Option(names = "--flow-class", description = "Flow-logic class (default MyFlowLogic)")
    String flowClass = "MyFlowLogic";

    @Option(
            names = "--artifact-store",
            description = "Where flow-logic and dataset artifacts are read: local (default) or cluster")
    String artifactStore = "local";

    @Option(
            names = "--dry-run",
            description = "Show the script that would be submitted, checked against the partitions' limits, "
                    + "and when the scheduler would start it (Slurm); submit nothing")
    boolean dryRun;

    @Override
    public Object call() throws Exception {
        String body = parent.call
                .body()
                .orElseThrow(
                        () -> new MagicException(
                                "%hpc submit needs a cell: write %%hpc submit [options] on the first line and the script below it."));
        if (body.isBlank() && flowLogic == null) {
            throw new MagicException("The cell is empty: put the script or command to run below %%hpc submit.");
        }
        Cluster cluster = profile.cluster(parent.hpc.get());
        if (flowLogic == null && HpcOpsRequest.looksLikeRequest(body)) {
            return FlowLogicStep.submitRequests(
                    body, this::withOptions, flowClass, artifactStore, cluster, parent.context, dryRun);
        }
        JobSpec spec = spec(body);
        spec = FlowLogicStep.apply(
                spec,
                flowLogic != null
                        ? flowLogic
                        : HpcOpsRequest.looksLikeRequest(body)
                                ? HpcOpsRequest.flowLogic(body).orElse(null)
                                : null,
                flowClass,
                artifactStore,
                cluster);
        if (spec.partition().isEmpty() && cluster.profile().partitionOpt().isEmpty() && parent.context != null) {
            // HPC-Ops keeps the resource group in the notebook folder's .env
            String group = org.hpckernel.cluster.profile.DotEnv.read(parent.context.workingDirectory())
                    .get("RESOURCE_GROUP");
            if (group != null && !group.isBlank()) {
                spec = spec.toBuilder().partition(group).build();
            }
        }
        if (dryRun) {
            return CostLine.worstCase(cluster, spec)
                    + cluster.dryRun(spec)
                            .text(); // checked against the partitions, with the scheduler's start estimate
        }
        java.util.Map<String, String> secrets = resources.secretValues(
                parent.context == null ? java.nio.file.Path.of(".") : parent.context.workingDirectory());
        Cluster.Submitted done = cluster.submitWithReport(spec, secrets);
        JobId id = done.id();
        if (parent.context != null) {
            parent.context.print("Submitted " + spec.name() + " as job " + id.value() + " on "
                    + cluster.profile().where() + "\n" + (done.note().isEmpty() ? "" : done.note() + "\n"));
        }
        return id.value();
    }

    JobSpec spec(String body) {
        JobSpec.Builder b = JobSpec.builder();
        if (HpcOpsRequest.looksLikeRequest(body)) {
            HpcOpsRequest.apply(body, b); // with --flow-logic: the request's resources and cfg, that flow logic
        } else if (flowLogic == null) {
            b.script(body);
        } else if (!body.isBlank()) {
            throw new MagicException(
                    "With --flow-logic the cell holds the HPC-Ops request JSON (params), not a script.");
        } else {
            b.script("#!/bin/bash\n"); // replaced by the flow-logic runner script
        }
        return withOptions(b);
    }

    /** The magic's options over what the cell gave. */
    JobSpec withOptions(JobSpec.Builder b) {
        try {
            if (name != null) b.name(name);
            resources.applyTo(b);
            if (array != null) b.array(JobSpec.ArraySpec.parse(array));
            if (chain != null) b.chain(chain);
            after.forEach(a -> b.dependency(JobSpec.Dependency.parse(a)));
            stage.forEach(b::stage);
            if (workdir != null) b.workingDirectory(workdir);
            if (output != null) b.stdout(output);
            if (error != null) b.stderr(error);
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new MagicException(e.getMessage());
        }
    }
}
