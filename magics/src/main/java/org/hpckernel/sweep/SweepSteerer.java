package org.hpckernel.sweep;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hpckernel.cluster.JobDirectory;
import org.hpckernel.cluster.JobId;
import org.hpckernel.cluster.JobSpec;
import org.hpckernel.cluster.JobState;
import org.hpckernel.cluster.JobStatus;
import org.hpckernel.cluster.Scheduler;
import org.hpckernel.cluster.Shell;
import org.hpckernel.cluster.Transport;

/**
 * The steering loop, one {@link #step()} at a time (the background thread calls step on a timer):
 * poll the running array tasks in ONE scheduler call, read each finished task's result.json, tell the
 * study (retrying cluster faults per {@link RetryPolicy}), then ask the next batch per {@link Steering}
 * and submit it, retries included, as ONE job array throttled to the parallelism. Each task reads its
 * point from the staged params table by array index and runs in its own directory trial-N-aA.
 * Not yet persisted: the ledger tables (and resume after a restart) come with the cluster layer.
 */
public final class SweepSteerer {

    private final Study study;
    private final Steering steering;
    private final RetryPolicy retry;
    private final Scheduler scheduler;
    private final Transport transport;
    private final String sweepDir;
    private final JobSpec template;
    private final String command;
    private final Map<JobId, Trial> running = new LinkedHashMap<>();
    private final Map<JobId, JobDirectory> directories = new LinkedHashMap<>();  // task -> its array's directory (exit files)
    private final List<Trial> toRetry = new ArrayList<>();
    private int batches;
    private int jobsUsed;

    /** @param template resources etc. for every task; its script is replaced. command runs in the task directory. */
    public SweepSteerer(Study study, Steering steering, RetryPolicy retry, Scheduler scheduler, Transport transport,
                        String sweepDir, JobSpec template, String command) {
        this.study = study;
        this.steering = steering;
        this.retry = retry;
        this.scheduler = scheduler;
        this.transport = transport;
        this.sweepDir = sweepDir;
        this.template = template;
        this.command = command;
    }

    /** True once every point is told and nothing runs. */
    public synchronized boolean done() {
        return running.isEmpty() && toRetry.isEmpty()
                && steering.pointsToAsk(finished(), 0, jobsUsed) == 0;
    }

    public synchronized int jobsUsed() { return jobsUsed; }

    public synchronized void step() throws IOException {
        if (!running.isEmpty()) {
            Map<JobId, JobStatus> st = scheduler.poll(Map.copyOf(directories));
            for (var e : new ArrayList<>(running.entrySet())) {
                JobStatus s = st.get(e.getKey());
                JobState state = s == null ? JobState.UNKNOWN : s.state();
                Trial t = e.getValue();
                switch (retry.decide(state, t.attempts())) {
                    case WAIT -> { continue; }
                    case COMPLETE -> {
                        ResultFile r = readResult(t);
                        if (r.ok()) study.tell(t, r.value()); else study.fail(t, r.reason());
                    }
                    case RETRY -> toRetry.add(study.retry(t));
                    case RECORD_WORST -> study.tellWorst(t, state + " after " + t.attempts() + " attempts");
                    case FAIL -> study.fail(t, state + (s.exitCode().map(c -> " (exit code " + c + ")").orElse(""))
                            + (s.reason() == null || s.reason().isBlank() ? "" : ": " + s.reason()));
                }
                running.remove(e.getKey());
                directories.remove(e.getKey());
            }
        }
        List<Trial> batch = new ArrayList<>(toRetry);
        toRetry.clear();
        // retries are re-runs of points already asked: they ride along in the next array but do not hold
        // back new points; maxPoints still counts every trial asked
        int n = Math.min(steering.pointsToAsk(finished(), running.size(), jobsUsed + batch.size()),
                steering.maxPoints() - study.trials().size());
        for (int i = 0; i < n; i++) {
            try {
                batch.add(study.ask());
            } catch (java.util.NoSuchElementException exhausted) {
                break;
            }
        }
        if (!batch.isEmpty()) submit(batch);
    }

    private int finished() {
        return (int) (study.trials().size() - study.count(TrialState.RUNNING));
    }

    private void submit(List<Trial> batch) throws IOException {
        int k = batches++;
        String table = sweepDir + "/batch-" + k + ".jsonl", dirs = sweepDir + "/batch-" + k + ".dirs";
        StringBuilder dirLines = new StringBuilder();
        for (Trial t : batch) dirLines.append(taskDir(t)).append('\n');
        transport.write(table, ParamsTable.render(batch).getBytes(StandardCharsets.UTF_8), 0644);
        transport.write(dirs, dirLines.toString().getBytes(StandardCharsets.UTF_8), 0644);
        String script = ParamsTable.ARRAY_INDEX
                + "d=\"$HPC_SWEEP_DIR/$(sed -n \"$((i + 1))p\" \"$HPC_SWEEP_DIRS_FILE\")\"\n"
                + "mkdir -p \"$d\" && cd \"$d\" || exit 90\n"
                + "sed -n \"$((i + 1))p\" \"$HPC_SWEEP_PARAMS_FILE\" > params.json\n"
                + "export HPCNB_RUN_DIR=\"$PWD\"\n"
                + command + "\n";
        JobSpec spec = template.toBuilder()
                .name(template.name())
                .script(script)
                .array(new JobSpec.ArraySpec(0, batch.size() - 1, 1, Optional.of(steering.parallelism())))
                .env("HPC_SWEEP_DIR", sweepDir)
                .env("HPC_SWEEP_PARAMS_FILE", table)
                .env("HPC_SWEEP_DIRS_FILE", dirs)
                .build();
        JobDirectory dir = new JobDirectory(sweepDir + "/batch-" + k);
        JobId array = scheduler.submit(spec, dir);
        jobsUsed += batch.size();
        for (int i = 0; i < batch.size(); i++) {
            JobId task = JobId.of(array.value() + "_" + i);
            running.put(task, batch.get(i));
            directories.put(task, dir);
        }
    }

    static String taskDir(Trial t) {
        return "trial-" + t.number() + "-a" + t.attempts();
    }

    private ResultFile readResult(Trial t) {
        String path = sweepDir + "/" + taskDir(t) + "/result.json";
        try {
            byte[] b = transport.read(path, 0, 1 << 20);
            return ResultFile.parse(new String(b, StandardCharsets.UTF_8), study.space().metricName());
        } catch (IOException e) {
            return new ResultFile(false, null, "no result.json at " + Shell.quote(path) + " (" + e.getMessage() + ")");
        }
    }
}
