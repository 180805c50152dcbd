package org.hpckernel.magic.hpc;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.hpckernel.cluster.Cluster;
import org.hpckernel.cluster.HpcOpsRequest;
import org.hpckernel.cluster.JobId;
import org.hpckernel.cluster.JobSpec;
import org.hpckernel.magic.MagicContext;
import org.hpckernel.magic.MagicException;
import org.hpckernel.tracking.ArtifactRef;
import org.hpckernel.tracking.ArtifactStore;
import org.hpckernel.tracking.Blobs;
import org.hpckernel.tracking.FileStore;
import org.hpckernel.tracking.FlowLogic;

/**
 * The submit path's flow-logic hook: when a request names {@code flow_logic} (or {@code --flow-logic} is
 * given), the spec is rewritten to stage the flow logic, the dataset artifacts its params name, and the
 * job-side runner, and to run that runner. Without a flow logic the spec passes through unchanged.
 */
final class FlowLogicStep {

    private FlowLogicStep() {}

    static JobSpec apply(JobSpec spec, String flowRef, String className, String storeName, Cluster cluster)
            throws IOException {
        return apply(spec, flowRef, className, storeName, cluster, null);
    }

    /**
     * A cell of HPC-Ops requests ({@code {...}}, {@code [...]} or {@code {"jobs": [...]}}) submitted as HPC-Ops
     * submits them: each request keeps its own resources, flow logic and W&B names; requests equal in all of
     * those become one array, the others separate jobs. The resource group is {@code .env}'s RESOURCE_GROUP
     * (HPC-Ops' settings), else the profile's partition; {@code --partition} on the magic wins over both.
     * {@code options} applies the magic's options to a builder. Returns the job id, or the ids in order.
     */
    static Object submitRequests(
            String body,
            Function<JobSpec.Builder, JobSpec> options,
            String className,
            String storeName,
            Cluster cluster,
            MagicContext context,
            boolean dryRun)
            throws IOException {
        String group = null;
        if (context != null)
            group = org.hpckernel.cluster.profile.DotEnv.read(context.workingDirectory())
                    .get("RESOURCE_GROUP");
        List<Object> out = new ArrayList<>();
        for (List<HpcOpsRequest> job : HpcOpsRequest.jobs(HpcOpsRequest.parseAll(body))) {
            JobSpec spec = options.apply(HpcOpsRequest.apply(job, JobSpec.builder()));
            if (spec.partition().isEmpty() && group != null && !group.isBlank())
                spec = spec.toBuilder().partition(group).build();
            spec = apply(spec, job.get(0).flowLogic(), className, storeName, cluster, context);
            if (dryRun) {
                out.add(cluster.render(spec));
                continue;
            }
            JobId id = cluster.submit(spec);
            if (context != null) {
                context.print("Submitted " + spec.name()
                        + (job.size() > 1 ? " (" + job.size() + " requests as an array)" : "") + " as job " + id.value()
                        + " on " + cluster.profile().name() + "\n");
            }
            out.add(id.value());
        }
        if (dryRun) return String.join("\n", out.stream().map(String::valueOf).toList());
        return out.size() == 1 ? out.get(0) : out;
    }

    static JobSpec apply(
            JobSpec spec, String flowRef, String className, String storeName, Cluster cluster, MagicContext context)
            throws IOException {
        if (flowRef == null || flowRef.isBlank()) {
            return spec;
        }
        ArtifactStore store = switch (storeName) {
            case "local" -> FileStore.local(FileStore.defaultLocalRoot(System.getenv()));
            case "cluster" -> new FileStore(Blobs.remote(cluster.transport(), cluster.workRoot() + "/artifacts"));
            default -> throw new MagicException("--artifact-store is local or cluster, not '" + storeName + "'.");
        };
        JobSpec.Builder b = spec.toBuilder();
        try {
            FlowLogic.prepare(
                    b,
                    ArtifactRef.parse(flowRef),
                    className,
                    store,
                    spec.params(),
                    Files.createTempDirectory("hpc-flow"),
                    note -> {
                        if (context != null) context.print(note + "\n");
                    });
        } catch (IllegalArgumentException e) {
            throw new MagicException(e.getMessage());
        } catch (org.hpckernel.tracking.ArtifactNotFoundException e) {
            throw new MagicException(e.getMessage() + " Put it first: %wandb artifact put NAME FILE --type code.");
        }
        return b.build();
    }
}
