package org.hpckernel.sweep;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hpckernel.cluster.ExecResult;
import org.hpckernel.cluster.JobDirectory;
import org.hpckernel.cluster.JobId;
import org.hpckernel.cluster.JobSpec;
import org.hpckernel.cluster.JobState;
import org.hpckernel.cluster.JobStatus;
import org.hpckernel.cluster.Scheduler;
import org.hpckernel.cluster.Transport;
import org.junit.jupiter.api.Test;

/**
 * The steering loop against an in-memory scheduler and file system: a unit test of the bookkeeping
 * (one array per batch, throttle, retries, no point submitted twice). The cluster *IT comes with phase 2.
 */
class SweepSteererTest {

    static final class Files implements Transport {
        final Map<String, byte[]> files = new HashMap<>();
        public ExecResult exec(String command, Duration timeout) { throw new UnsupportedOperationException(); }
        public void write(String path, byte[] content, int mode) { files.put(path, content); }
        public byte[] read(String path, long offset, int maxBytes) throws IOException {
            byte[] b = files.get(path);
            if (b == null) throw new IOException("no such file " + path);
            return b;
        }
        public String home() { return "/home/u"; }
        public String describe() { return "memory"; }
        public void close() { }
        String text(String path) { return new String(files.get(path), StandardCharsets.UTF_8); }
    }

    /** Tasks finish when the test says so; states per task id. */
    static final class FakeScheduler implements Scheduler {
        final List<JobSpec> submitted = new ArrayList<>();
        final Map<JobId, JobState> states = new HashMap<>();
        int polls;
        public String name() { return "fake"; }
        public String render(JobSpec spec, JobDirectory directory) { return spec.script(); }
        public JobId submit(JobSpec spec, JobDirectory directory) {
            submitted.add(spec);
            return JobId.of(String.valueOf(100 + submitted.size()));
        }
        public Map<JobId, JobStatus> poll(Map<JobId, JobDirectory> jobs) {
            Collection<JobId> ids = jobs.keySet();
            polls++;
            Map<JobId, JobStatus> out = new HashMap<>();
            for (JobId id : ids) out.put(id, new JobStatus(id, states.getOrDefault(id, JobState.RUNNING), Optional.empty(), Optional.empty(), "", JobStatus.Source.QUEUE));
            return out;
        }
        public void cancel(Collection<JobId> ids) { }
        public LogChunk logs(JobId id, JobDirectory directory, boolean stderr, long offset) { return new LogChunk("", offset); }
    }

    @Test
    void batchesGoOutAsThrottledArraysAndClusterFaultsAreRetriedWithoutDuplicates() throws IOException {
        SearchSpace space = SearchSpace.of(new Param.Real("x", -5, 5, false, null));
        Study study = Study.create(space, Sampler.tpe(1), Goal.MINIMIZE);
        Files fs = new Files();
        FakeScheduler sched = new FakeScheduler();
        JobSpec template = JobSpec.builder().name("sw").script("unused").cpusPerTask(1).build();
        SweepSteerer s = new SweepSteerer(study, new Steering(12, 3, 5, 0, 24), RetryPolicy.phpo(), sched, fs, "/w/sw1", template, "python3 f.py");

        s.step();
        assertEquals(1, sched.submitted.size());
        JobSpec first = sched.submitted.get(0);
        assertEquals(new JobSpec.ArraySpec(0, 4, 1, Optional.of(3)), first.array().orElseThrow());
        assertEquals(5, fs.text("/w/sw1/batch-0.jsonl").lines().count());
        assertTrue(first.script().contains("python3 f.py") && first.script().contains("SLURM_ARRAY_TASK_ID"));

        s.step();   // all 5 still running: nothing new (minUnevaluatedPoints 0)
        assertEquals(1, sched.submitted.size());

        // task 0 loses its node, task 1 fails in the application, the others finish with a loss
        sched.states.put(JobId.of("101_0"), JobState.NODE_FAIL);
        sched.states.put(JobId.of("101_1"), JobState.FAILED);
        for (int i = 2; i < 5; i++) {
            sched.states.put(JobId.of("101_" + i), JobState.COMPLETED);
            fs.write("/w/sw1/trial-" + i + "-a1/result.json", ("{\"status\":0,\"loss\":" + i + "}").getBytes(StandardCharsets.UTF_8), 0644);
        }
        s.step();
        assertEquals(2, sched.submitted.size());
        List<String> rows = fs.text("/w/sw1/batch-1.jsonl").lines().toList();
        assertEquals(6, rows.size());   // the retry plus 5 new points
        assertTrue(rows.get(0).startsWith("{\"trial\":0,\"attempt\":2"), rows.get(0));   // the retry rides along in the next array
        assertEquals("trial-0-a2", fs.text("/w/sw1/batch-1.dirs").lines().findFirst().orElseThrow());
        assertEquals(TrialState.FAILED, study.trials().get(1).state());
        assertEquals(2.0, study.best().orElseThrow().value());

        // the retried trial is preempted twice more: recorded with the worst loss after 3 attempts
        sched.states.put(JobId.of("102_0"), JobState.PREEMPTED);
        s.step();
        sched.states.put(JobId.of("103_0"), JobState.PREEMPTED);
        s.step();
        assertEquals(RetryPolicy.WORST_LOSS, study.trials().get(0).value());
        assertEquals(3, study.trials().get(0).attempts());

        // finish everything; no trial/attempt pair was ever staged twice
        for (int round = 0; round < 20 && !s.done(); round++) {
            for (int b = 0; b < sched.submitted.size(); b++) {
                String table = fs.text("/w/sw1/batch-" + b + ".jsonl");
                List<String> dirs = fs.text("/w/sw1/batch-" + b + ".dirs").lines().toList();
                for (int i = 0; i < dirs.size(); i++) {
                    JobId id = JobId.of((101 + b) + "_" + i);
                    if (sched.states.containsKey(id)) continue;
                    sched.states.put(id, JobState.COMPLETED);
                    double x = ((Number) ((Map<?, ?>) ParamsTable.row(table, i).get("params")).get("x")).doubleValue();
                    fs.write("/w/sw1/" + dirs.get(i) + "/result.json", ("{\"loss\":" + x * x + "}").getBytes(StandardCharsets.UTF_8), 0644);
                }
            }
            s.step();
        }
        assertTrue(s.done());
        assertEquals(12, study.trials().size());
        assertEquals(0, study.count(TrialState.RUNNING));
        Set<String> staged = new HashSet<>();
        for (int b = 0; b < sched.submitted.size(); b++)
            for (String d : fs.text("/w/sw1/batch-" + b + ".dirs").lines().toList()) assertTrue(staged.add(d), "staged twice: " + d);
        assertTrue(s.jobsUsed() <= 24);
    }
}
