package org.hpckernel.magic.hpc;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.hpckernel.cluster.Cluster;
import org.hpckernel.cluster.JobSpec;
import org.hpckernel.magic.MagicException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code %%hpc run}: the cell runs attached (srun, qrsh, or a local process), its output streamed into the cell. */
@Command(
        name = "run",
        description = "Run the cell on the cluster now and watch it: srun on Slurm, qrsh on Grid Engine, a process on "
                + "the local profile. Output comes into the cell as it is written; interrupting the cell cancels the job; the exit code is the "
                + "cell's result and a non-zero one is an error. The cell runs once per task (--ntasks), as srun runs it. Not on PBS or PJM "
                + "(their interactive jobs need a terminal): use %%hpc submit and %hpc logs ID --follow there.",
        footer = {
            "",
            "Examples:",
            "  %%hpc run --time 10 --mem 2G",
            "  hostname; python3 check_gpu.py",
            "",
            "  %%hpc run --partition debug --cpus 4 --gpus 1",
            "  python3 train.py --epochs 1"
        })
final class InteractiveRunCommand implements Callable<Object> {

    @ParentCommand
    HpcMagic parent;

    @Mixin
    ProfileOption profile = new ProfileOption();

    @Mixin
    ResourceOptions resources = new ResourceOptions();

    @Option(names = "--name", description = "Job name (default: run)")
    String name;

    @Option(
            names = "--workdir",
            description = "Folder the cell runs in (default: the run's own folder under the work root)")
    String workdir;

    @Override
    public Object call() throws Exception {
        String body = parent.call
                .body()
                .orElseThrow(
                        () -> new MagicException(
                                "%hpc run needs a cell: write %%hpc run [options] on the first line and the commands below it."));
        if (body.isBlank()) {
            throw new MagicException("The cell is empty: put the commands to run below %%hpc run.");
        }
        Cluster cluster = profile.cluster(parent.hpc.get());
        JobSpec spec = spec(body);
        Map<String, String> secrets =
                resources.secretValues(parent.context == null ? Path.of(".") : parent.context.workingDirectory());
        Consumer<String> print = parent.context == null ? text -> {} : parent.context::print;
        if (spec.stdout().isPresent() || spec.stderr().isPresent()) {
            print.accept(
                    "(The script names log files; an attached run writes its output here, in the cell, instead.)\n");
        }
        int code;
        try {
            code = cluster.run(spec, secrets, print, print);
        } catch (InterruptedException stopped) {
            throw new InterruptedException(
                    "Interrupted: the run on " + cluster.profile().where() + " was stopped and its job cancelled.");
        }
        if (code != 0) {
            throw new MagicException(failure(code, cluster.scheduler().name()));
        }
        return code;
    }

    JobSpec spec(String body) {
        JobSpec.Builder b = JobSpec.builder().script(body).name(name != null ? name : "run");
        resources.applyTo(b);
        if (workdir != null) {
            b.workingDirectory(workdir);
        }
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new MagicException(e.getMessage());
        }
    }

    /** What a non-zero exit code means here, and what to do. */
    static String failure(int code, String scheduler) {
        String client = switch (scheduler) {
            case "slurm" -> "srun";
            case "sge" -> "qrsh";
            default -> "";
        };
        String why = code > 128 && code < 160
                ? " (killed by signal " + (code - 128) + ": a time or memory limit, or a cancel)"
                : code == 124 && client.isEmpty() ? " (its --time ran out)" : "";
        return "The cell exited with code " + code + why
                + ". Its output is above: fix the commands and run the cell again."
                + (client.isEmpty()
                        ? ""
                        : " When " + client + " itself could not start the job (a refused partition, memory or time), "
                                + "its own message is above too.");
    }
}
