package org.hpckernel.cluster.faults;

import org.hpckernel.cluster.BatchProtocol;
import org.hpckernel.cluster.Cluster;
import org.hpckernel.cluster.JobSpec;
import org.hpckernel.cluster.Prompter;
import org.hpckernel.cluster.Scheduler;
import org.hpckernel.cluster.Shell;
import org.hpckernel.cluster.SubmitUncertain;
import org.hpckernel.cluster.TestCluster;
import org.hpckernel.cluster.Transport;
import org.hpckernel.cluster.profile.Profile;
import org.hpckernel.cluster.sge.SgeScheduler;
import org.hpckernel.cluster.ssh.SshTarget;
import org.hpckernel.cluster.ssh.SshTransport;
import org.hpckernel.ledger.JobRecord;
import org.hpckernel.ledger.Ledger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fault suite's faults on the real Grid Engine ({@code install/test-sge.sh up}): a qmaster that
 * stops answering during qsub, a connection cut while qsub runs, a kernel killed at every point of a
 * submission. Each asserts one job in Grid Engine (its queue and accounting, by job number) and a
 * ledger that knows it. {@code -Dfaults.rounds.sge=N} repeats each.
 */
class GridEngineFaultsIT {

    private static final int ROUNDS = Integer.getInteger("faults.rounds.sge", Integer.getInteger("faults.rounds", 1));
    private static final Path QMASTER_PID = Path.of("/var/spool/gridengine/qmaster/qmaster.pid");

    @TempDir
    Path tmp;
    private final List<AutoCloseable> open = new ArrayList<>();

    static Profile profile() {
        return new Profile("faults-sge", "localhost", null, null, null, null, null, "sge", "~/hpc-kernel-faults-sge", null, null, List.of());
    }

    @AfterEach
    void close() throws Exception {
        signalQmaster("CONT");
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private static void signalQmaster(String signal) throws Exception {
        String pid = Files.readString(QMASTER_PID).strip();
        Process p = new ProcessBuilder("kill", "-" + signal, pid).inheritIO().start();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0, "kill -" + signal + " sge_qmaster " + pid);
    }

    private Transport ssh(SshTarget target) {
        Transport t = new SshTransport(target, Prompter.NONE);
        open.add(t);
        return t;
    }

    private Ledger ledger(String name) throws IOException {
        Ledger l = Ledger.open(tmp.resolve(name + ".db"));
        open.add(l);
        return l;
    }

    private Cluster cluster(Transport t, Ledger ledger) {
        return new Cluster(profile(), t, new BatchProtocol(new SgeScheduler(), t), ledger);
    }

    /** Job numbers Grid Engine has for this name: in its queue (qstat) or, once ended, its accounting (qacct). */
    static Set<String> gridEngineJobs(Transport t, String name) throws IOException {
        String out = t.exec("qstat -j '*' 2>/dev/null | grep -E '^(job_number|job_name):'; echo @@; qacct -j " + Shell.quote(name)
                + " 2>/dev/null | grep -E '^jobnumber'", Duration.ofSeconds(60)).stdout();
        Set<String> ids = new TreeSet<>();
        String number = null;
        boolean accounting = false;
        for (String line : out.split("\n")) {
            String[] f = line.strip().split("\\s+", 2);
            if (line.equals("@@")) {
                accounting = true;
            } else if (!accounting && f[0].equals("job_number:")) {
                number = f[1];
            } else if (!accounting && f[0].equals("job_name:") && f.length > 1 && f[1].equals(name) && number != null) {
                ids.add(number);
            } else if (accounting && f[0].equals("jobnumber") && f.length > 1) {
                ids.add(f[1]);
            }
        }
        return ids;
    }

    private static long ledgerJobs(Ledger ledger, String name) throws IOException {
        return ledger.jobs("faults-sge").stream().map(JobRecord::name).filter(name::equals).count();
    }

    private static void settle(Cluster c) throws Exception {
        for (int i = 0; i < 90; i++) {
            if (c.reconcile().stream().noneMatch(r -> r.outcome().kind() == Scheduler.Outcome.Kind.PENDING
                    && !r.outcome().reason().equals("just started"))) {
                return;
            }
            Thread.sleep(1000);
        }
    }

    @Test
    void aQmasterThatStallsDuringQsubMakesOneJobAndTheLedgerKnowsIt() throws Exception {
        Transport t = ssh(TestCluster.target());
        Ledger ledger = ledger("stall");
        Cluster c = cluster(t, ledger);
        for (int round = 0; round < ROUNDS; round++) {
            String name = "gestall-" + System.nanoTime();
            signalQmaster("STOP");
            CompletableFuture<Void> resume = CompletableFuture.runAsync(() -> {
                try {
                    Thread.sleep(13_000);
                    signalQmaster("CONT");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            String outcome;
            try {
                Cluster.Submitted s = c.submitWithReport(JobSpec.builder().name(name).script("sleep 2").build());
                outcome = "job " + s.id().value() + (s.note().isEmpty() ? "" : " (" + s.note() + ")");
            } catch (SubmitUncertain u) {
                outcome = "uncertain: " + u.getMessage();
            }
            resume.get(60, TimeUnit.SECONDS);
            settle(c);
            Set<String> jobs = gridEngineJobs(t, name);
            System.out.println("[faults] stalled qmaster, round " + round + ": " + outcome + "; Grid Engine has " + jobs);
            assertEquals(1, jobs.size(), "exactly one job in Grid Engine for " + name + " (" + outcome + ")");
            assertEquals(1, ledgerJobs(ledger, name), "the ledger knows it (" + outcome + ")");
        }
    }

    @Test
    void aConnectionCutWhileQsubRunsNeverSubmitsTwice() throws Exception {
        SshTarget direct = TestCluster.target();
        CutProxy proxy = new CutProxy(direct.host(), direct.port().orElse(22));
        open.add(proxy);
        Path knownHosts = tmp.resolve("known_hosts");
        String port = String.valueOf(direct.port().orElse(22));
        Files.writeString(knownHosts, Files.readString(direct.knownHosts().orElseThrow())
                .replace("[" + direct.host() + "]:" + port, "[" + direct.host() + "]:" + proxy.port()));
        Transport t = ssh(direct.withPort(proxy.port()).withKnownHosts(knownHosts));
        Transport observer = ssh(direct);
        Ledger ledger = ledger("cut");
        Cluster c = cluster(t, ledger);
        for (int round = 0; round < ROUNDS; round++) {
            String name = "gecut-" + System.nanoTime();
            signalQmaster("STOP");   // qsub hangs, so the cut lands while it runs
            CompletableFuture<Void> fault = CompletableFuture.runAsync(() -> {
                try {
                    Thread.sleep(3000);
                    proxy.cut();
                    Thread.sleep(2000);
                    signalQmaster("CONT");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            String outcome;
            try {
                outcome = "job " + c.submit(JobSpec.builder().name(name).script("sleep 2").build()).value();
            } catch (SubmitUncertain u) {
                outcome = "uncertain: " + u.getMessage();
            }
            fault.get(60, TimeUnit.SECONDS);
            settle(c);
            Set<String> jobs = gridEngineJobs(observer, name);
            System.out.println("[faults] connection cut during qsub, round " + round + ": " + outcome + "; Grid Engine has " + jobs);
            assertEquals(1, jobs.size(), "exactly one job in Grid Engine for " + name + " (" + outcome + ")");
            assertEquals(1, ledgerJobs(ledger, name), "the ledger knows it (" + outcome + ")");
        }
    }

    @Test
    void aKernelKilledAtAnyPointOfAQsubLosesNothingAndSubmitsNothingTwice() throws Exception {
        Transport observer = ssh(TestCluster.target());
        List<String> points = List.of("before-1", "after-1", "before-2", "after-2", "before-3", "after-3", "before-4", "after-4",
                "before-5", "during-submit", "after-submit", "after-ledger");
        for (int round = 0; round < ROUNDS; round++) {
            for (String point : points) {
                String name = "gekilled-" + point + "-" + System.nanoTime();
                Path ledgerFile = tmp.resolve(name + ".db");
                Process kernel = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp", System.getProperty("java.class.path"), DyingSubmit.class.getName(), ledgerFile.toString(), name, point, "sge")
                        .redirectErrorStream(true).redirectOutput(tmp.resolve(name + ".log").toFile()).start();
                assertTrue(kernel.waitFor(120, TimeUnit.SECONDS), point);
                try (Ledger ledger = Ledger.open(ledgerFile)) {
                    Cluster c = cluster(ssh(TestCluster.target()), ledger);
                    settle(c);
                    Set<String> jobs = gridEngineJobs(observer, name);
                    long known = ledgerJobs(ledger, name);
                    System.out.println("[faults] kernel killed during qsub " + point + ": " + jobs.size() + " in Grid Engine, " + known + " in the ledger");
                    assertTrue(jobs.size() <= 1, point + ": submitted twice " + jobs);
                    assertEquals(jobs.size(), known, point + ": the ledger knows every job Grid Engine has (log: "
                            + Files.readString(tmp.resolve(name + ".log")) + ")");
                    if (point.equals("during-submit") || point.equals("after-submit") || point.equals("after-ledger")) {
                        assertEquals(1, jobs.size(), point + ": the submission went through");
                    }
                }
            }
        }
    }
}
