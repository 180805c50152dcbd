package org.hpckernel.cluster.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.hpckernel.cluster.BatchProtocol;
import org.hpckernel.cluster.Cluster;
import org.hpckernel.cluster.JobDirectory;
import org.hpckernel.cluster.JobId;
import org.hpckernel.cluster.JobSpec;
import org.hpckernel.cluster.JobState;
import org.hpckernel.cluster.JobStatus;
import org.hpckernel.cluster.Prompter;
import org.hpckernel.cluster.Shell;
import org.hpckernel.cluster.TestCluster;
import org.hpckernel.cluster.Transport;
import org.hpckernel.cluster.profile.Profile;
import org.hpckernel.cluster.slurm.SlurmScheduler;
import org.hpckernel.cluster.ssh.SshTarget;
import org.hpckernel.cluster.ssh.SshTransport;
import org.hpckernel.ledger.Ledger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults as a busy production cluster makes them, injected into the real localhost Slurm: a stalled
 * controller, a connection cut while sbatch runs, a kernel killed at every point of a submission, a
 * job name that is not a file name. Each asserts exactly once: one job in Slurm per submission, and
 * a ledger that knows it. {@code -Dfaults.rounds=N} repeats each (bench/faults runs hundreds).
 */
class SubmissionFaultsIT {

    private static final int ROUNDS = Integer.getInteger("faults.rounds", 1);

    /** Rounds of one kind of fault: {@code -Dfaults.rounds.stall=N} (and .cut, .kill) over {@code -Dfaults.rounds}. */
    private static int rounds(String kind) {
        return Integer.getInteger("faults.rounds." + kind, ROUNDS);
    }

    private static final Path CLUSTER_ROOT =
            Path.of(System.getenv().getOrDefault("HK_ROOT", "/var/lib/hpc-kernel-cluster"));

    @TempDir
    Path tmp;

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        signalController("CONT");
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private Cluster cluster(Transport transport, Ledger ledger) {
        Profile profile = new Profile(
                "faults",
                "localhost",
                null,
                null,
                null,
                null,
                null,
                "slurm",
                "~/hpc-kernel-faults",
                null,
                null,
                List.of());
        return new Cluster(profile, transport, new BatchProtocol(new SlurmScheduler(), transport), ledger);
    }

    private Ledger ledger(String name) throws IOException {
        Ledger l = Ledger.open(tmp.resolve(name + ".db"));
        open.add(l);
        return l;
    }

    private Transport ssh(SshTarget target) {
        Transport t = new SshTransport(target, Prompter.NONE);
        open.add(t);
        return t;
    }

    private static void signalController(String signal) throws Exception {
        Controller.SLURMCTLD.signal(signal);
    }

    /** Jobs of this name Slurm knows (finished ones stay in squeue for MinJobAge, an hour here). */
    private static int slurmJobs(Transport t, String name) throws IOException {
        String out = t.exec("squeue -h -t all -u \"$USER\" -n " + Shell.quote(name) + " -o %i", Duration.ofSeconds(30))
                .stdout()
                .strip();
        return out.isEmpty() ? 0 : out.split("\n").length;
    }

    @Test
    void aControllerThatStallsDuringSubmitMakesOneJobAndTheLedgerKnowsIt() throws Exception {
        Transport t = ssh(TestCluster.target());
        Ledger ledger = ledger("stall");
        Cluster c = cluster(t, ledger);
        for (int round = 0; round < rounds("stall"); round++) {
            String name = "stalled-" + System.nanoTime();
            FaultRounds.oneJobDespite(
                    "stalled controller",
                    round,
                    name,
                    Controller.SLURMCTLD.stallFor(13_000),
                    () -> c.submitWithReport(
                            JobSpec.builder().name(name).script("true").build()),
                    c,
                    n -> slurmJobs(t, n),
                    ledger);
        }
    }

    @Test
    void aConnectionCutWhileSbatchRunsNeverSubmitsTwice() throws Exception {
        SshTarget direct = TestCluster.target();
        CutProxy proxy = new CutProxy(direct.host(), direct.port().orElse(22));
        open.add(proxy);
        Transport t = ssh(FaultRounds.throughProxy(direct, proxy, tmp));
        Transport observer = ssh(direct);
        Ledger ledger = ledger("cut");
        Cluster c = cluster(t, ledger);
        for (int round = 0; round < rounds("cut"); round++) {
            String name = "cut-" + System.nanoTime();
            FaultRounds.oneJobDespite(
                    "connection cut",
                    round,
                    name,
                    FaultRounds.cutWhileSubmitting(Controller.SLURMCTLD, proxy),
                    () -> c.submitWithReport(
                            JobSpec.builder().name(name).script("true").build()),
                    c,
                    n -> slurmJobs(observer, n),
                    ledger);
        }
    }

    @Test
    void aKernelKilledAtAnyPointOfASubmitLosesNothingAndSubmitsNothingTwice() throws Exception {
        Transport observer = ssh(TestCluster.target());
        for (int round = 0; round < rounds("kill"); round++) {
            FaultRounds.killedAtEveryPoint(
                    "kernel killed",
                    "slurm",
                    tmp,
                    ledger -> cluster(ssh(TestCluster.target()), ledger),
                    n -> slurmJobs(observer, n));
        }
    }

    @Test
    void aNameThatIsNotAFileNameStillRunsAndItsLogsAreRead() throws Exception {
        Transport t = ssh(TestCluster.target());
        Cluster c = cluster(t, ledger("names"));
        String name = "exp/lr=0.1 'q' $(touch pwned)";
        JobId id = c.submit(JobSpec.builder().name(name).script("echo named").build());
        JobStatus s = c.await(List.of(id), Duration.ofSeconds(120), x -> {}).get(id);
        assertEquals(JobState.COMPLETED, s.state(), s.toString());
        assertEquals("named\n", c.tail(id, false, 5));
        assertEquals(name, c.history().get(0).name(), "the user's name is kept for display");
        assertEquals(
                "",
                t.exec("ls ~/hpc-kernel-faults/jobs/*/pwned 2>/dev/null; true", Duration.ofSeconds(10))
                        .stdout()
                        .strip());
    }

    @Test
    void aSubmissionIntoTheSameFolderTwiceIsOneJob() throws Exception {
        Transport t = ssh(TestCluster.target());
        Cluster c = cluster(t, ledger("same"));
        String name = "twice-" + System.nanoTime();
        JobDirectory dir = new JobDirectory(c.workRoot() + "/jobs/" + name);
        JobSpec spec = JobSpec.builder().name(name).script("true").build();
        CompletableFuture<JobId> first = CompletableFuture.supplyAsync(() -> {
            try {
                return c.submit(spec, dir);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        JobId second = c.submit(spec, dir);
        assertEquals(first.get(60, TimeUnit.SECONDS), second);
        assertEquals(1, slurmJobs(t, name));
    }

    @Test
    void aSecretReachesTheJobAndNoFileOrOutputOfOursHoldsIt() throws Exception {
        Transport t = ssh(TestCluster.target());
        Ledger ledger = ledger("secrets");
        Cluster c = cluster(t, ledger);
        String value = "hk-secret-" + System.nanoTime() + "-$(touch pwned)'\"";
        JobSpec spec = JobSpec.builder()
                .name("with-secret")
                .secret("HPCK_TEST_TOKEN")
                .script("printf 'length %s\\n' \"${#HPCK_TEST_TOKEN}\"")
                .build();
        Cluster.Submitted s = c.submitWithReport(spec, java.util.Map.of("HPCK_TEST_TOKEN", value));
        JobStatus end =
                c.await(List.of(s.id()), Duration.ofSeconds(120), x -> {}).get(s.id());
        assertEquals(JobState.COMPLETED, end.state(), end.toString());
        assertEquals("length " + value.length() + "\n", c.tail(s.id(), false, 5), "the job saw the whole value");
        String dir = c.history().get(0).jobDirectory();
        String holders = t.exec(
                        "grep -rlF -- " + org.hpckernel.cluster.Shell.quote(value.substring(0, 20)) + " "
                                + org.hpckernel.cluster.Shell.quote(dir) + "; stat -c '%a' "
                                + org.hpckernel.cluster.Shell.quote(
                                        dir + "/" + org.hpckernel.cluster.Secrets.FILE_NAME),
                        Duration.ofSeconds(30))
                .stdout();
        assertEquals(
                dir + "/" + org.hpckernel.cluster.Secrets.FILE_NAME + "\n600\n",
                holders,
                "only the 0600 secrets file holds it");
        ledger.close();
        byte[] db = Files.readAllBytes(tmp.resolve("secrets.db"));
        for (Path side : List.of(tmp.resolve("secrets.db-wal"), tmp.resolve("secrets.db-shm"))) {
            if (Files.exists(side)) {
                assertTrue(!new String(Files.readAllBytes(side), java.nio.charset.StandardCharsets.ISO_8859_1)
                        .contains(value.substring(0, 20)));
            }
        }
        assertTrue(
                !new String(db, java.nio.charset.StandardCharsets.ISO_8859_1).contains(value.substring(0, 20)),
                "the ledger never holds it");
        assertTrue(!s.note().contains(value.substring(0, 20)) && !end.toString().contains(value.substring(0, 20)));
    }

    @Test
    void withAccountingDownAFailedJobIsStillFailedWithItsExitCode() throws Exception {
        Transport t = ssh(TestCluster.target());
        Cluster c = cluster(t, ledger("dbd"));
        String pid =
                Files.readString(CLUSTER_ROOT.resolve("slurm/slurmdbd.pid")).strip();
        new ProcessBuilder("kill", "-STOP", pid).inheritIO().start().waitFor();
        try {
            JobId id =
                    c.submit(JobSpec.builder().name("dbd-down").script("exit 3").build());
            JobStatus s = c.await(List.of(id), Duration.ofSeconds(120), x -> {}).get(id);
            assertEquals(JobState.FAILED, s.state(), s.toString());
            assertEquals(java.util.Optional.of(3), s.exitCode(), s.toString());
        } finally {
            new ProcessBuilder("kill", "-CONT", pid).inheritIO().start().waitFor();
        }
    }
}
