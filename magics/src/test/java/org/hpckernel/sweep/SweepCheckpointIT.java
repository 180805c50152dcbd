package org.hpckernel.sweep;

import static org.hpckernel.cluster.TestCluster.env;
import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.hpckernel.cluster.Cluster;
import org.hpckernel.cluster.JobSpec;
import org.hpckernel.cluster.profile.ProfileStore;
import org.hpckernel.ledger.Ledger;
import org.hpckernel.magic.CommandMagic;
import org.hpckernel.magic.LiveDisplay;
import org.hpckernel.magic.MagicCall;
import org.hpckernel.magic.MagicContext;
import org.hpckernel.magic.hpc.HpcMagic;
import org.hpckernel.session.Hpc;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A sweep trial on the localhost Slurm cluster (install/test-cluster.sh up) that saves a step counter in
 * HPC_CHECKPOINT_DIR, killed mid-run by {@code scontrol requeue}: it must start again from its saved step.
 * The shared node is never set DOWN (other tests run on it): the NODE_FAIL path, our retry with attempt+1 and
 * the same folder, is SweepCheckpointTest's, and SweepOnClusterIT's node-DOWN test covers the retry itself.
 */
class SweepCheckpointIT {

    /** Resumes from its saved step, counts to 30 a step a second, reports the step it last started from as its loss. */
    static final String PROGRAM = "s=0; [ -f \"$HPC_CHECKPOINT_DIR/step\" ] && s=$(cat \"$HPC_CHECKPOINT_DIR/step\"); "
            + "start=$s; "
            + "echo \"$s\" >> \"$HPC_CHECKPOINT_DIR/starts\"; "
            + "while [ \"$s\" -lt 30 ]; do sleep 1; s=$((s + 1)); echo \"$s\" > \"$HPC_CHECKPOINT_DIR/step.tmp\" "
            + "&& mv \"$HPC_CHECKPOINT_DIR/step.tmp\" \"$HPC_CHECKPOINT_DIR/step\"; done; "
            + "printf '{\"loss\": %s}' \"$start\" > \"$HPC_RESULT\"";

    Path home;
    Hpc hpc;
    final String runTag = Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);

    @BeforeEach
    void session() throws IOException {
        home = Files.createTempDirectory("hpc-checkpoint-it");
        Path profiles = home.resolve("profiles.yaml");
        Files.writeString(
                profiles,
                "current: it\nprofiles:\n- name: it\n  host: \"" + env("HPC_SSH_HOST") + "\"\n"
                        + "  port: " + env("HPC_SSH_PORT") + "\n  user: \"" + env("HPC_SSH_USER") + "\"\n"
                        + "  key: \"" + env("HPC_SSH_KEY") + "\"\n  knownHosts: \"" + env("HPC_SSH_KNOWN_HOSTS")
                        + "\"\n"
                        + "  scheduler: slurm\n  workdir: \"~/hpc-kernel-it\"\n");
        hpc = new Hpc(new ProfileStore(profiles), Ledger.open(home.resolve("ledger.db")));
    }

    @AfterEach
    void close() {
        hpc.close();
    }

    final MagicContext context = new MagicContext() {
        public LiveDisplay show(Object value) {
            return u -> {};
        }

        public void print(String text) {}

        public String ask(String prompt, boolean secret) {
            return null;
        }

        public Path workingDirectory() {
            return Path.of("").toAbsolutePath();
        }
    };

    /** scontrol beside slurmctld (the tests run as root there): exit code, and its output for messages. */
    static ProcessResult scontrol(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("scontrol"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new ProcessResult(p.waitFor(), out);
    }

    record ProcessResult(int code, String output) {}

    static int step(Cluster cluster, String file) {
        try {
            String text = new String(cluster.transport().read(file, 0, 64), StandardCharsets.UTF_8).strip();
            return text.isEmpty() ? 0 : Integer.parseInt(text);
        } catch (IOException | NumberFormatException notYet) {
            return 0;
        }
    }

    /** The step each run of the trial started from, one line per run. */
    static List<String> starts(Cluster cluster, String checkpoint) throws IOException {
        byte[] text = cluster.transport().read(checkpoint + "/starts", 0, 256);
        return new String(text, StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void aTrialKilledByScontrolRequeueStartsAgainFromItsSavedStep() throws Exception {
        Cluster cluster = hpc.cluster("it");
        String name = "ckpt-" + runTag;
        SweepDefinition def = new SweepDefinition(
                name,
                "[[\"x\", 0.0, 1.0]]",
                "random",
                null,
                null,
                3,
                Steering.of(1, 1),
                3,
                PROGRAM,
                JobSpec.builder()
                        .name(name)
                        .script("x")
                        .timeLimit(Duration.ofMinutes(5))
                        .build());
        SweepRun run = Sweeps.of(hpc).start(cluster, def);
        String checkpoint = Sweeps.of(hpc).record(run.id()).directory() + "/checkpoints/trial-0";
        SweepOnClusterIT.until(
                "the trial to save step 3", Duration.ofSeconds(120), () -> step(cluster, checkpoint + "/step") >= 3);
        String task = Sweeps.of(hpc).store().batches(run.id()).get(0).jobId() + "_0";

        // sweep arrays carry --no-requeue (our retry policy owns cluster faults): Slurm refuses a plain requeue
        ProcessResult refused = scontrol("requeue", task);
        assertNotEquals(0, refused.code(), refused.output());
        assertTrue(refused.output().contains("disabled"), refused.output());
        // an administrator who requeues anyway makes the job requeueable first; Slurm then kills the running task
        assertEquals(0, scontrol("update", "JobId=" + task, "Requeue=1").code());
        String node = new String(
                        new ProcessBuilder("squeue", "-h", "-j", task, "-o", "%N")
                                .redirectErrorStream(true)
                                .start()
                                .getInputStream()
                                .readAllBytes(),
                        StandardCharsets.UTF_8)
                .strip();
        int saved = step(cluster, checkpoint + "/step");
        ProcessResult requeued = scontrol("requeue", task);
        assertEquals(0, requeued.code(), requeued.output());
        // a requeued batch job waits about two minutes (its BeginTime) because the node it ran on refuses the
        // job's revoked credential until then ("Job credential revoked"): start it now, on the other node
        SweepOnClusterIT.until("the requeued task to start again", Duration.ofSeconds(180), () -> {
            try {
                // one update: a start now on the same node would be refused ("Job credential revoked")
                if (node.isEmpty()) {
                    scontrol("update", "JobId=" + task, "StartTime=now");
                } else {
                    scontrol("update", "JobId=" + task, "ExcNodeList=" + node, "StartTime=now");
                }
                return starts(cluster, checkpoint).size() >= 2;
            } catch (IOException | InterruptedException e) {
                return false;
            }
        });

        assertTrue(run.await(Duration.ofSeconds(300)), run.progress().line());
        Study study = run.study();
        Trial t = study.trials().get(0);
        assertEquals(TrialState.COMPLETE, t.state(), study.results().printAll());
        assertTrue(
                t.value() >= saved && saved >= 3,
                "started again from step " + t.value() + ", not 0; step " + saved + " was saved at the requeue");
        assertEquals(List.of("0", String.valueOf(t.value().intValue())), starts(cluster, checkpoint));
        assertEquals(1, t.attempts(), "the scheduler's requeue is not one of our attempts");
        assertEquals(
                List.of(new SweepStore.StoredAttempt(0, 1, "COMPLETE")),
                Sweeps.of(hpc).store().attempts(run.id()));
        assertEquals(
                List.of(new AttemptStartStore.Stored(0, 1, new AttemptStarts(List.of(false, true)))),
                Sweeps.of(hpc).store().starts().of(run.id()));
        assertEquals(
                1, cluster.history().stream().filter(j -> j.name().equals(name)).count(), "one array submitted");
        assertEquals(
                1, SweepOnClusterIT.accountedTasks(cluster, name, 1).size(), "one task: Slurm ran the same task again");

        CommandMagic magic = HpcMagic.create(() -> hpc);
        MagicCall call = MagicCall.line("hpc", List.of("sweep", "status", String.valueOf(run.id())));
        String status = magic.run(call, context).toString();
        assertTrue(status.contains("checkpoints: 1 of 1 trial resumed from one"), status);
        assertTrue(
                status.contains("trial 0: attempt 1 started 2 times (the scheduler requeued it): "
                        + "without a checkpoint, then from its checkpoint"),
                status);
    }
}
