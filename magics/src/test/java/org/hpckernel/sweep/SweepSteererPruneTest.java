package org.hpckernel.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.hpckernel.cluster.Cluster;
import org.hpckernel.cluster.ExecResult;
import org.hpckernel.cluster.JobId;
import org.hpckernel.cluster.JobSpec;
import org.hpckernel.cluster.JobState;
import org.hpckernel.cluster.Transport;
import org.hpckernel.cluster.profile.Profile;
import org.hpckernel.ledger.Ledger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pruning in the steering loop, with the in-memory scheduler of SweepSteererTest: the batched read of the trials'
 * metrics.jsonl is the real shell command, run by bash on files in a temporary folder; a poor trial's array task
 * is cancelled and the trial recorded PRUNED with its rung and value, in the study and in the ledger.
 */
class SweepSteererPruneTest {

    /** Files in memory as in SweepSteererTest; commands run by the local bash (the sweep folder is on disk). */
    static final class BashFiles implements Transport {
        final SweepSteererTest.Files memory = new SweepSteererTest.Files();
        final List<String> commands = new ArrayList<>();

        public ExecResult exec(String command, Duration timeout) throws IOException {
            commands.add(command);
            Process p = new ProcessBuilder("bash", "-c", command).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            try {
                return new ExecResult(p.waitFor(), out, err);
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
        }

        public void write(String path, byte[] content, int mode) {
            memory.write(path, content, mode);
        }

        public byte[] read(String path, long offset, int maxBytes) throws IOException {
            return memory.read(path, offset, maxBytes);
        }

        public String home() {
            return "/home/u";
        }

        public String describe() {
            return "memory + bash";
        }

        public void close() {}
    }

    @TempDir
    Path tmp;

    Ledger ledger;
    SweepStore store;
    BashFiles fs = new BashFiles();
    SweepSteererTest.FakeScheduler sched = new SweepSteererTest.FakeScheduler();
    Cluster cluster;

    @BeforeEach
    void open() throws IOException {
        ledger = Ledger.open(tmp.resolve("ledger.db"));
        store = new SweepStore(ledger);
        cluster = new Cluster(
                new Profile(
                        "fake",
                        "localhost",
                        null,
                        null,
                        null,
                        null,
                        null,
                        "slurm",
                        tmp.toString(),
                        null,
                        null,
                        List.of()),
                fs,
                sched,
                ledger);
    }

    @AfterEach
    void close() {
        ledger.close();
    }

    private static void log(String sweepDir, int trial, String text) throws IOException {
        Path f = Path.of(sweepDir, "trial-" + trial + "-a1", "metrics.jsonl");
        Files.createDirectories(f.getParent());
        Files.writeString(
                f,
                text,
                StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
    }

    private static String rows(double... losses) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < losses.length; i++) {
            s.append("{\"_step\": ")
                    .append(i)
                    .append(", \"_timestamp\": 1.7e9, \"loss\": ")
                    .append(losses[i])
                    .append("}\n");
        }
        return s.toString();
    }

    @Test
    void aTrialBelowTheRungsCutOffIsCancelledAndPruned() throws IOException {
        String config =
                "method: random\nmetric: {name: loss, goal: minimize}\nparameters:\n  x: {min: -5.0, max: 5.0}\n"
                        + "early_terminate: {type: hyperband, min_iter: 3, eta: 3}\n";
        SweepDefinition def = new SweepDefinition(
                "sw",
                config,
                null,
                null,
                null,
                1,
                new Steering(4, 4, 4, 0, 10),
                3,
                "python3 f.py",
                JobSpec.builder().name("sw").script("unused").cpusPerTask(1).build());
        SweepStore.SweepRecord rec = store.create("fake", def, tmp.toString());
        SweepSteerer s = new SweepSteerer(def.newStudy(), def, cluster, rec.directory(), store.journal(rec.id()));
        Study study = s.study();
        String dir = rec.directory();

        s.step(); // one array of 4 tasks; nothing logged yet
        assertEquals(1, sched.submitted.size());
        log(dir, 0, rows(0.9, 0.8, 0.7));
        log(dir, 1, rows(0.5, 0.4, 0.3));
        log(dir, 2, rows(2.0, 1.9, 1.8));
        log(dir, 3, rows(0.6, 0.5) + "{\"_step\": 2, \"loss\": 5.0"); // its third line is still being written

        int before = fs.commands.size();
        s.step();
        assertEquals(1, fs.commands.size() - before, "one remote command reads every running trial's metrics");
        // band 3: the third values 0.7, 0.3, 1.8; the cut-off is the one ranked int(3/3) = 1 -> 0.7 (W&B's rule)
        assertEquals(List.of(List.of(JobId.of("101_2"))), sched.cancelled);
        Trial pruned = study.trials().get(2);
        assertEquals(TrialState.PRUNED, pruned.state());
        assertEquals(1.8, pruned.value()); // the last value it logged, as Optuna keeps for a pruned trial
        assertEquals("pruned at rung 1 (step 2): loss 1.8, cut-off 0.7", pruned.reason());
        assertEquals(TrialState.RUNNING, study.trials().get(0).state(), "0.7 is not worse than the cut-off 0.7");
        assertEquals(TrialState.RUNNING, study.trials().get(3).state(), "a line without its newline is not read yet");

        log(dir, 3, "}\n");
        s.step(); // now 0.7, 0.3, 1.8, 5.0 at band 3: int(4/3) = 1 -> 0.7 again, the pruned trial's value counts too
        assertEquals(List.of(List.of(JobId.of("101_2")), List.of(JobId.of("101_3"))), sched.cancelled);
        assertEquals(
                "pruned at rung 1 (step 2): loss 5, cut-off 0.7",
                study.trials().get(3).reason());

        // the cancelled task's state no longer matters; the two good trials finish
        sched.states.put(JobId.of("101_2"), JobState.CANCELLED);
        sched.states.put(JobId.of("101_3"), JobState.CANCELLED);
        for (int i = 0; i < 2; i++) {
            log(dir, i, "{\"_step\": 3, \"loss\": " + (0.2 + i * 0.1) + "}\n");
            sched.states.put(JobId.of("101_" + i), JobState.COMPLETED);
            fs.write(
                    dir + "/trial-" + i + "-a1/result.json",
                    ("{\"loss\": " + (0.2 + i * 0.1) + "}").getBytes(StandardCharsets.UTF_8),
                    0644);
        }
        s.step();
        assertTrue(s.done());
        assertEquals(2, study.count(TrialState.COMPLETE));
        assertEquals(2, study.count(TrialState.PRUNED));
        assertEquals(2, sched.cancelled.size(), "nothing else cancelled");

        List<SweepStore.StoredTrial> stored = store.trials(rec.id());
        assertEquals(TrialState.PRUNED, stored.get(2).state());
        assertEquals(
                "pruned at rung 1 (step 2): loss 1.8, cut-off 0.7",
                stored.get(2).reason());
        Map<Integer, java.util.SortedMap<Long, Double>> inter = store.intermediates(rec.id());
        assertEquals(
                new TreeMap<>(Map.of(0L, 0.9, 1L, 0.8, 2L, 0.7, 3L, 0.2)),
                inter.get(0),
                "the last line, read after it ended");
        assertEquals(new TreeMap<>(Map.of(0L, 0.6, 1L, 0.5, 2L, 5.0)), inter.get(3));
        assertTrue(fs.commands.get(fs.commands.size() - 1).contains("'trial-0-a1/metrics.jsonl'"));
    }

    @Test
    void withoutAPrunerNothingIsReadOrCancelled() throws IOException {
        String config =
                "method: random\nmetric: {name: loss, goal: minimize}\nparameters:\n  x: {min: -5.0, max: 5.0}\n";
        SweepDefinition def = new SweepDefinition(
                "sw",
                config,
                null,
                null,
                null,
                1,
                new Steering(2, 2, 2, 0, 4),
                3,
                "python3 f.py",
                JobSpec.builder().name("sw").script("unused").cpusPerTask(1).build());
        SweepStore.SweepRecord rec = store.create("fake", def, tmp.toString());
        SweepSteerer s = new SweepSteerer(def.newStudy(), def, cluster, rec.directory(), store.journal(rec.id()));
        s.step();
        log(rec.directory(), 0, rows(9, 9, 9, 9));
        log(rec.directory(), 1, rows(0.1, 0.1, 0.1, 0.1));
        s.step();
        assertEquals(List.of(), fs.commands);
        assertEquals(List.of(), sched.cancelled);
        assertNull(store.intermediates(rec.id()).get(0));
    }

    @Test
    void theMedianOptionPrunesAWorseTrialOnceEnoughHaveFinished() throws IOException {
        String config =
                "method: random\nmetric: {name: acc, goal: maximize}\nparameters:\n  x: {min: -5.0, max: 5.0}\n";
        SweepDefinition def = new SweepDefinition(
                "sw",
                config,
                null,
                null,
                null,
                1,
                new Steering(3, 3, 3, 0, 6),
                3,
                "python3 f.py",
                JobSpec.builder().name("sw").script("unused").cpusPerTask(1).build(),
                "median:startup=2,warmup=1");
        SweepStore.SweepRecord rec = store.create("fake", def, tmp.toString());
        SweepSteerer s = new SweepSteerer(def.newStudy(), def, cluster, rec.directory(), store.journal(rec.id()));
        Study study = s.study();
        String dir = rec.directory();
        s.step();
        for (int i = 0; i < 2; i++) {
            log(dir, i, "{\"_step\": 0, \"acc\": 0.5}\n{\"_step\": 1, \"acc\": " + (0.7 + i * 0.1) + "}\n");
            sched.states.put(JobId.of("101_" + i), JobState.COMPLETED);
            fs.write(
                    dir + "/trial-" + i + "-a1/result.json",
                    ("{\"acc\": " + (0.7 + i * 0.1) + "}").getBytes(StandardCharsets.UTF_8),
                    0644);
        }
        log(dir, 2, "{\"_step\": 0, \"acc\": 0.1}\n{\"_step\": 1, \"acc\": 0.2}\n");
        s.step();
        // step 0 is warm-up; at step 1 the best so far 0.2 is below the median 0.75 of the finished trials' 0.7 and 0.8
        assertEquals(List.of(List.of(JobId.of("101_2"))), sched.cancelled);
        assertEquals(
                "pruned at step 1: acc 0.2, cut-off 0.75", study.trials().get(2).reason());
        assertTrue(s.done());
    }
}
