import org.hpckernel.cluster.Prompter;
import org.hpckernel.cluster.ssh.SshTarget;
import org.hpckernel.cluster.ssh.SshTransport;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

/**
 * A command over hpc-kernel's reused SSH session against the same command through the ssh CLI (a new
 * connection each time), on the localhost cluster; prints the times and their ratio. Was an assert in
 * SshTransportIT (reused median x 3 < ssh); timings belong here, not in tests. Run through run.sh.
 */
public class SshBench {

    public static void main(String[] args) throws Exception {
        int reusedRuns = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int sshRuns = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        SshTarget target = SshTarget.of(System.getenv("HPC_SSH_HOST"))
                .withPort(Integer.parseInt(System.getenv("HPC_SSH_PORT")))
                .withUser(System.getenv("HPC_SSH_USER")).withKey(Path.of(System.getenv("HPC_SSH_KEY")))
                .withKnownHosts(Path.of(System.getenv("HPC_SSH_KNOWN_HOSTS")))
                .withSshConfig(Path.of("/nonexistent-ssh-config"));
        long t0 = System.nanoTime();
        SshTransport session = new SshTransport(target, Prompter.NONE);
        session.exec("true", Duration.ofSeconds(30));
        long connect = System.nanoTime() - t0;
        long[] reused = new long[reusedRuns];
        for (int i = 0; i < reused.length; i++) {
            long t = System.nanoTime();
            session.exec("true", Duration.ofSeconds(30));
            reused[i] = System.nanoTime() - t;
        }
        Arrays.sort(reused);
        long[] ssh = new long[sshRuns];
        for (int i = 0; i < ssh.length; i++) {
            long t = System.nanoTime();
            Process p = new ProcessBuilder("ssh", "-F", System.getenv("HPC_SSH_CONFIG"), "hpc", "true")
                    .inheritIO().start();
            if (p.waitFor() != 0) {
                throw new IllegalStateException("ssh -F $HPC_SSH_CONFIG hpc true failed");
            }
            ssh[i] = System.nanoTime() - t;
        }
        Arrays.sort(ssh);
        int connections = session.connectCount();
        session.close();
        double reusedMedian = reused[reused.length / 2] / 1e6;
        double sshMedian = ssh[ssh.length / 2] / 1e6;
        System.out.printf("new connection + first command: %.1f ms%n", connect / 1e6);
        System.out.printf("reused session, median of %d:   %.1f ms (connections opened: %d)%n", reusedRuns,
                reusedMedian, connections);
        System.out.printf("ssh CLI, median of %d:          %.1f ms (best %.1f ms)%n", sshRuns, sshMedian, ssh[0] / 1e6);
        System.out.printf("ratio reused / ssh CLI:         %.3f (below 0.33 is what the old test demanded)%n",
                reusedMedian / sshMedian);
    }
}
