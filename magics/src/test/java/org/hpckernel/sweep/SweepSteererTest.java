package org.hpckernel.sweep;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hpckernel.cluster.Cluster;
import org.hpckernel.cluster.ExecResult;
import org.hpckernel.cluster.JobDirectory;
import org.hpckernel.cluster.JobId;
import org.hpckernel.cluster.JobSpec;
import org.hpckernel.cluster.JobState;
import org.hpckernel.cluster.JobStatus;
import org.hpckernel.cluster.Scheduler;
import org.hpckernel.cluster.Transport;
import org.hpckernel.cluster.profile.Profile;
import org.hpckernel.ledger.Ledger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The steering loop's bookkeeping against an in-memory scheduler and file system, with the real
 * ledger: one array per batch, throttle, retries, and no trial submitted twice across restarts cut
 * at every point of a submission. The loop on a real cluster is SweepOnClusterIT.
 */
class SweepSteererTest {

    static final class Files implements Transport {
        final Map<String, byte[]> files = new HashMap<>();

        public ExecResult exec(String command, Duration timeout) {
            throw new UnsupportedOperationException();
        }

        public void write(String path, byte[] content, int mode) {
            files.put(path, content);
        }

        public byte[] read(String path, long offset, int maxBytes) throws IOException {
            byte[] b = files.get(path);
            if (b == null) throw new IOException("no such file " + path);
            return b;
        }

        public String home() {
            return "/home/u";
        }

        public String describe() {
            return "memory";
        }

        public void close() {}

        String text(String path) {
            return new String(files.get(path), StandardCharsets.UTF_8);
        }
    }

    /** Tasks run until the test sets their state; a folder's receipt returns its first id, like the real schedulers. */
    static final class FakeScheduler implements Scheduler {
        final List<JobSpec> submitted = new ArrayList<>();
        final Map<String, JobId> receipts = new HashMap<>();
        final Map<JobId, JobState> states = new HashMap<>();
        final List<Collection<JobId>> cancelled = new ArrayList<>();
        int unanswered; // submissions taken whose answer is lost, as through a stalled controller

        public String name() {
            return "fake";
        }

        public String render(JobSpec spec, JobDirectory directory) {
            return spec.script();
        }

        public Submission submit(JobSpec spec, JobDirectory directory) {
            JobId id = receipts.computeIfAbsent(directory.path(), d -> {
                submitted.add(spec);
                return JobId.of(String.valueOf(100 + submitted.size()));
            });
            if (unanswered > 0) {
                unanswered--;
                throw new org.hpckernel.cluster.SubmitUncertain(
                        "sbatch: error: Socket timed out on send/recv operation");
            }
            return new Submission(id, "");
        }

        public String logFile(JobId id, JobDirectory directory, boolean stderr) {
            return directory.logs() + "/out";
        }

        public Map<JobId, JobStatus> poll(Map<JobId, JobDirectory> jobs) {
            Map<JobId, JobStatus> out = new HashMap<>();
            for (JobId id : jobs.keySet())
                out.put(
                        id,
                        new JobStatus(
                                id,
                                states.getOrDefault(id, JobState.RUNNING),
                                Optional.empty(),
                                Optional.empty(),
                                "",
                                JobStatus.Source.QUEUE));
            return out;
        }

        public void cancel(Collection<JobId> ids) {
            cancelled.add(List.copyOf(ids));
        }

        public LogChunk logs(JobId id, JobDirectory directory, boolean stderr, long offset) {
            return new LogChunk("", offset);
        }
    }

    /** A journal that dies (like a kernel killed) at one chosen point of batch 0's submission. */
    static final class DyingJournal implements SweepJournal {
        final SweepJournal inner;
        final String dieAt;

        DyingJournal(SweepJournal inner, String dieAt) {
            this.inner = inner;
            this.dieAt = dieAt;
        }

        public void planned(int batch, String directory, List<Trial> trials) throws IOException {
            inner.planned(batch, directory, trials);
            if (batch == 0 && dieAt.equals("after planned")) throw new IllegalStateException("killed");
        }

        public void submitted(int batch, JobId array) throws IOException {
            if (batch == 0 && dieAt.equals("before submitted")) throw new IllegalStateException("killed");
            inner.submitted(batch, array);
        }

        public void ended(Trial trial, String outcome) throws IOException {
            inner.ended(trial, outcome);
        }
    }

    @TempDir
    Path tmp;

    Ledger ledger;
    SweepStore store;
    Files fs = new Files();
    FakeScheduler sched = new FakeScheduler();
    Cluster cluster;

    @BeforeEach
    void open() throws IOException {
        ledger = Ledger.open(tmp.resolve("ledger.db"));
        store = new SweepStore(ledger);
        cluster = new Cluster(
                new Profile("fake", "localhost", null, null, null, null, null, "slurm", "/w", null, null, List.of()),
                fs,
                sched,
                ledger);
    }

    @AfterEach
    void close() {
        ledger.close();
    }

    static SweepDefinition definition(Steering steering, String command) {
        String config =
                "method: bayes\nmetric: {name: loss, goal: minimize}\nparameters:\n  x: {min: -5.0, max: 5.0}\n";
        return new SweepDefinition(
                "sw",
                config,
                null,
                null,
                null,
                1,
                steering,
                3,
                command,
                JobSpec.builder().name("sw").script("unused").cpusPerTask(1).build());
    }

    /** Completes every submitted task that has no state yet, with loss x^2 read from its own params-table line. */
    void finishEverything(String sweepDir) {
        for (int b = 0; b < sched.submitted.size(); b++) {
            String array = String.valueOf(101 + b);
            JobDirectory dir = sched.receipts.entrySet().stream()
                    .filter(e -> e.getValue().value().equals(array))
                    .map(e -> new JobDirectory(e.getKey()))
                    .findFirst()
                    .orElseThrow();
            String table = fs.text(dir.path() + "/points.jsonl");
            String script = sched.submitted.get(b).script();
            List<String> dirs = script.lines()
                    .filter(l -> l.matches("\\d+\\) d=.*"))
                    .map(l -> l.replaceAll("^\\d+\\) d=(\\S+).*", "$1"))
                    .toList();
            for (int i = 0; i < dirs.size(); i++) {
                JobId id = JobId.of((101 + b) + "_" + i);
                if (sched.states.containsKey(id)) continue;
                sched.states.put(id, JobState.COMPLETED);
                double x = ((Number) ParamsTable.row(table, i).get("x")).doubleValue();
                fs.write(
                        sweepDir + "/" + dirs.get(i) + "/result.json",
                        ("{\"loss\":" + x * x + "}").getBytes(StandardCharsets.UTF_8),
                        0644);
            }
        }
    }

    @Test
    void batchesGoOutAsThrottledArraysAndClusterFaultsAreRetriedWithoutDuplicates() throws IOException {
        SweepDefinition def = definition(new Steering(12, 3, 5, 0, 24), "python3 f.py");
        SweepStore.SweepRecord rec = store.create("fake", def, "/w");
        SweepSteerer s = new SweepSteerer(def.newStudy(), def, cluster, rec.directory(), store.journal(rec.id()));
        Study study = s.study();

        s.step();
        assertEquals(1, sched.submitted.size());
        JobSpec first = sched.submitted.get(0);
        assertEquals(
                new JobSpec.ArraySpec(0, 4, 1, Optional.of(3)), first.array().orElseThrow());
        assertEquals(
                5, fs.text(rec.directory() + "/batch-0/points.jsonl").lines().count());
        assertTrue(
                first.script().contains("python3 f.py") && first.script().contains("#SBATCH --no-requeue"),
                first.script());
        assertEquals(
                List.of(new SweepStore.StoredBatch(0, rec.directory() + "/batch-0", "101")), store.batches(rec.id()));

        s.step(); // all 5 still running: nothing new (minUnevaluatedPoints 0)
        assertEquals(1, sched.submitted.size());

        // task 0 loses its node, task 1 fails in the application, the others finish with a loss
        sched.states.put(JobId.of("101_0"), JobState.NODE_FAIL);
        sched.states.put(JobId.of("101_1"), JobState.FAILED);
        for (int i = 2; i < 5; i++) {
            sched.states.put(JobId.of("101_" + i), JobState.COMPLETED);
            fs.write(
                    rec.directory() + "/trial-" + i + "-a1/result.json",
                    ("{\"status\":0,\"loss\":" + i + "}").getBytes(StandardCharsets.UTF_8),
                    0644);
        }
        s.step();
        assertEquals(2, sched.submitted.size());
        assertEquals(
                6, fs.text(rec.directory() + "/batch-1/points.jsonl").lines().count()); // the retry plus 5 new points
        assertTrue(
                sched.submitted.get(1).script().contains("0) d=trial-0-a2 HPC_TRIAL=0 HPC_ATTEMPT=2"),
                "the retry rides along in the next array");
        assertEquals(TrialState.FAILED, study.trials().get(1).state());
        assertEquals(2.0, study.best().orElseThrow().value());

        // the retried trial is preempted twice more: recorded with the worst loss after 3 attempts
        sched.states.put(JobId.of("102_0"), JobState.PREEMPTED);
        s.step();
        sched.states.put(JobId.of("103_0"), JobState.PREEMPTED);
        s.step();
        assertEquals(RetryPolicy.WORST_LOSS, study.trials().get(0).value());
        assertEquals(3, study.trials().get(0).attempts());
        assertEquals(
                List.of(
                        new SweepStore.StoredAttempt(0, 1, "NODE_FAIL"),
                        new SweepStore.StoredAttempt(0, 2, "PREEMPTED"),
                        new SweepStore.StoredAttempt(0, 3, "PREEMPTED")),
                store.attempts(rec.id()).stream().filter(a -> a.number() == 0).toList());

        for (int round = 0; round < 20 && !s.done(); round++) {
            finishEverything(rec.directory());
            s.step();
        }
        assertTrue(s.done());
        assertEquals(12, study.trials().size());
        assertEquals(0, study.count(TrialState.RUNNING));
        Set<String> staged = new HashSet<>();
        for (JobSpec spec : sched.submitted)
            for (String line :
                    spec.script().lines().filter(l -> l.matches("\\d+\\) d=.*")).toList())
                assertTrue(staged.add(line.replaceAll("^\\d+\\) ", "")), "staged twice: " + line);
        assertTrue(s.jobsUsed() <= 24);
        // the ledger holds what the study holds
        List<SweepStore.StoredTrial> stored = store.trials(rec.id());
        assertEquals(12, stored.size());
        for (Trial t : study.trials()) {
            assertEquals(t.state(), stored.get(t.number()).state());
            assertEquals(t.value(), stored.get(t.number()).value());
        }
    }

    @Test
    void aRestartCutAnywhereInASubmissionNeverSubmitsATrialTwice() throws IOException {
        for (String dieAt : List.of("after planned", "before submitted")) {
            sched = new FakeScheduler();
            cluster = new Cluster(
                    new Profile(
                            "fake", "localhost", null, null, null, null, null, "slurm", "/w", null, null, List.of()),
                    fs,
                    sched,
                    ledger);
            SweepDefinition def = definition(new Steering(8, 4, 4, 0, 16), "python3 f.py");
            SweepStore.SweepRecord rec = store.create("fake", def, "/w");
            SweepSteerer dying = new SweepSteerer(
                    def.newStudy(), def, cluster, rec.directory(), new DyingJournal(store.journal(rec.id()), dieAt));
            assertThrows(IllegalStateException.class, dying::step, dieAt);
            assertEquals(dieAt.equals("after planned") ? 0 : 1, sched.submitted.size(), dieAt);

            // a new kernel: the study comes back from the ledger, the batch goes to the same folder
            Study restored = Sweeps.restore(def, store.trials(rec.id()));
            assertEquals(4, restored.trials().size(), dieAt);
            SweepSteerer resumed = SweepSteerer.resume(
                    restored,
                    def,
                    cluster,
                    rec.directory(),
                    store.journal(rec.id()),
                    store.trials(rec.id()),
                    store.batches(rec.id()));
            resumed.step();
            assertEquals(1, sched.submitted.size(), dieAt + ": batch 0 went to the scheduler once");
            assertEquals("101", store.batches(rec.id()).get(0).jobId(), dieAt);
            for (int round = 0; round < 10 && !resumed.done(); round++) {
                finishEverything(rec.directory());
                resumed.step();
            }
            assertTrue(resumed.done(), dieAt);
            assertEquals(2, sched.submitted.size(), dieAt);
            assertEquals(
                    8,
                    store.trials(rec.id()).stream()
                            .filter(t -> t.state() == TrialState.COMPLETE)
                            .count(),
                    dieAt);
        }
    }

    @Test
    void aBatchWhoseAnswerWasLostIsAskedAgainIntoItsFolderAndRunsOnce() throws IOException {
        SweepDefinition def = definition(new Steering(6, 3, 3, 0, 12), "python3 f.py");
        SweepStore.SweepRecord rec = store.create("fake", def, "/w");
        SweepSteerer s = new SweepSteerer(def.newStudy(), def, cluster, rec.directory(), store.journal(rec.id()));
        sched.unanswered = 2;
        assertThrows(org.hpckernel.cluster.SubmitUncertain.class, s::step);
        assertThrows(org.hpckernel.cluster.SubmitUncertain.class, s::step, "asked again, still no answer");
        assertEquals(1, store.batches(rec.id()).size(), "no new batch while the first is unanswered");
        s.step();
        assertEquals(
                List.of(new SweepStore.StoredBatch(0, rec.directory() + "/batch-0", "101")), store.batches(rec.id()));
        for (int round = 0; round < 10 && !s.done(); round++) {
            finishEverything(rec.directory());
            s.step();
        }
        assertTrue(s.done());
        assertEquals(2, sched.submitted.size(), "each batch reached the scheduler once");
        assertEquals(
                6,
                store.trials(rec.id()).stream()
                        .filter(t -> t.state() == TrialState.COMPLETE)
                        .count());
    }

    @Test
    void resumingPicksUpRunningTasksAndStopCancelsThem() throws IOException {
        SweepDefinition def = definition(new Steering(6, 3, 3, 0, 12), "python3 f.py");
        SweepStore.SweepRecord rec = store.create("fake", def, "/w");
        SweepSteerer s = new SweepSteerer(def.newStudy(), def, cluster, rec.directory(), store.journal(rec.id()));
        s.step();
        sched.states.put(JobId.of("101_1"), JobState.COMPLETED);
        fs.write(rec.directory() + "/trial-1-a1/result.json", "{\"loss\": 0.5}".getBytes(StandardCharsets.UTF_8), 0644);

        // the kernel restarts while tasks 0 and 2 run and task 1 has finished unseen
        SweepSteerer resumed = SweepSteerer.resume(
                Sweeps.restore(def, store.trials(rec.id())),
                def,
                cluster,
                rec.directory(),
                store.journal(rec.id()),
                store.trials(rec.id()),
                store.batches(rec.id()));
        assertEquals(Set.of(JobId.of("101")), resumed.arrays());
        resumed.step();
        assertEquals(0.5, resumed.study().trials().get(1).value());
        assertEquals(1, sched.submitted.size(), "nothing new while tasks 0 and 2 run");
        resumed.stop();
        assertEquals(List.of(List.of(JobId.of("101"))), sched.cancelled);
        assertEquals(
                List.of(TrialState.FAILED, TrialState.COMPLETE, TrialState.FAILED),
                store.trials(rec.id()).stream()
                        .map(SweepStore.StoredTrial::state)
                        .toList());
        assertEquals("sweep stopped", store.trials(rec.id()).get(0).reason());
    }

    @Test
    void restoredPointsHaveEachParametersJavaType() throws IOException {
        String config =
                "method: random\nparameters:\n  lr: {min: 0.001, max: 0.1}\n  depth: {min: 2, max: 9}\n  act: {values: [relu, tanh]}\n"
                        + "  width: {values: [32, 64]}\n";
        SweepDefinition def = new SweepDefinition(
                "types",
                config,
                null,
                null,
                null,
                7,
                Steering.of(2, 2),
                3,
                "true",
                JobSpec.builder().name("t").script("x").build());
        SweepStore.SweepRecord rec = store.create("fake", def, "/w");
        SweepSteerer s = new SweepSteerer(def.newStudy(), def, cluster, rec.directory(), store.journal(rec.id()));
        s.step();
        Study restored = Sweeps.restore(store.sweep(rec.id()).orElseThrow().definition(), store.trials(rec.id()));
        assertEquals(
                s.study().trials().get(0).params(), restored.trials().get(0).params());
        assertInstanceOf(Long.class, restored.trials().get(0).get("depth"));
        assertInstanceOf(Double.class, restored.trials().get(0).get("lr"));
    }

    @Test
    void theArrayScriptGivesEachTaskItsPointAndHostileValuesStayData(@TempDir Path work) throws Exception {
        String config =
                "method: grid\nparameters:\n  name: {values: [\"$(touch pwned)\", \"a'b\\\"c\", \"x\\ny\"]}\n  n: {value: 3}\n";
        SweepDefinition def = new SweepDefinition(
                "hostile",
                config,
                null,
                null,
                null,
                1,
                Steering.of(3, 3),
                3,
                "printf '%s|' ${args} > args.txt",
                JobSpec.builder().name("h").script("x").build());
        SweepStore.SweepRecord rec = store.create("fake", def, work.toString());
        SweepSteerer s = new SweepSteerer(def.newStudy(), def, cluster, rec.directory(), store.journal(rec.id()));
        s.step();
        String script = sched.submitted.get(0).script();
        java.nio.file.Files.createDirectories(Path.of(rec.directory(), "batch-0"));
        java.nio.file.Files.write(
                Path.of(rec.directory(), "batch-0", "points.jsonl"),
                fs.files.get(rec.directory() + "/batch-0/points.jsonl"));
        // run each task as the scheduler would: the index and the two variables the array sets
        for (int i = 0; i < 3; i++) {
            ProcessBuilder pb = new ProcessBuilder("bash", "-c", script)
                    .directory(work.toFile())
                    .redirectErrorStream(true);
            pb.environment().put("HPC_ARRAY_TASK_ID", String.valueOf(i));
            pb.environment().put("HPC_SWEEP_DIR", rec.directory());
            pb.environment().put("HPC_SWEEP_POINTS", rec.directory() + "/batch-0/points.jsonl");
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.waitFor(), out);
            Trial t = s.study().trials().get(i);
            Path dir = Path.of(rec.directory(), "trial-" + i + "-a1");
            assertEquals(
                    "--n=3|--name=" + t.get("name") + "|",
                    java.nio.file.Files.readString(dir.resolve("args.txt"))); // sorted, as W&B
            Map<String, Object> expected = new LinkedHashMap<>();
            expected.put("name", t.get("name"));
            expected.put("n", 3);
            assertEquals(expected, ParamsTable.row(java.nio.file.Files.readString(dir.resolve("params.json")), 0));
        }
        assertFalse(java.nio.file.Files.exists(work.resolve("pwned")));
        try (var files = java.nio.file.Files.walk(work)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().equals("pwned")));
        }
    }

    @Test
    void aTrialsWandbConfigHoldsItsPointThroughWandbSweepParamPath(@TempDir Path work) throws Exception {
        // the documented pattern: wandb.init(); wandb.config.lr (the agent sets WANDB_SWEEP_PARAM_PATH, wandb_agent.py)
        String config =
                "method: grid\nparameters:\n  lr: {values: [0.0001, 0.01]}\n  opt: {parameters: {name: {value: adam}}}\n";
        String py =
                "import wandb; r = wandb.init(config={'lr': 1.0, 'epochs': 3}); print(r.config['lr'], wandb.config.opt['name'], r.config['epochs'], sep='|')";
        SweepDefinition def = new SweepDefinition(
                "cfg",
                config,
                null,
                null,
                null,
                1,
                Steering.of(2, 2),
                3,
                "python3 -c \"" + py + "\" > out.txt",
                JobSpec.builder().name("c").script("x").build());
        SweepStore.SweepRecord rec = store.create("fake", def, work.toString());
        SweepSteerer s = new SweepSteerer(def.newStudy(), def, cluster, rec.directory(), store.journal(rec.id()));
        s.step();
        String script = sched.submitted.get(0).script();
        Path batch = java.nio.file.Files.createDirectories(Path.of(rec.directory(), "batch-0"));
        for (String f : List.of("points.jsonl", "sweep-configs.jsonl", "hpc_wandb_standin.py"))
            java.nio.file.Files.write(batch.resolve(f), fs.files.get(rec.directory() + "/batch-0/" + f));
        for (int i = 0; i < 2; i++) {
            ProcessBuilder pb = new ProcessBuilder("bash", "-c", script)
                    .directory(work.toFile())
                    .redirectErrorStream(true);
            pb.environment().put("HPC_ARRAY_TASK_ID", String.valueOf(i));
            pb.environment().put("HPC_SWEEP_DIR", rec.directory());
            pb.environment()
                    .put("HPC_SWEEP_POINTS", batch.resolve("points.jsonl").toString());
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.waitFor(), out);
            Path dir = Path.of(rec.directory(), "trial-" + i + "-a1");
            String lr = PyValue.str(s.study().trials().get(i).get("lr"));
            assertEquals(
                    lr + "|adam|3\n",
                    java.nio.file.Files.readString(dir.resolve("out.txt")),
                    "the sweep's value wins over init's config");
        }
    }
}
