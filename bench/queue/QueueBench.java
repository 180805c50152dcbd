import org.hpckernel.cluster.BatchProtocol;
import org.hpckernel.cluster.Cluster;
import org.hpckernel.cluster.Prompter;
import org.hpckernel.cluster.QueuedJob;
import org.hpckernel.cluster.profile.Profile;
import org.hpckernel.cluster.slurm.SlurmScheduler;
import org.hpckernel.cluster.ssh.SshTarget;
import org.hpckernel.cluster.ssh.SshTransport;
import org.hpckernel.ledger.Ledger;
import org.hpckernel.magic.hpc.QueueTable;
import org.hpckernel.render.TableView;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * %hpc queue warm (Cluster.queue over the reused SSH session, parsed and rendered as the table the
 * notebook shows) against `ssh hpc squeue --start` (a new ssh process each time), on the localhost
 * Slurm. Run through bench/queue/run.sh.
 */
public class QueueBench {

    interface Step { void run() throws Exception; }

    static double[] timesMs(int n, Step step) throws Exception {
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            step.run();
            t[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(t);
        return t;
    }

    static void ssh(String... command) throws Exception {
        List<String> argv = new ArrayList<>(List.of("ssh", "-F", System.getenv("HPC_SSH_CONFIG"), "hpc"));
        argv.addAll(List.of(command));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("ssh failed: " + argv);
        }
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("slf4j.internal.verbosity", "ERROR");
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        SshTarget target = SshTarget.of(System.getenv("HPC_SSH_HOST")).withPort(Integer.parseInt(System.getenv("HPC_SSH_PORT")))
                .withUser(System.getenv("HPC_SSH_USER")).withKey(Path.of(System.getenv("HPC_SSH_KEY")))
                .withKnownHosts(Path.of(System.getenv("HPC_SSH_KNOWN_HOSTS")));
        SshTransport transport = new SshTransport(target, Prompter.NONE);
        Ledger ledger = Ledger.open(Files.createTempDirectory("bench-queue").resolve("ledger.db"));
        Profile profile = new Profile("bench", "localhost", null, null, null, null, null, "slurm", "~/hpc-kernel-bench", null, null, List.of());
        Cluster cluster = new Cluster(profile, transport, new BatchProtocol(new SlurmScheduler(), transport), ledger);
        // a held job, so the queue has a pending row with a reason to show
        String held = transport.exec("sbatch --parsable --hold -J bench-queue -t 1 --wrap true", java.time.Duration.ofSeconds(30)).stdout().strip();
        try {
            for (int i = 0; i < 5; i++) {   // opens the session and warms the JIT
                TableView.text(QueueTable.of("bench", cluster.queue(false, Optional.empty()), false, Optional.empty()));
            }
            int[] rows = new int[1];
            double[] ours = timesMs(n, () -> {
                List<QueuedJob> jobs = cluster.queue(false, Optional.empty());
                rows[0] = jobs.size();
                TableView.text(QueueTable.of("bench", jobs, false, Optional.empty()));
            });
            double[] cli = timesMs(n, () -> ssh("squeue", "--start"));
            // the floor of each side: an empty command over the reused session, and a new ssh process running nothing
            double[] floorOurs = timesMs(n, () -> transport.exec("true", java.time.Duration.ofSeconds(30)));
            double[] floorCli = timesMs(n, () -> ssh("true"));
            double oursMedian = ours[n / 2];
            double cliMedian = cli[n / 2];
            System.out.println("== %hpc queue warm vs a new `ssh hpc squeue --start` each time (" + n + " runs, " + rows[0] + " rows) ==");
            System.out.printf("%-44s %9s %9s %9s%n", "", "median", "min", "p90");
            System.out.printf("%-44s %6.1f ms %6.1f ms %6.1f ms%n", "hpc-kernel Cluster.queue + table (warm)", oursMedian, ours[0], ours[(int) (n * 0.9)]);
            System.out.printf("%-44s %6.1f ms %6.1f ms %6.1f ms%n", "ssh -F ssh_config hpc squeue --start", cliMedian, cli[0], cli[(int) (n * 0.9)]);
            System.out.printf("ratio (ssh CLI / hpc-kernel warm): %.1fx%n", cliMedian / oursMedian);
            System.out.printf("%-44s %6.1f ms %6.1f ms %6.1f ms%n", "floor: `true` over the reused session", floorOurs[n / 2], floorOurs[0], floorOurs[(int) (n * 0.9)]);
            System.out.printf("%-44s %6.1f ms %6.1f ms %6.1f ms%n", "floor: ssh -F ssh_config hpc true", floorCli[n / 2], floorCli[0], floorCli[(int) (n * 0.9)]);
            System.out.printf("so squeue itself (plus parsing and the table) costs about %.0f ms of the warm call%n", oursMedian - floorOurs[n / 2]);
        } finally {
            transport.exec("scancel " + held, java.time.Duration.ofSeconds(30));
            transport.close();
            ledger.close();
        }
    }
}
