package org.hpckernel.cluster.faults;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.hpckernel.cluster.BatchProtocol;
import org.hpckernel.cluster.Cluster;
import org.hpckernel.cluster.ExecResult;
import org.hpckernel.cluster.JobSpec;
import org.hpckernel.cluster.Prompter;
import org.hpckernel.cluster.TestCluster;
import org.hpckernel.cluster.Transport;
import org.hpckernel.cluster.profile.Profile;
import org.hpckernel.cluster.sge.SgeScheduler;
import org.hpckernel.cluster.slurm.SlurmScheduler;
import org.hpckernel.cluster.ssh.SshTransport;
import org.hpckernel.ledger.Ledger;

/**
 * A kernel that is killed ({@code halt}, as by {@code kill -9}) at one point of a submission: before
 * or after its Nth call to the cluster, or while the submit command is still running. Run in its own
 * JVM by {@link SubmissionFaultsIT} and {@link GridEngineFaultsIT}: {@code DyingSubmit LEDGER NAME POINT [slurm|sge]}.
 */
public final class DyingSubmit {

    public static void main(String[] args) throws Exception {
        Path ledgerFile = Path.of(args[0]);
        String name = args[1];
        String point =
                args[2]; // before-N, after-N (the Nth call to the cluster), during-submit, after-submit, after-ledger
        Transport ssh = new SshTransport(TestCluster.target(), Prompter.NONE);
        Transport dying = new Dying(ssh, point);
        Ledger ledger = Ledger.open(ledgerFile);
        boolean sge = args.length > 3 && args[3].equals("sge");
        Profile profile = sge
                ? GridEngineFaultsIT.profile()
                : new Profile(
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
        Cluster cluster = new Cluster(
                profile, dying, new BatchProtocol(sge ? new SgeScheduler() : new SlurmScheduler(), dying), ledger);
        cluster.submit(JobSpec.builder().name(name).script("sleep 1").build());
        if (point.equals("after-ledger")) {
            Runtime.getRuntime().halt(9);
        }
        System.exit(0);
    }

    /** Counts the cluster calls and halts the JVM at the chosen one. */
    private static final class Dying implements Transport {
        private final Transport inner;
        private final String point;
        private int calls;

        Dying(Transport inner, String point) {
            this.inner = inner;
            this.point = point;
        }

        private void before() {
            calls++;
            if (point.equals("before-" + calls)) {
                Runtime.getRuntime().halt(9);
            }
        }

        private void after() {
            if (point.equals("after-" + calls)) {
                Runtime.getRuntime().halt(9);
            }
        }

        @Override
        public ExecResult exec(String command, Duration timeout) throws IOException {
            return execIdempotent(command, timeout);
        }

        @Override
        public ExecResult execIdempotent(String command, Duration timeout) throws IOException {
            before();
            if (point.equals("during-submit") && command.contains(".submit.lock")) {
                Thread killer = new Thread(() -> {
                    try {
                        Thread.sleep(150);
                    } catch (InterruptedException ignored) {
                        // halting anyway
                    }
                    Runtime.getRuntime().halt(9);
                });
                killer.start();
            }
            ExecResult r = inner.execIdempotent(command, timeout);
            after();
            if (point.equals("after-submit") && command.contains(".submit.lock")) {
                Runtime.getRuntime().halt(9); // the scheduler's answer arrived; the ledger never hears it
            }
            return r;
        }

        @Override
        public void write(String path, byte[] content, int mode) throws IOException {
            before();
            inner.write(path, content, mode);
            after();
        }

        @Override
        public byte[] read(String path, long offset, int maxBytes) throws IOException {
            return inner.read(path, offset, maxBytes);
        }

        @Override
        public String home() throws IOException {
            return inner.home();
        }

        @Override
        public String describe() {
            return inner.describe();
        }

        @Override
        public void close() {
            inner.close();
        }
    }
}
