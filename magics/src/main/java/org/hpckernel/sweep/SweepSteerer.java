package org.hpckernel.sweep;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.hpckernel.cluster.Cluster;
import org.hpckernel.cluster.JobDirectory;
import org.hpckernel.cluster.JobId;
import org.hpckernel.cluster.JobSpec;
import org.hpckernel.cluster.JobState;
import org.hpckernel.cluster.JobStatus;
import org.hpckernel.cluster.Shell;

/**
 * The steering loop, one {@link #step()} at a time (a {@link SweepRun} calls it on a timer): poll the
 * running array tasks in ONE scheduler call, read each finished task's result.json, tell the study
 * (retrying cluster faults per {@link RetryPolicy}), then ask the next batch per {@link Steering} and
 * submit it, retries included, as ONE job array throttled to the parallelism. Every batch is written to
 * the {@link SweepJournal} before it is submitted, so a restart never submits a trial twice.
 *
 * <p>Batch k lives in {@code SWEEP/batch-k}: the array's script, logs and exit files, and
 * {@code points.jsonl}, the staged params table whose line i is the point of task i. Task i runs in
 * its own folder {@code SWEEP/trial-N-aA} (trial N, attempt A) with {@code params.json} there; every attempt of
 * trial N gets the same {@code HPC_CHECKPOINT_DIR}, {@code SWEEP/checkpoints/trial-N} ({@link TrialCheckpoint}).
 */
public final class SweepSteerer {

    /** Cluster faults are ours to retry: the scheduler must not requeue the task behind our back. */

    /** Set by each poll; read by the progress line from another thread. */
    private volatile int executing;

    private final Study study;
    private final SweepDefinition definition;
    private final Cluster cluster;
    private final String sweepDir;
    private final SweepJournal journal;
    private final RetryPolicy retry;
    private final Map<JobId, Trial> running = new LinkedHashMap<>(); // array task -> trial
    private final Map<JobId, JobDirectory> directories = new LinkedHashMap<>(); // array task -> its batch folder
    private final Map<Integer, List<Trial>> unsubmitted = new TreeMap<>(); // planned, not known to be submitted
    private final List<Trial> toRetry = new ArrayList<>();
    private int batches;
    private int jobsUsed;
    private final org.hpckernel.sweep.prune.EarlyStopping early; // null: no pruner
    private ParallelismBudget.Share share = ParallelismBudget.Share.UNLIMITED;

    public SweepSteerer(
            Study study, SweepDefinition definition, Cluster cluster, String sweepDir, SweepJournal journal) {
        this.study = study;
        this.definition = definition;
        this.cluster = cluster;
        this.sweepDir = sweepDir;
        this.journal = journal;
        this.retry = new RetryPolicy(definition.maxAttempts());
        this.early = definition
                .pruner()
                .map(p -> new org.hpckernel.sweep.prune.EarlyStopping(
                        p, study.space().metricName(), study.goal()))
                .orElse(null);
    }

    /**
     * Picks up a recorded sweep whose study already holds the recorded trials: RUNNING trials go back
     * to their array tasks; batches planned but never marked submitted are submitted again into their
     * own folders at the next step, where the scheduler's receipt returns the first id if it took them.
     */
    public static SweepSteerer resume(
            Study study,
            SweepDefinition definition,
            Cluster cluster,
            String sweepDir,
            SweepJournal journal,
            List<SweepStore.StoredTrial> trials,
            List<SweepStore.StoredBatch> recordedBatches) {
        SweepSteerer s = new SweepSteerer(study, definition, cluster, sweepDir, journal);
        Map<Integer, SweepStore.StoredBatch> byNumber = new LinkedHashMap<>();
        recordedBatches.forEach(b -> byNumber.put(b.batch(), b));
        s.batches = recordedBatches.stream().mapToInt(b -> b.batch() + 1).max().orElse(0);
        Map<Integer, TreeMap<Integer, Trial>> planned = new TreeMap<>();
        for (SweepStore.StoredTrial stored : trials) {
            s.jobsUsed += stored.attempts();
            if (stored.state() != TrialState.RUNNING) continue;
            Trial t = study.trial(stored.number());
            SweepStore.StoredBatch b = byNumber.get(stored.batch());
            if (b != null && b.jobId() != null) {
                JobId task = JobId.of(b.jobId() + "_" + stored.task());
                s.running.put(task, t);
                s.directories.put(task, new JobDirectory(b.directory()));
            } else {
                planned.computeIfAbsent(stored.batch(), k -> new TreeMap<>()).put(stored.task(), t);
            }
        }
        planned.forEach((k, tasks) -> s.unsubmitted.put(k, List.copyOf(tasks.values())));
        return s;
    }

    public Study study() {
        return study;
    }

    /** Makes this steerer one segment of a segmented sweep: new trials wait for slots of the shared budget. */
    public synchronized SweepSteerer sharing(ParallelismBudget.Share budget) {
        this.share = budget;
        return this;
    }

    /** True once every point is told and nothing runs or waits to be submitted. */
    public synchronized boolean done() {
        return running.isEmpty()
                && toRetry.isEmpty()
                && unsubmitted.isEmpty()
                && steering().pointsToAsk(finished(), 0, jobsUsed) == 0;
    }

    public synchronized int jobsUsed() {
        return jobsUsed;
    }

    public int maxTrials() {
        return steering().maxPoints();
    }

    /** The arrays that still have tasks of this sweep running. */
    public synchronized Set<JobId> arrays() {
        Set<JobId> out = new LinkedHashSet<>();
        running.keySet().forEach(task -> out.add(task.arrayParent()));
        return out;
    }

    private Steering steering() {
        return definition.steering();
    }

    public synchronized void step() throws IOException {
        if (!running.isEmpty()) collect();
        if (early != null) pruneEarly();
        for (var pending : new ArrayList<>(unsubmitted.entrySet())) submit(pending.getKey(), pending.getValue());
        List<Trial> batch = new ArrayList<>(toRetry);
        // retries are re-runs of points already asked: they ride along in the next array but do not
        // hold back new points; maxPoints still counts every trial asked
        int n = Math.min(
                steering().pointsToAsk(finished(), running.size() + unsubmittedCount(), jobsUsed + batch.size()),
                steering().maxPoints() - study.trials().size());
        n = share.grant(Math.max(0, n), running.size() + unsubmittedCount() + batch.size()); // a segment's budget
        for (int i = 0; i < n; i++) {
            try {
                batch.add(study.ask());
            } catch (NoSuchElementException exhausted) {
                break;
            }
        }
        toRetry.clear();
        if (batch.isEmpty()) return;
        int k = batches++;
        journal.planned(k, batchDir(k).path(), batch);
        unsubmitted.put(k, List.copyOf(batch));
        jobsUsed += batch.size();
        submit(k, batch);
    }

    /** Cancels the arrays still running and records their trials as FAILED ("sweep stopped"). */
    public synchronized void stop() throws IOException {
        Set<JobId> arrays = arrays();
        if (!arrays.isEmpty()) cluster.cancel(arrays);
        for (Trial t : new ArrayList<>(running.values())) {
            study.fail(t, "sweep stopped");
            journal.ended(current(t), "CANCELLED");
        }
        for (List<Trial> batch : unsubmitted.values()) {
            for (Trial t : batch) {
                study.fail(t, "sweep stopped before it was submitted");
                journal.ended(current(t), "NOT_SUBMITTED");
            }
        }
        running.clear();
        directories.clear();
        unsubmitted.clear();
        toRetry.clear();
    }

    private void collect() throws IOException {
        Map<JobId, JobStatus> states = cluster.scheduler().poll(Map.copyOf(directories));
        executing = (int) running.keySet().stream()
                .map(states::get)
                .filter(s -> s != null && s.state() == JobState.RUNNING)
                .count();
        for (var e : new ArrayList<>(running.entrySet())) {
            JobStatus s = states.get(e.getKey());
            JobState state = s == null ? JobState.UNKNOWN : s.state();
            Trial t = e.getValue();
            RetryPolicy.Action action = retry.decide(state, t.attempts());
            if (action != RetryPolicy.Action.WAIT) {
                recordStarts(t);
            }
            switch (action) {
                case WAIT -> {
                    continue;
                }
                case COMPLETE -> {
                    ResultFile r = readResult(t);
                    if (r.ok()) study.tell(t, r.value());
                    else study.fail(t, r.reason());
                    journal.ended(current(t), r.ok() ? "COMPLETE" : "FAILED: " + r.reason());
                }
                case RETRY -> {
                    journal.ended(t, state.name());
                    toRetry.add(study.retry(t));
                }
                case RECORD_WORST -> {
                    study.tellWorst(t, state + " after " + t.attempts() + " attempts");
                    journal.ended(current(t), state.name());
                }
                case FAIL -> {
                    study.fail(
                            t,
                            state
                                    + s.exitCode()
                                            .map(c -> " (exit code " + c + ")")
                                            .orElse("")
                                    + (s.reason() == null || s.reason().isBlank() ? "" : ": " + s.reason()));
                    journal.ended(current(t), state.name());
                }
            }
            running.remove(e.getKey());
            directories.remove(e.getKey());
        }
    }

    /** Cancels the array tasks of the running trials the pruner stops and records them PRUNED, with its reason. */
    private void pruneEarly() throws IOException {
        Map<Trial, String> folders = new LinkedHashMap<>();
        Map<Integer, JobId> tasks = new LinkedHashMap<>();
        running.forEach((task, t) -> {
            folders.put(t, taskDir(t));
            tasks.put(t.number(), task);
        });
        var stop = early.check(cluster.transport(), sweepDir, study, folders, journal::intermediate);
        List<JobId> cancel = stop.stream()
                .map(d -> tasks.get(d.trial()))
                .filter(java.util.Objects::nonNull)
                .toList();
        if (cancel.isEmpty()) {
            return;
        }
        cluster.cancel(cancel);
        for (var d : stop) {
            JobId task = tasks.get(d.trial());
            Trial t = running.remove(task);
            directories.remove(task);
            study.prune(t, early.lastValue(t.number()), d.reason(study.space().metricName()));
            journal.ended(current(t), "PRUNED");
        }
    }

    private Trial current(Trial t) {
        return study.trial(t.number());
    }

    /** Trials the scheduler said were running at the last poll; the other unfinished ones are queued. */
    public int executing() {
        return executing;
    }

    private int finished() {
        return (int) (study.trials().size() - study.count(TrialState.RUNNING));
    }

    private int unsubmittedCount() {
        return unsubmitted.values().stream().mapToInt(List::size).sum();
    }

    private JobDirectory batchDir(int k) {
        return new JobDirectory(sweepDir + "/batch-" + k);
    }

    private void submit(int k, List<Trial> batch) throws IOException {
        JobDirectory dir = batchDir(k);
        String table = dir.path() + "/points.jsonl";
        cluster.transport().write(table, ParamsTable.render(batch).getBytes(StandardCharsets.UTF_8), 0644);
        cluster.transport()
                .write(
                        dir.path() + "/" + SWEEP_CONFIGS,
                        ParamsTable.renderSweepConfigs(batch).getBytes(StandardCharsets.UTF_8),
                        0644);
        try (java.io.InputStream in = org.hpckernel.tracking.FlowLogic.class.getResourceAsStream(
                org.hpckernel.tracking.FlowLogic.WANDB_STANDIN)) {
            cluster.transport()
                    .write(dir.path() + "/" + org.hpckernel.tracking.FlowLogic.WANDB_STANDIN, in.readAllBytes(), 0644);
        }
        JobSpec spec = definition.template().toBuilder()
                .script(script(batch))
                .array(new JobSpec.ArraySpec(
                        0, batch.size() - 1, 1, Optional.of(steering().parallelism())))
                .env("HPC_SWEEP_DIR", sweepDir)
                .env("HPC_SWEEP_POINTS", table)
                .build();
        JobId array = cluster.submit(spec, dir);
        journal.submitted(k, array);
        unsubmitted.remove(k);
        for (int i = 0; i < batch.size(); i++) {
            JobId task = JobId.of(array.value() + "_" + i);
            running.put(task, batch.get(i));
            directories.put(task, dir);
        }
    }

    /**
     * One script for the whole array: a case on the task index picks the trial's folder (and its
     * command when W&B macros make it differ per trial); its point is line i+1 of the params table.
     */
    String script(List<Trial> batch) {
        SearchSpace space = study.space();
        List<String> commands =
                batch.stream().map(t -> definition.commandFor(space, t)).toList();
        // the retry policy decides what runs again, not the scheduler's requeue: the profile's own line for it
        StringBuilder s = new StringBuilder(
                org.hpckernel.session.SchedulerKind.of(cluster.profile().scheduler())
                        .batchSystem()
                        .map(b -> b.noRequeueLine() + "\n")
                        .orElse(""));
        s.append("i=\"${HPC_ARRAY_TASK_ID:-0}\"\ncase \"$i\" in\n");
        for (int i = 0; i < batch.size(); i++) {
            Trial t = batch.get(i);
            s.append(i)
                    .append(") d=")
                    .append(taskDir(t))
                    .append(" HPC_TRIAL=")
                    .append(t.number())
                    .append(" HPC_ATTEMPT=")
                    .append(t.attempts())
                    .append(" ;;\n");
        }
        s.append("*) echo \"hpc-kernel: array task $i is not part of this batch\" >&2; exit 90 ;;\nesac\n");
        s.append("mkdir -p \"$HPC_SWEEP_DIR/$d\" && cd \"$HPC_SWEEP_DIR/$d\" || exit 90\n");
        s.append(TrialCheckpoint.scriptLines());
        s.append("printf '%s' \"$(sed -n \"$((i + 1))p\" \"$HPC_SWEEP_POINTS\")\" > params.json\n");
        s.append(
                "export HPC_TRIAL HPC_ATTEMPT HPC_TRIAL_DIR=\"$PWD\" HPCNB_RUN_DIR=\"$PWD\" HPC_PARAMS=\"$PWD/params.json\" "
                        + "HPC_RESULT=\"$PWD/result.json\" HPC_METRICS=\"$PWD/metrics.jsonl\" HPC_SUMMARY=\"$PWD/summary.json\"\n");
        // what W&B's agent gives a run (wandb_agent.py _command_run): ids, the run config file wandb.init() reads, the
        // args JSON file;
        // the run id is the trial's, kept by every attempt, as the agent keeps a preempted run's id when it
        // resumes it; the sweep's folder name in it keeps two sweeps' trial 3 apart in one W&B project
        s.append("export WANDB_SWEEP_ID=\"${HPC_SWEEP_DIR##*/}\" "
                + "WANDB_RUN_ID=\"${HPC_SWEEP_DIR##*/}-trial-$HPC_TRIAL\" WANDB_MODE=\"${WANDB_MODE:-offline}\"\n");
        s.append(
                "mkdir -p \"wandb/sweep-$WANDB_SWEEP_ID\" && export WANDB_SWEEP_PARAM_PATH=\"$PWD/wandb/sweep-$WANDB_SWEEP_ID/config-$WANDB_RUN_ID.yaml\"\n");
        s.append("sed -n \"$((i + 1))p\" \"$(dirname \"$HPC_SWEEP_POINTS\")/" + SWEEP_CONFIGS
                + "\" > \"$WANDB_SWEEP_PARAM_PATH\"\n");
        s.append("cp params.json \"" + RunCommand.ARGS_JSON_FILE + "\"\n");
        // a trial's `import wandb` gets the stand-in (which reads WANDB_SWEEP_PARAM_PATH) when the node's python has no
        // wandb
        // (a wandb/ folder in the trial's own folder imports as an empty namespace package: look for init)
        s.append(
                "if ! python3 -c 'import wandb, sys; sys.exit(0 if hasattr(wandb, \"init\") else 1)' >/dev/null 2>&1; then mkdir -p .hpc-py/wandb && cp \"$(dirname \"$HPC_SWEEP_POINTS\")/"
                        + org.hpckernel.tracking.FlowLogic.WANDB_STANDIN
                        + "\" .hpc-py/wandb/__init__.py && export PYTHONPATH=\"$PWD/.hpc-py${PYTHONPATH:+:$PYTHONPATH}\"; fi\n");
        // ${interpreter} is "python", as the agent writes it; a node with only python3 gets a python beside the trial
        s.append("command -v python >/dev/null 2>&1 || { command -v python3 >/dev/null 2>&1 && mkdir -p .hpc-bin "
                + "&& ln -sf \"$(command -v python3)\" .hpc-bin/python && PATH=\"$PWD/.hpc-bin:$PATH\"; }\n");
        if (commands.stream().distinct().count() == 1) {
            s.append(commands.get(0)).append('\n');
        } else {
            s.append("case \"$i\" in\n");
            for (int i = 0; i < commands.size(); i++)
                s.append(i).append(")\n").append(commands.get(i)).append("\n;;\n");
            s.append("esac\n");
        }
        return s.toString();
    }

    /** Beside points.jsonl: line i is task i's W&B run config file (WANDB_SWEEP_PARAM_PATH). */
    static final String SWEEP_CONFIGS = "sweep-configs.jsonl";

    static String taskDir(Trial t) {
        return "trial-" + t.number() + "-a" + t.attempts();
    }

    /** One read per ended attempt: how it started (the checkpoint folder's state, the scheduler's restarts). */
    private void recordStarts(Trial t) throws IOException {
        Optional<AttemptStarts> starts = TrialCheckpoint.read(cluster.transport(), sweepDir + "/" + taskDir(t));
        if (starts.isPresent()) {
            journal.started(t, starts.get());
        }
    }

    /** result.json in the trial's folder; summary.json (what a tracked run leaves) when there is none. */
    private ResultFile readResult(Trial t) {
        String folder = sweepDir + "/" + taskDir(t);
        String metric = study.space().metricName();
        try {
            return ResultFile.parse(read(folder + "/result.json"), metric);
        } catch (IOException noResult) {
            try {
                return ResultFile.parse(read(folder + "/summary.json"), metric);
            } catch (IOException noSummary) {
                return new ResultFile(
                        false,
                        null,
                        "the trial wrote no result.json: write {\"" + metric + "\": VALUE} to $HPC_RESULT (in "
                                + Shell.quote(folder) + ")");
            }
        }
    }

    private String read(String path) throws IOException {
        return new String(cluster.transport().read(path, 0, 1 << 20), StandardCharsets.UTF_8);
    }
}
