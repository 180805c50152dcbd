package org.hpckernel.magic.hpc;

import java.util.function.Supplier;
import org.hpckernel.magic.CommandMagic;
import org.hpckernel.magic.MagicCall;
import org.hpckernel.magic.MagicContext;
import org.hpckernel.session.Hpc;
import picocli.CommandLine.Command;

/** {@code %hpc} and {@code %%hpc}: jobs on clusters. Each subcommand is a class of its own. */
@Command(
        name = "hpc",
        description = "Run and follow jobs on HPC clusters.",
        subcommands = {
            SubmitCommand.class,
            StatusCommand.class,
            LogsCommand.class,
            WaitCommand.class,
            CancelCommand.class,
            JobsCommand.class,
            ProfileCommand.class,
            MetricsCommand.class,
            SweepCommand.class,
            ReconcileCommand.class,
            QueueCommand.class,
            PartitionsCommand.class,
            EfficiencyCommand.class,
            ModulesCommand.class,
            ContainerCommand.class,
            InteractiveRunCommand.class,
            PutCommand.class,
            GetCommand.class,
            LsCommand.class,
            DebugCommand.class
        },
        footer = {
            "",
            "Examples:",
            "  %%hpc submit --name train --time 01:00:00 --mem 4G",
            "  %hpc status",
            "  %hpc logs 123 --tail 20",
            "  %hpc wait 123 --timeout 600",
            "  %%hpc run --time 10",
            "  nvidia-smi",
            "  %hpc queue --all",
            "  %hpc partitions",
            "  %hpc efficiency last",
            "  %hpc modules openmpi",
            "  %hpc get last:result.json",
            "  %%hpc container build pytorch.sif --from nvcr.io/nvidia/pytorch:24.01-py3",
            "  %%hpc sweep --parallel 5 --max-trials 30 --command 'python3 f.py ${args}'",
            "  %hpc profile add mycluster --host login.example.org --user me --scheduler slurm"
        })
public final class HpcMagic {

    /** Set by the kernel to its log file, read by {@code %hpc debug}; absent when the magics run in another program. */
    public static final String LOG_FILE_PROPERTY = DebugCommand.LOG_FILE_PROPERTY;

    final MagicCall call;
    final MagicContext context;
    final Supplier<Hpc> hpc;

    HpcMagic(MagicCall call, MagicContext context, Supplier<Hpc> hpc) {
        this.call = call;
        this.context = context;
        this.hpc = hpc;
    }

    /** The notebook's folder, where local paths of put and get start. */
    java.nio.file.Path workingDirectory() {
        return context == null
                ? java.nio.file.Path.of("").toAbsolutePath()
                : context.workingDirectory().toAbsolutePath();
    }

    /** A live progress line for a put or get in this cell (none without a cell). */
    ProgressBar progressBar(String verb) {
        return new ProgressBar(verb, context == null ? v -> x -> {} : context::show, System::nanoTime);
    }

    /** The magic, opening the session (profiles, ledger) only when first used. */
    public static CommandMagic create(Supplier<Hpc> session) {
        return new CommandMagic(
                "hpc",
                "Submit and follow cluster jobs: submit, run, status, queue, partitions, logs, wait, cancel, jobs, efficiency, modules, container, put, get, ls, profile, metrics, sweep, reconcile",
                (call, context) -> new HpcMagic(call, context, () -> {
                    Hpc h = session.get();
                    if (context != null) {
                        h.prompter(context::ask);
                    }
                    return h;
                }));
    }
}
