package org.hpckernel.cluster.faults;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.hpckernel.cluster.BatchProtocol;
import org.hpckernel.cluster.Cluster;
import org.hpckernel.cluster.JobSpec;
import org.hpckernel.cluster.Prompter;
import org.hpckernel.cluster.Shell;
import org.hpckernel.cluster.TestCluster;
import org.hpckernel.cluster.Transport;
import org.hpckernel.cluster.profile.Profile;
import org.hpckernel.cluster.sge.SgeScheduler;
import org.hpckernel.cluster.ssh.SshTarget;
import org.hpckernel.cluster.ssh.SshTransport;
import org.hpckernel.ledger.Ledger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault suite's faults on the real Grid Engine ({@code install/test-sge.sh up}): a qmaster that
 * stops answering during qsub, a connection cut while qsub runs, a kernel killed at every point of a
 * submission. Each asserts one job in Grid Engine (its queue and accounting, by job number) and a
 * ledger that knows it. {@code -Dfaults.rounds.sge=N} repeats each.
 */
class GridEngineFaultsIT {

    private static final int ROUNDS = Integer.getInteger("faults.rounds.sge", Integer.getInteger("faults.rounds", 1));

    @TempDir
    Path tmp;

    private final List<AutoCloseable> open = new ArrayList<>();

    static Profile profile() {
        return new Profile(
                "faults-sge",
                "localhost",
                null,
                null,
                null,
                null,
                null,
                "sge",
                "~/hpc-kernel-faults-sge",
                null,
                null,
                List.of());
    }

    @AfterEach
    void close() throws Exception {
        Controller.QMASTER.signal("CONT");
        for (AutoCloseable c : open) {
            c.close();
        }
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
        String out = t.exec(
                        "qstat -j '*' 2>/dev/null | grep -E '^(job_number|job_name):'; echo @@; qacct -j "
                                + Shell.quote(name) + " 2>/dev/null | grep -E '^jobnumber'",
                        Duration.ofSeconds(60))
                .stdout();
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

    @Test
    void aQmasterThatStallsDuringQsubMakesOneJobAndTheLedgerKnowsIt() throws Exception {
        Transport t = ssh(TestCluster.target());
        Ledger ledger = ledger("stall");
        Cluster c = cluster(t, ledger);
        for (int round = 0; round < ROUNDS; round++) {
            String name = "gestall-" + System.nanoTime();
            FaultRounds.oneJobDespite(
                    "stalled qmaster",
                    round,
                    name,
                    Controller.QMASTER.stallFor(13_000),
                    () -> c.submitWithReport(
                            JobSpec.builder().name(name).script("sleep 2").build()),
                    c,
                    n -> gridEngineJobs(t, n).size(),
                    ledger);
        }
    }

    @Test
    void aConnectionCutWhileQsubRunsNeverSubmitsTwice() throws Exception {
        SshTarget direct = TestCluster.target();
        CutProxy proxy = new CutProxy(direct.host(), direct.port().orElse(22));
        open.add(proxy);
        Transport t = ssh(FaultRounds.throughProxy(direct, proxy, tmp));
        Transport observer = ssh(direct);
        Ledger ledger = ledger("cut");
        Cluster c = cluster(t, ledger);
        for (int round = 0; round < ROUNDS; round++) {
            String name = "gecut-" + System.nanoTime();
            FaultRounds.oneJobDespite(
                    "connection cut during qsub",
                    round,
                    name,
                    FaultRounds.cutWhileSubmitting(Controller.QMASTER, proxy),
                    () -> c.submitWithReport(
                            JobSpec.builder().name(name).script("sleep 2").build()),
                    c,
                    n -> gridEngineJobs(observer, n).size(),
                    ledger);
        }
    }

    @Test
    void aKernelKilledAtAnyPointOfAQsubLosesNothingAndSubmitsNothingTwice() throws Exception {
        Transport observer = ssh(TestCluster.target());
        for (int round = 0; round < ROUNDS; round++) {
            FaultRounds.killedAtEveryPoint(
                    "kernel killed during qsub",
                    "sge",
                    tmp,
                    ledger -> cluster(ssh(TestCluster.target()), ledger),
                    n -> gridEngineJobs(observer, n).size());
        }
    }
}
