import org.hpckernel.cluster.Cluster;
import org.hpckernel.cluster.JobDirectory;
import org.hpckernel.cluster.JobId;
import org.hpckernel.cluster.JobSpec;
import org.hpckernel.cluster.JobStatus;
import org.hpckernel.cluster.Prompter;
import org.hpckernel.cluster.profile.Profile;
import org.hpckernel.cluster.slurm.SlurmScheduler;
import org.hpckernel.cluster.slurm.SlurmStatusParser;
import org.hpckernel.cluster.ssh.SshTarget;
import org.hpckernel.cluster.ssh.SshTransport;
import org.hpckernel.ledger.Ledger;
import org.hpckernel.magic.hpc.StatusTable;
import org.hpckernel.render.TableView;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * hpc-kernel's cluster path against what a user would do instead (the plain ssh CLI), side by side,
 * on the localhost cluster. Run through bench/cluster/run.sh.
 */
public class ClusterBench {

    interface Step { void run() throws Exception; }

    static double medianMs(int n, Step step) throws Exception {
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            step.run();
            t[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(t);
        return t[n / 2];
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
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        SshTarget target = SshTarget.of(System.getenv("HPC_SSH_HOST")).withPort(Integer.parseInt(System.getenv("HPC_SSH_PORT")))
                .withUser(System.getenv("HPC_SSH_USER")).withKey(Path.of(System.getenv("HPC_SSH_KEY")))
                .withKnownHosts(Path.of(System.getenv("HPC_SSH_KNOWN_HOSTS")));
        SshTransport transport = new SshTransport(target, Prompter.NONE);
        Ledger ledger = Ledger.open(Files.createTempDirectory("bench").resolve("ledger.db"));
        Profile profile = new Profile("bench", "localhost", null, null, null, null, null, "slurm", "~/hpc-kernel-bench", null, null, List.of());
        Cluster cluster = new Cluster(profile, transport, new org.hpckernel.cluster.BatchProtocol(new SlurmScheduler(), transport), ledger);
        List<JobId> submitted = new ArrayList<>();
        JobSpec hold = JobSpec.builder().name("bench").script("true").build();
        submitted.add(cluster.submit(hold));  // opens the session
        cluster.status(submitted);

        double cliStatus = medianMs(n, () -> ssh("squeue", "-h"));
        double ourStatus = medianMs(n, () -> cluster.status(submitted));
        double cliSubmit = medianMs(n, () -> ssh("sbatch", "--parsable", "--wrap", "true"));
        double ourSubmit = medianMs(n, () -> submitted.add(cluster.submit(hold)));

        System.out.println("== warm calls over the reused session vs the plain ssh CLI (median of " + n + ") ==");
        System.out.printf("%-46s %10s %10s %8s%n", "", "hpc-kernel", "ssh CLI", "speedup");
        System.out.printf("%-46s %8.1f ms %7.1f ms %7.1fx%n", "status (%hpc status vs ssh hpc squeue)", ourStatus, cliStatus, cliStatus / ourStatus);
        System.out.printf("%-46s %8.1f ms %7.1f ms %7.1fx%n", "submit (%hpc submit vs ssh hpc sbatch)", ourSubmit, cliSubmit, cliSubmit / ourSubmit);
        System.out.println("   (our submit also writes the script and params by SFTP and records the job in the ledger)");

        System.out.println("== client side of one status call: parse the answer + build and render the table ==");
        for (int jobs : new int[] {1_000, 10_000}) {
            Map<JobId, JobDirectory> tracked = new LinkedHashMap<>();
            StringBuilder answer = new StringBuilder();
            for (int i = 0; i < jobs; i++) {
                tracked.put(JobId.of(String.valueOf(100_000 + i)), new JobDirectory("/home/u/hpc-kernel/jobs/j" + i));
                String state = i % 3 == 0 ? "RUNNING" : i % 3 == 1 ? "COMPLETED" : "FAILED";
                // the answer as it comes: jobs still in the queue, then accounting for those that left it
                if (i % 2 == 0) {
                    answer.insert(0, (100_000 + i) + "|train-" + i + "|" + state + "|None\n");
                }
            }
            answer.append("@@squeue 0\n");
            for (int i = 1; i < jobs; i += 2) {
                answer.append(100_000 + i).append("|train-").append(i).append("|COMPLETED|0:0|None\n");
            }
            answer.append("@@sacct 0\n");
            String text = answer.toString();
            double[] html = {0};
            double ms = medianMs(15, () -> {
                Map<JobId, JobStatus> states = SlurmStatusParser.parse(text, tracked);
                html[0] = TableView.html(StatusTable.of(cluster, states, Map.of())).length();
            });
            System.out.printf("%,7d jobs: %7.1f ms client time, HTML %,.0f bytes (first and last rows, with a line saying what was cut)%n", jobs, ms, html[0]);
        }
        cluster.cancel(submitted);
        transport.close();
        ledger.close();
    }
}
