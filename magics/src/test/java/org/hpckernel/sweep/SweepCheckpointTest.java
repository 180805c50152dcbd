package org.hpckernel.sweep;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
 * HPC_CHECKPOINT_DIR across a trial's attempts, with the steering loop's fake scheduler and the array
 * script run for real by bash on this machine's disk: a trial killed after a few steps (NODE_FAIL, so our
 * retry with attempt+1; or the scheduler's own requeue of the same attempt) resumes from its saved step.
 * On the localhost Slurm: SweepCheckpointIT.
 */
class SweepCheckpointTest {

    /**
     * The trial: resumes from the step saved in its checkpoint folder, counts to 6 saving each step, and reports
     * the step it started from as its loss. STOP_AT (set by the test) ends it after that step, as a dying node would.
     */
    static final String PROGRAM = "s=0; [ -f \"$HPC_CHECKPOINT_DIR/step\" ] && s=$(cat \"$HPC_CHECKPOINT_DIR/step\"); "
            + "start=$s; "
            + "echo \"$s\" >> \"$HPC_CHECKPOINT_DIR/starts\"; echo \"$HPC_CHECKPOINT_DIR\" > ckpt-dir.txt; "
            + "python3 -c 'import wandb; print(wandb.init().resumed)' > resumed.txt; "
            + "echo \"$WANDB_RUN_ID ${WANDB_RESUME:-unset}\" > wandb-env.txt; "
            + "while [ \"$s\" -lt 6 ]; do s=$((s + 1)); echo \"$s\" > \"$HPC_CHECKPOINT_DIR/step\"; "
            + "if [ \"$s\" = \"${STOP_AT:-}\" ]; then exit 143; fi; done; "
            + "printf '{\"loss\": %s}' \"$start\" > \"$HPC_RESULT\"";

    /** The in-memory scheduler of SweepSteererTest over this machine's disk, where bash runs the scripts. */
    static final class Disk implements Transport {
        public ExecResult exec(String command, Duration timeout) {
            throw new UnsupportedOperationException();
        }

        public void write(String path, byte[] content, int mode) throws IOException {
            Files.createDirectories(Path.of(path).getParent());
            Files.write(Path.of(path), content);
        }

        public byte[] read(String path, long offset, int maxBytes) throws IOException {
            try {
                return Files.readAllBytes(Path.of(path));
            } catch (NoSuchFileException e) {
                throw new IOException("no such file " + path, e);
            }
        }

        public String home() {
            return "/nonexistent";
        }

        public String describe() {
            return "disk";
        }

        public void close() {}
    }

    @TempDir
    Path tmp;

    Ledger ledger;
    SweepStore store;
    final SweepSteererTest.FakeScheduler sched = new SweepSteererTest.FakeScheduler();
    Cluster cluster;
    Path work;

    @BeforeEach
    void open() throws IOException {
        ledger = Ledger.open(tmp.resolve("ledger.db"));
        store = new SweepStore(ledger);
        Profile profile =
                new Profile("fake", "localhost", null, null, null, null, null, "slurm", "/w", null, null, List.of());
        cluster = new Cluster(profile, new Disk(), sched, ledger);
        // a work root a shell would split or run if a path reached it unquoted
        work = Files.createDirectories(tmp.resolve("work $(touch pwned) 'q"));
    }

    @AfterEach
    void close() {
        ledger.close();
    }

    SweepDefinition definition(String name) {
        return new SweepDefinition(
                name,
                "[[\"x\", 0.0, 1.0]]",
                "random",
                null,
                null,
                3,
                Steering.of(1, 1),
                3,
                PROGRAM,
                JobSpec.builder().name(name).script("x").build());
    }

    /** Runs task 0 of batch {@code batch} as the scheduler would start it; its exit code. */
    int runTask(String sweepDir, int batch, String stopAt) throws Exception {
        String script = sched.submitted.get(batch).script();
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", script)
                .directory(work.toFile())
                .redirectErrorStream(true);
        pb.environment().put("HPC_ARRAY_TASK_ID", "0");
        pb.environment().put("HPC_SWEEP_DIR", sweepDir);
        pb.environment().put("HPC_SWEEP_POINTS", sweepDir + "/batch-" + batch + "/points.jsonl");
        pb.environment().remove("PYTHONPATH");
        if (stopAt != null) {
            pb.environment().put("STOP_AT", stopAt);
        }
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int code = p.waitFor();
        assertTrue(code == 0 || code == 143, out);
        return code;
    }

    static String text(Path p) throws IOException {
        return Files.readString(p, StandardCharsets.UTF_8);
    }

    @Test
    void aTrialWhoseNodeFailsRunsAgainWithTheSameCheckpointFolderAndResumesFromItsStep() throws Exception {
        SweepDefinition def = definition("nodefail");
        SweepStore.SweepRecord rec = store.create("fake", def, work.toString());
        SweepSteerer s = new SweepSteerer(def.newStudy(), def, cluster, rec.directory(), store.journal(rec.id()));
        s.step();
        assertEquals(143, runTask(rec.directory(), 0, "3"), "attempt 1 dies after saving step 3");
        sched.states.put(JobId.of("101_0"), JobState.NODE_FAIL);
        s.step(); // collects NODE_FAIL, submits attempt 2 in batch 1
        assertEquals(2, sched.submitted.size());
        assertEquals(0, runTask(rec.directory(), 1, null));
        sched.states.put(JobId.of("102_0"), JobState.COMPLETED);
        s.step();

        Trial t = s.study().trials().get(0);
        assertEquals(TrialState.COMPLETE, t.state(), s.study().results().printAll());
        assertEquals(2, t.attempts());
        assertEquals(3.0, t.value(), "attempt 2 started from the step attempt 1 saved, not from 0");
        Path sweep = Path.of(rec.directory());
        String checkpoint = rec.directory() + "/checkpoints/trial-0";
        assertEquals(checkpoint + "\n", text(sweep.resolve("trial-0-a1/ckpt-dir.txt")));
        assertEquals(checkpoint + "\n", text(sweep.resolve("trial-0-a2/ckpt-dir.txt")), "one folder for every attempt");
        assertEquals("0\n3\n", text(Path.of(checkpoint, "starts")));
        assertEquals("False\n", text(sweep.resolve("trial-0-a1/resumed.txt")), "the wandb stand-in's run.resumed");
        assertEquals("True\n", text(sweep.resolve("trial-0-a2/resumed.txt")));
        String runId = sweep.getFileName() + "-trial-0"; // the sweep's folder name and the trial, for every attempt
        assertEquals(runId + " unset\n", text(sweep.resolve("trial-0-a1/wandb-env.txt")));
        assertEquals(
                runId + " allow\n", text(sweep.resolve("trial-0-a2/wandb-env.txt")), "W&B continues the trial's run");
        assertEquals(
                List.of(
                        new AttemptStartStore.Stored(0, 1, new AttemptStarts(List.of(false))),
                        new AttemptStartStore.Stored(0, 2, new AttemptStarts(List.of(true)))),
                store.starts().of(rec.id()));
        List<SweepStore.StoredAttempt> attempts = store.attempts(rec.id());
        assertTrue(attempts.contains(new SweepStore.StoredAttempt(0, 1, "NODE_FAIL")), attempts.toString());
        String lines = CheckpointLines.of(store.starts().of(rec.id()), rec.directory());
        assertTrue(lines.startsWith("checkpoints: 1 of 1 trial resumed from one"), lines);
        assertTrue(
                lines.contains("  trial 0: attempt 1 started without a checkpoint; "
                        + "attempt 2 resumed from its checkpoint\n"),
                lines);
        assertFalse(Files.exists(tmp.resolve("pwned")) || Files.exists(work.resolve("pwned")));
    }

    @Test
    void anAttemptTheSchedulerRequeuesResumesInTheSameAttemptAndIsSubmittedOnce() throws Exception {
        SweepDefinition def = definition("requeue");
        SweepStore.SweepRecord rec = store.create("fake", def, work.toString());
        SweepSteerer s = new SweepSteerer(def.newStudy(), def, cluster, rec.directory(), store.journal(rec.id()));
        s.step();
        assertEquals(143, runTask(rec.directory(), 0, "2"), "killed after step 2 by the requeue");
        s.step(); // the queue shows the task again (RUNNING in the fake): nothing to collect, nothing to submit
        assertEquals(1, sched.submitted.size());
        assertEquals(0, runTask(rec.directory(), 0, null), "Slurm starts the same task again");
        sched.states.put(JobId.of("101_0"), JobState.COMPLETED);
        s.step();

        Trial t = s.study().trials().get(0);
        assertEquals(TrialState.COMPLETE, t.state(), s.study().results().printAll());
        assertEquals(1, t.attempts(), "the scheduler's restart is not one of our attempts");
        assertEquals(2.0, t.value());
        assertEquals(1, sched.submitted.size(), "submitted once");
        AttemptStarts starts = store.starts().of(rec.id()).get(0).starts();
        assertEquals(List.of(false, true), starts.withCheckpoint());
        String lines = CheckpointLines.of(store.starts().of(rec.id()), rec.directory());
        assertTrue(
                lines.contains("  trial 0: attempt 1 started 2 times (the scheduler requeued it): "
                        + "without a checkpoint, then from its checkpoint\n"),
                lines);
    }

    @Test
    void everyTaskOfTheArrayExportsItsTrialsCheckpointFolder() throws IOException {
        SweepDefinition def = new SweepDefinition(
                "three",
                "[[\"x\", 0.0, 1.0]]",
                "random",
                null,
                null,
                3,
                Steering.of(3, 3),
                3,
                "true",
                JobSpec.builder().name("three").script("x").build());
        SweepStore.SweepRecord rec = store.create("fake", def, work.toString());
        SweepSteerer s = new SweepSteerer(def.newStudy(), def, cluster, rec.directory(), store.journal(rec.id()));
        s.step();
        String script = sched.submitted.get(0).script();
        int export = script.indexOf("export HPC_CHECKPOINT_DIR=\"${PWD%/*}/checkpoints/trial-$HPC_TRIAL\"\n");
        assertTrue(
                export > script.indexOf("cd \"$HPC_SWEEP_DIR/$d\""),
                "derived in the attempt folder, whose parent is the sweep's: " + script);
        assertTrue(export < script.lastIndexOf("\ntrue\n"), "before the trial's command");
        assertEquals(1, script.split("HPC_CHECKPOINT_DIR=", -1).length - 1, "one line for the whole array");
    }

    @Test
    void theStartFileReadsOneEntryPerStart() {
        assertEquals(
                List.of(false, true, true),
                AttemptStarts.parse("fresh 2026-11-29T22:00:00Z\n"
                                + "resumed 2026-11-29T22:05:00Z\nresumed 2026-11-29T22:09:00Z\n")
                        .withCheckpoint());
        AttemptStarts two = new AttemptStarts(List.of(false, true));
        assertEquals(two, AttemptStarts.ofWords(two.words()));
        assertEquals("never started", AttemptStarts.parse("").describe());
    }
}
