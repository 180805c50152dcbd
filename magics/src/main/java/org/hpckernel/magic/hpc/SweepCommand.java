package org.hpckernel.magic.hpc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.hpckernel.cluster.Cluster;
import org.hpckernel.cluster.JobSpec;
import org.hpckernel.magic.LiveDisplay;
import org.hpckernel.magic.MagicException;
import org.hpckernel.sweep.Goal;
import org.hpckernel.sweep.GridSampler;
import org.hpckernel.sweep.RunCommand;
import org.hpckernel.sweep.SearchSpace;
import org.hpckernel.sweep.Steering;
import org.hpckernel.sweep.Study;
import org.hpckernel.sweep.SweepDefinition;
import org.hpckernel.sweep.SweepProgress;
import org.hpckernel.sweep.SweepRun;
import org.hpckernel.sweep.SweepStore;
import org.hpckernel.sweep.Sweeps;
import org.hpckernel.sweep.Trial;
import org.hpckernel.sweep.TrialState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code %%hpc sweep}: the cell is a search space (a W&B sweep config pasted as is, a phpo search
 * space, or HPC-Ops params); its points run as job arrays steered in the background. The line
 * forms follow a sweep by id: status, results, wait, stop, resume, list.
 */
@Command(
        name = "sweep",
        description =
                "Run a hyperparameter sweep as job arrays. The cell holds the config: a W&B sweep config "
                        + "(YAML or JSON, pasted as is), a phpo search space, or HPC-Ops params. Each trial runs in its own folder with params.json "
                        + "and writes its objective to result.json ($HPC_RESULT). Steering runs in the background; the cell shows a live progress line.",
        subcommands = {
            SweepCommand.Status.class,
            SweepCommand.Results.class,
            SweepCommand.Wait.class,
            SweepCommand.Stop.class,
            SweepCommand.Resume.class,
            SweepCommand.ListSweeps.class,
            SweepCommand.Export.class
        },
        footer = {
            "",
            "Examples:",
            "  %%hpc sweep --name quad --parallel 5 --max-trials 30 --command 'python3 f.py ${args}'",
            "  method: bayes",
            "  metric: {name: loss, goal: minimize}",
            "  parameters:",
            "    x: {min: -5.0, max: 5.0}",
            "",
            "  %hpc sweep status 3",
            "  %hpc sweep results 3",
            "  %hpc sweep stop 3",
            "  %hpc sweep resume 3"
        })
final class SweepCommand implements Callable<Object> {

    private static final int DEFAULT_TRIALS = 20;

    @ParentCommand
    HpcMagic parent;

    @Mixin
    ProfileOption profile = new ProfileOption();

    @Mixin
    ResourceOptions resources = new ResourceOptions();

    @Option(names = "--name", description = "Sweep name (default: the config's name, else sweep)")
    String name;

    @Option(names = "--parallel", description = "Trials running at once: the array throttle %K (default 4)")
    int parallel = 4;

    @Option(
            names = "--max-trials",
            description = "Trials in all (default: the config's run_cap, the grid's size, else 20)")
    Integer maxTrials;

    @Option(names = "--seed", description = "Sampler seed (default: a random one, shown and recorded)")
    Long seed;

    @Option(
            names = "--command",
            description = "Shell line each trial runs in its folder; W&B macros such as ${args} are "
                    + "expanded per trial (default: the config's command/program)")
    String command;

    @Option(names = "--method", description = "grid, random or bayes (TPE), overriding the config's")
    String method;

    @Option(names = "--metric", description = "Objective name in result.json (default: the config's metric, else loss)")
    String metric;

    @Option(names = "--goal", description = "minimize or maximize (default: the config's, else minimize)")
    String goal;

    @Option(
            names = "--per-batch",
            description = "Points per job array (default: all at once for grid and random, --parallel for bayes)")
    Integer perBatch;

    @Option(
            names = "--prune",
            description = "Stop poor trials early from what they log to $HPC_METRICS: "
                    + "median[:startup=5,warmup=0,interval=1] (Optuna's MedianPruner), hyperband:min_iter=3,eta=3 (W&B's), "
                    + "or none; default: the config's early_terminate")
    String prune;

    @Option(names = "--max-attempts", description = "Runs of a trial whose node failed or was preempted (default 3)")
    int maxAttempts = 3;

    @Option(
            names = "--stage",
            description = "Copy this local file next to every array ($HPC_JOB_DIR); the config's "
                    + "program, when it is a file here, is copied without it (repeatable)")
    List<String> stage = new ArrayList<>();

    @Override
    public Object call() throws Exception {
        String config = parent.call
                .body()
                .orElseThrow(() -> new MagicException(
                        "%hpc sweep needs a cell: write %%hpc sweep [options] on the first line and the sweep config below it "
                                + "(or %hpc sweep status|results|wait|stop|resume|list ID)."));
        if (org.hpckernel.sweep.SegmentedConfig.isSegmented(config)) return SweepSegments.start(this, config);
        SweepDefinition definition = definition(config);
        Cluster cluster = profile.cluster(parent.hpc.get());
        if (parent.context != null) {
            parent.context.print(CostLine.worstCase(
                    cluster, definition.template(), definition.steering().maxPoints(), "trials"));
        }
        SweepRun run = Sweeps.of(parent.hpc.get()).start(cluster, definition);
        follow(parent, run);
        return null;
    }

    SweepDefinition definition(String config) {
        if (config.isBlank()) throw new MagicException("The cell is empty: paste the sweep config below %%hpc sweep.");
        if (parallel < 1) throw new MagicException("--parallel must be at least 1, got " + parallel);
        try {
            JobSpec.Builder template = JobSpec.builder().script("# replaced by each batch's array script\n");
            resources.applyTo(template);
            long s = seed != null ? seed : ThreadLocalRandom.current().nextLong(1, 1_000_000);
            Goal g = goal == null ? null : Goal.parse(goal);
            // the space without limits first: its method, run_cap and grid size choose the defaults
            SearchSpace space = new SweepDefinition(
                            "probe",
                            config,
                            method,
                            metric,
                            g,
                            s,
                            Steering.of(1, 1),
                            maxAttempts,
                            command,
                            template.name("probe").build())
                    .space();
            String sweepName = name != null ? name : configName(config).orElse("sweep");
            for (String file : stage) {
                if (!java.nio.file.Files.isRegularFile(local(file))) {
                    throw new MagicException("Cannot stage " + file + ": no such file in the notebook's folder ("
                            + local(file).getParent() + ").");
                }
                template.stage(local(file).toString());
            }
            if (command == null && RunCommand.isLocal(space.program())) {
                java.nio.file.Path program = local(space.program());
                if (!java.nio.file.Files.isRegularFile(program)) {
                    throw new MagicException("The config's program '" + space.program()
                            + "' is not a file in the notebook's folder (" + program.getParent()
                            + "). Put it there, or give its path on the cluster (absolute or ~/...).");
                }
                template.stage(program.toString());
            }
            int trials = maxTrials != null
                    ? maxTrials
                    : space.runCap() != null
                            ? space.runCap()
                            : space.method().equals("grid")
                                    ? (int) Math.min(GridSampler.size(space), 100_000)
                                    : DEFAULT_TRIALS;
            boolean batchSynchronous =
                    space.method().equals("bayes") || space.method().equals("tpe");
            int batch = perBatch != null ? perBatch : batchSynchronous ? Math.min(parallel, trials) : trials;
            Steering steering = new Steering(trials, parallel, batch, 0, 2 * trials + 2);
            SweepDefinition d = new SweepDefinition(
                    sweepName,
                    config,
                    method,
                    metric,
                    g,
                    s,
                    steering,
                    maxAttempts,
                    command,
                    template.name(sweepName).build(),
                    prune);
            d.pruner(); // a bad --prune or early_terminate is refused now, before anything is submitted
            return d;
        } catch (IllegalArgumentException e) {
            throw new MagicException("Sweep config: " + e.getMessage());
        }
    }

    private java.nio.file.Path local(String file) {
        java.nio.file.Path base =
                parent.context != null ? parent.context.workingDirectory() : java.nio.file.Path.of("");
        return base.resolve(file).toAbsolutePath().normalize();
    }

    private static Optional<String> configName(String config) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^name:\\s*['\"]?([^'\"#\\n]+?)['\"]?\\s*$")
                .matcher(config);
        return m.find() ? Optional.of(m.group(1).strip()) : Optional.empty();
    }

    /** The live progress line under the cell, updated from the steering thread until the sweep ends. */
    static void follow(HpcMagic parent, SweepRun run) {
        if (parent.context == null) return;
        parent.context.print(
                "Sweep " + run.id() + " started (seed " + seedOf(parent, run) + "). It is steered in the background: "
                        + "%hpc sweep status " + run.id() + ", results " + run.id() + ", stop " + run.id() + ".\n");
        live(parent, run);
    }

    /** Shows the progress line and keeps it current; null without a notebook. */
    static LiveDisplay live(HpcMagic parent, SweepRun run) {
        if (parent.context == null) return null;
        LiveDisplay line = parent.context.show(run.progress().line());
        run.onProgress(p -> line.update(p.line()));
        return line;
    }

    private static String seedOf(HpcMagic parent, SweepRun run) {
        try {
            return String.valueOf(
                    Sweeps.of(parent.hpc.get()).record(run.id()).definition().seed());
        } catch (java.io.IOException e) {
            return "?";
        }
    }

    static Sweeps sweeps(SweepCommand sweep) {
        return Sweeps.of(sweep.parent.hpc.get());
    }

    // ------------------------------------------------------------------ line forms

    @Command(name = "status", description = "Progress, the best trial so far, and failures with their reasons.")
    static final class Status implements Callable<Object> {
        @ParentCommand
        SweepCommand sweep;

        @Parameters(paramLabel = "ID", description = "Sweep id, or last", defaultValue = "last")
        String id;

        @Override
        public Object call() throws Exception {
            Sweeps sweeps = sweeps(sweep);
            int n = sweeps.resolve(id);
            SweepProgress p = sweeps.progress(n);
            Study study = sweeps.study(n);
            StringBuilder out = new StringBuilder(p.line()).append('\n');
            p.best()
                    .ifPresent(b -> out.append("best: trial ")
                            .append(b.number())
                            .append(' ')
                            .append(b.params().entrySet().stream()
                                    .map(e -> e.getKey() + "=" + e.getValue())
                                    .collect(Collectors.joining(", ")))
                            .append('\n'));
            List<String> failures = new ArrayList<>();
            List<String> pruned = new ArrayList<>();
            for (Trial t : study.trials()) {
                if (t.state() == TrialState.PRUNED) {
                    pruned.add("  trial " + t.number() + ": " + (t.reason() == null ? "pruned" : t.reason()));
                }
                if (t.state() == TrialState.FAILED || (t.reason() != null && t.state() == TrialState.COMPLETE)) {
                    failures.add("  trial " + t.number() + ": " + t.state()
                            + (t.reason() == null ? "" : " - " + t.reason()));
                }
            }
            for (SweepStore.StoredAttempt a : sweeps.store().attempts(n)) {
                if (!a.outcome().equals("COMPLETE")
                        && !a.outcome().startsWith("FAILED")
                        && study.trials().get(a.number()).attempts() > a.attempt()) {
                    failures.add(
                            "  trial " + a.number() + " attempt " + a.attempt() + ": " + a.outcome() + ", run again");
                }
            }
            if (!pruned.isEmpty()) {
                out.append("pruned (stopped early):\n")
                        .append(String.join("\n", pruned))
                        .append('\n');
            }
            // each retried or requeued trial's attempts, and whether its checkpoint existed when each started
            out.append(org.hpckernel.sweep.CheckpointLines.of(
                    sweeps.store().starts().of(n), sweeps.record(n).directory()));
            if (!failures.isEmpty()) {
                out.append("failures:\n").append(String.join("\n", failures)).append('\n');
                out.append("A trial's output: %hpc logs ARRAY_TASK (the arrays are in %hpc jobs); its folder: ")
                        .append(sweeps.record(n).directory())
                        .append("/trial-N-aA\n");
            }
            return out.toString();
        }
    }

    @Command(
            name = "results",
            description = "A table of the trials, best first, one column per parameter; plots of the objective "
                    + "by trial (with the best so far) and of each parameter against the objective.")
    static final class Results implements Callable<Object> {
        @ParentCommand
        SweepCommand sweep;

        @Parameters(paramLabel = "ID", description = "Sweep id, or last", defaultValue = "last")
        String id;

        @Option(names = "--no-plots", description = "Only the table")
        boolean noPlots;

        @Override
        public Object call() throws Exception {
            Sweeps sweeps = sweeps(sweep);
            int n = sweeps.resolve(id);
            var group = SweepSegments.group(sweep.parent, n);
            if (group.isPresent()) return SweepSegments.results(sweep.parent, sweeps, group.get());
            Study study = sweeps.study(n);
            if (!noPlots && sweep.parent.context != null && study.count(TrialState.COMPLETE) > 0) {
                sweep.parent.context.show(SweepPlots.objectiveByTrial(study));
                SweepPlots.parameterVsObjective(study).forEach(sweep.parent.context::show);
            }
            if (sweep.parent.context != null) {
                // printed while the cell runs, so above the results table, which stays the cell's value (a Table to use
                // in Java)
                sweep.parent.context.print(EfficiencyLine.ofSweep(sweep.parent.hpc.get(), sweeps, n));
            }
            return study.results();
        }
    }

    @Command(name = "wait", description = "Wait until the sweep ends, showing its progress line.")
    static final class Wait implements Callable<Object> {
        @ParentCommand
        SweepCommand sweep;

        @Parameters(paramLabel = "ID", description = "Sweep id, or last", defaultValue = "last")
        String id;

        @Option(names = "--timeout", description = "Give up after this many seconds (default: 3600); the sweep goes on")
        long timeout = 3600;

        @Override
        public Object call() throws Exception {
            Sweeps sweeps = sweeps(sweep);
            int n = sweeps.resolve(id);
            Optional<SweepRun> run = sweeps.run(n);
            if (run.isEmpty()) {
                SweepProgress p = sweeps.progress(n);
                if (p.ended() && !p.state().equals("NOT_STEERED")) return p.line();
                throw new MagicException(
                        "Sweep " + n + " is not steered by this kernel, so nothing would change while waiting: "
                                + "%hpc sweep resume " + n + " first.");
            }
            LiveDisplay line = live(sweep.parent, run.get());
            boolean ended = run.get().await(Duration.ofSeconds(timeout));
            SweepProgress p = run.get().progress();
            if (line != null) line.update(p.line());
            return ended ? p.line() : "Stopped waiting after " + timeout + " s; the sweep goes on.\n" + p.line();
        }
    }

    @Command(
            name = "stop",
            description = "Stop steering and cancel the sweep's running arrays; finished trials are kept.")
    static final class Stop implements Callable<Object> {
        @ParentCommand
        SweepCommand sweep;

        @Parameters(paramLabel = "ID", description = "Sweep id, or last", defaultValue = "last")
        String id;

        @Override
        public Object call() throws Exception {
            Sweeps sweeps = sweeps(sweep);
            int n = sweeps.resolve(id);
            var group = SweepSegments.group(sweep.parent, n);
            if (group.isPresent()) return SweepSegments.stop(sweeps, group.get());
            sweeps.stop(n);
            return sweeps.progress(n).line();
        }
    }

    @Command(
            name = "resume",
            description = "Steer a sweep again (after a kernel restart, a stop or a fixed failure): running trials "
                    + "are found again, nothing is submitted twice. Resource options change the arrays submitted from now on "
                    + "(a partition or time limit the scheduler refused).")
    static final class Resume implements Callable<Object> {
        @ParentCommand
        SweepCommand sweep;

        @Parameters(paramLabel = "ID", description = "Sweep id, or last", defaultValue = "last")
        String id;

        @Mixin
        ResourceOptions resources = new ResourceOptions();

        @Override
        public Object call() throws Exception {
            Sweeps sweeps = sweeps(sweep);
            java.util.function.UnaryOperator<JobSpec> change = template -> {
                JobSpec.Builder b = template.toBuilder();
                resources.applyTo(b);
                return b.build();
            };
            var group = SweepSegments.group(sweep.parent, sweeps.resolve(id));
            if (group.isPresent()) return SweepSegments.resume(sweep.parent, group.get(), change);
            SweepRun run = sweeps.resume(sweeps.resolve(id), change);
            live(sweep.parent, run);
            return null;
        }
    }

    @Command(
            name = "export",
            description = "Write the sweep's study into an SQLite file in Optuna's RDB schema "
                    + "(Optuna 3.0-3.1; Optuna 3.2 and later: optuna storage upgrade --storage URL first), for "
                    + "optuna.load_study and optuna.visualization.")
    static final class Export implements Callable<Object> {
        @ParentCommand
        SweepCommand sweep;

        @Parameters(paramLabel = "ID", description = "Sweep id, or last", defaultValue = "last")
        String id;

        @Option(
                names = "--optuna",
                required = true,
                paramLabel = "URL",
                description = "sqlite:///study.db (next to the notebook) or sqlite:////absolute/path.db")
        String url;

        @Option(names = "--study-name", description = "Study name in the file (default: the sweep's name)")
        String studyName;

        @Option(
                names = "--overwrite",
                description = "Replace a study of the same name in the file (its other studies " + "stay)")
        boolean overwrite;

        @Override
        public Object call() throws Exception {
            Sweeps sweeps = sweeps(sweep);
            int n = sweeps.resolve(id);
            java.nio.file.Path base =
                    sweep.parent.context != null ? sweep.parent.context.workingDirectory() : java.nio.file.Path.of("");
            org.hpckernel.sweep.export.OptunaStudyExport.Result r;
            try {
                r = org.hpckernel.sweep.export.SweepExport.toOptuna(sweeps, n, url, base, studyName, overwrite);
            } catch (IllegalArgumentException e) {
                throw new MagicException("Export of sweep " + n + ": " + e.getMessage());
            }
            StringBuilder out = new StringBuilder("Sweep " + n + ": " + r.trials() + " trials written to "
                    + r.storage().file() + " as Optuna study '" + r.studyName() + "'.\nOpen it in Python: study = "
                    + r.howToOpen() + "\n(Optuna 3.0-3.1 reads it as is; 3.2 and later: once, optuna storage upgrade "
                    + "--storage " + r.storage().url() + ")\n");
            r.notes().forEach(note -> out.append("note: ").append(note).append('\n'));
            return out.toString();
        }
    }

    @Command(name = "list", description = "The sweeps in the ledger, newest first.")
    static final class ListSweeps implements Callable<Object> {
        @ParentCommand
        SweepCommand sweep;

        @Override
        public Object call() throws Exception {
            Sweeps sweeps = sweeps(sweep);
            List<SweepStore.SweepRecord> all = sweeps.store().sweeps();
            if (all.isEmpty()) return "No sweeps yet: %%hpc sweep starts one.";
            StringBuilder out = new StringBuilder();
            for (SweepStore.SweepRecord r : all) {
                out.append(sweeps.progress(r.id()).line())
                        .append(String.format(Locale.ROOT, "  [%s, %s]%n", r.profile(), r.createdAt()));
            }
            return out.toString();
        }
    }
}
