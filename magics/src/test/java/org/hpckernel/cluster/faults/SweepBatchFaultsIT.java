package org.hpckernel.cluster.faults;

import static org.hpckernel.cluster.TestCluster.env;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.hpckernel.cluster.Cluster;
import org.hpckernel.cluster.JobSpec;
import org.hpckernel.cluster.Shell;
import org.hpckernel.cluster.profile.ProfileStore;
import org.hpckernel.ledger.JobRecord;
import org.hpckernel.ledger.Ledger;
import org.hpckernel.session.Hpc;
import org.hpckernel.sweep.Steering;
import org.hpckernel.sweep.SweepDefinition;
import org.hpckernel.sweep.SweepRun;
import org.hpckernel.sweep.SweepStore;
import org.hpckernel.sweep.Sweeps;
import org.hpckernel.sweep.TrialState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A controller that stalls while a sweep submits a batch (one job array): every trial still runs
 * exactly once, and the sweep's record and the ledger know the array. {@code -Dfaults.rounds.sweep=N}
 * repeats it (bench/faults).
 */
class SweepBatchFaultsIT {

    private static final int ROUNDS = Integer.getInteger("faults.rounds.sweep", Integer.getInteger("faults.rounds", 1));

    @TempDir
    Path tmp;

    Hpc hpc;

    @BeforeEach
    void session() throws Exception {
        Path profiles = tmp.resolve("profiles.yaml");
        Files.writeString(
                profiles,
                "current: faults\nprofiles:\n- name: faults\n  host: \"" + env("HPC_SSH_HOST") + "\"\n  port: "
                        + env("HPC_SSH_PORT") + "\n  user: \"" + env("HPC_SSH_USER") + "\"\n  key: \""
                        + env("HPC_SSH_KEY") + "\"\n  knownHosts: \""
                        + env("HPC_SSH_KNOWN_HOSTS") + "\"\n  scheduler: slurm\n  workdir: \"~/hpc-kernel-faults\"\n");
        hpc = new Hpc(new ProfileStore(profiles), Ledger.open(tmp.resolve("ledger.db")));
    }

    @AfterEach
    void close() throws Exception {
        Controller.SLURMCTLD.signal("CONT");
        hpc.close();
    }

    @Test
    void aControllerThatStallsWhileASweepSubmitsABatchRunsEachTrialOnce() throws Exception {
        Cluster cluster = hpc.cluster("faults");
        for (int round = 0; round < ROUNDS; round++) {
            String name = "sweepstall-" + System.nanoTime();
            SweepDefinition def = new SweepDefinition(
                    name,
                    "[[\"x\", 0.0, 1.0]]",
                    "random",
                    null,
                    null,
                    round,
                    new Steering(6, 3, 3, 0, 12),
                    3,
                    "echo '{\"loss\": 0.5}' > \"$HPC_RESULT\"",
                    JobSpec.builder()
                            .name(name)
                            .script("x")
                            .timeLimit(Duration.ofMinutes(5))
                            .build());
            // 20 s: past the partitions query (5 s) and sbatch's own timeout (10 s), so the batch's answer is lost
            CompletableFuture<Void> resume = Controller.SLURMCTLD.stallFor(20_000);
            SweepRun run =
                    Sweeps.of(hpc).start(cluster, def); // the first batch goes out while the controller is stopped
            String atStart = run.progress().line();
            resume.get(60, TimeUnit.SECONDS);
            assertTrue(run.await(Duration.ofSeconds(300)), run.progress().line());
            assertEquals("DONE", run.progress().state(), run.progress().line());
            assertEquals(
                    6,
                    run.study().count(TrialState.COMPLETE),
                    run.study().results().printAll());

            List<SweepStore.StoredBatch> batches = Sweeps.of(hpc).store().batches(run.id());
            assertTrue(batches.stream().allMatch(b -> b.jobId() != null), batches.toString());
            String tasks = cluster.transport()
                    .exec("squeue -r -h -t all -u \"$USER\" -n " + Shell.quote(name) + " -o %i", Duration.ofSeconds(30))
                    .stdout();
            long arrays = hpc.ledger().jobs("faults").stream()
                    .map(JobRecord::name)
                    .filter(name::equals)
                    .count();
            System.out.println("[faults] stalled controller during a sweep batch, round " + round + ": "
                    + batches.size() + " arrays, " + tasks.lines().count() + " tasks in Slurm (" + atStart + ")");
            assertEquals(6, tasks.lines().count(), "each trial once in Slurm: " + tasks);
            assertEquals(batches.size(), arrays, "the ledger knows every array");
        }
    }
}
