import org.hpckernel.cluster.Cluster;
import org.hpckernel.cluster.JobId;
import org.hpckernel.cluster.JobSpec;
import org.hpckernel.cluster.JobState;
import org.hpckernel.cluster.JobStatus;
import org.hpckernel.cluster.LogLocator;
import org.hpckernel.cluster.Prompter;
import org.hpckernel.cluster.Shell;
import org.hpckernel.cluster.profile.Profile;
import org.hpckernel.cluster.slurm.SlurmScheduler;
import org.hpckernel.cluster.ssh.SshTarget;
import org.hpckernel.cluster.ssh.SshTransport;
import org.hpckernel.ledger.Ledger;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * %hpc logs --tail on a 1 GB log and on a 20 MB line without newlines, over the reused SSH session
 * to the localhost cluster: warm time per tail (target < 0.3 s), bytes returned, and how much the
 * JVM's resident memory grows over many tails (target < 20 MB). Run through bench/logs/run.sh.
 */
public class LogsBench {

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

    static long rssKb() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return -1;
    }

    static double cliMs(int n, String command) throws Exception {
        return timesMs(n, () -> {
            Process p = new ProcessBuilder("ssh", "-F", System.getenv("HPC_SSH_CONFIG"), "hpc", command)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (p.waitFor() != 0) {
                throw new IllegalStateException("ssh failed: " + command);
            }
        })[n / 2];
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("slf4j.internal.verbosity", "ERROR");
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        SshTarget target = SshTarget.of(System.getenv("HPC_SSH_HOST")).withPort(Integer.parseInt(System.getenv("HPC_SSH_PORT")))
                .withUser(System.getenv("HPC_SSH_USER")).withKey(Path.of(System.getenv("HPC_SSH_KEY")))
                .withKnownHosts(Path.of(System.getenv("HPC_SSH_KNOWN_HOSTS")));
        SshTransport transport = new SshTransport(target, Prompter.NONE);
        Ledger ledger = Ledger.open(Files.createTempDirectory("bench-logs").resolve("ledger.db"));
        Profile profile = new Profile("bench", "localhost", null, null, null, null, null, "slurm", "~/hpc-kernel-bench", null, null, List.of());
        Cluster cluster = new Cluster(profile, transport, new SlurmScheduler(transport), ledger);

        // the jobs write the logs, so the tails go through the same lookup as %hpc logs
        JobId big = cluster.submit(JobSpec.builder().name("gigabyte").timeLimit(Duration.ofMinutes(10))
                .script("yes 'epoch 0000 step 000000 loss 0.123456 acc 0.987654 lr 0.000300 ..........' | head -c 1073741824\n"
                        + "echo 'last line: done'").build());
        JobId oneLine = cluster.submit(JobSpec.builder().name("oneline").timeLimit(Duration.ofMinutes(10))
                .script("head -c 20971520 /dev/zero | tr '\\0' x").build());
        var end = cluster.await(List.of(big, oneLine), Duration.ofMinutes(10), s -> { });
        for (JobStatus s : end.values()) {
            if (s.state() != JobState.COMPLETED) {
                throw new IllegalStateException("bench job did not complete: " + s);
            }
        }
        String bigPath = LogLocator.path(cluster.scheduler(), transport, cluster.workRoot(), big, cluster.directoryOf(big), false).orElseThrow();
        long size = transport.size(bigPath);
        System.out.printf("== tail of a %.2f GB log (%s) over the reused SSH session ==%n", size / (double) (1L << 30), bigPath);

        String first = cluster.tail(big, false, 20);  // warm: session, SFTP channel, JIT
        if (!first.endsWith("last line: done\n")) {
            throw new IllegalStateException("wrong tail: " + first);
        }
        for (int i = 0; i < 5; i++) {
            cluster.tail(big, false, 20);
        }
        double[] tail20 = timesMs(n, () -> cluster.tail(big, false, 20));
        double[] tail2000 = timesMs(n, () -> cluster.tail(big, false, 2000));
        double cli = cliMs(Math.min(n, 10), "tail -n 20 " + Shell.quote(bigPath));
        System.out.printf("%-44s median %7.1f ms   max %7.1f ms   (%,d bytes returned)%n", "%hpc logs --tail 20", tail20[n / 2], tail20[n - 1],
                first.getBytes().length);
        System.out.printf("%-44s median %7.1f ms   max %7.1f ms   (%,d bytes returned)%n", "%hpc logs --tail 2000", tail2000[n / 2],
                tail2000[n - 1], cluster.tail(big, false, 2000).getBytes().length);
        System.out.printf("%-44s median %7.1f ms%n", "reference: ssh hpc tail -n 20 (new connection)", cli);
        System.out.println("target: < 300 ms warm -> " + (tail20[n / 2] < 300 ? "met" : "NOT met"));

        String line = cluster.tail(oneLine, false, 20);
        System.out.printf("== a 20 MB log with no newline: --tail 20 returns %,d bytes; first line: %s%n", line.getBytes().length,
                line.substring(0, line.indexOf('\n')));

        System.gc();
        Thread.sleep(200);
        long rss0 = rssKb();
        long heap0 = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
        List<Integer> sizes = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            sizes.add(cluster.tail(big, false, 2000).length());
            sizes.add(cluster.tail(oneLine, false, 20).length());
        }
        long rss1 = rssKb();
        System.gc();
        Thread.sleep(200);
        long heap1 = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
        System.out.printf("== memory over 100 more tails (50 x --tail 2000 of 1 GB, 50 x the 20 MB line) ==%n");
        System.out.printf("JVM RSS %,d KB -> %,d KB (growth %.1f MB; target < 20 MB -> %s); heap after GC %,d KB -> %,d KB%n",
                rss0, rss1, (rss1 - rss0) / 1024.0, (rss1 - rss0) / 1024.0 < 20 ? "met" : "NOT met", heap0 / 1024, heap1 / 1024);

        transport.exec("rm -f " + Shell.quote(bigPath) + " " + Shell.quote(
                LogLocator.path(cluster.scheduler(), transport, cluster.workRoot(), oneLine, cluster.directoryOf(oneLine), false).orElseThrow()),
                Duration.ofSeconds(30));
        transport.close();
        ledger.close();
    }
}
