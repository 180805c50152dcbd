import org.hpckernel.cluster.BatchProtocol;
import org.hpckernel.cluster.Cluster;
import org.hpckernel.cluster.Prompter;
import org.hpckernel.cluster.Shell;
import org.hpckernel.cluster.files.Copied;
import org.hpckernel.cluster.files.TransferListener;
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
import java.util.Map;

/**
 * Cluster.get and Cluster.put of a 1 GB file (streamed, SHA-256 verified on both sides) against the
 * scp a user would type instead, on the localhost cluster. Run through bench/files/run.sh.
 */
public class FilesBench {

    interface Step { void run() throws Exception; }

    static double seconds(Step step) throws Exception {
        long t0 = System.nanoTime();
        step.run();
        return (System.nanoTime() - t0) / 1e9;
    }

    static double median(List<Double> xs) {
        double[] a = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }

    static void run(String... argv) throws Exception {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("failed: " + String.join(" ", argv));
        }
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("slf4j.internal.verbosity", "ERROR");
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        long size = 1L << 30;
        String config = System.getenv("HPC_SSH_CONFIG");
        SshTarget target = SshTarget.of(System.getenv("HPC_SSH_HOST")).withPort(Integer.parseInt(System.getenv("HPC_SSH_PORT")))
                .withUser(System.getenv("HPC_SSH_USER")).withKey(Path.of(System.getenv("HPC_SSH_KEY")))
                .withKnownHosts(Path.of(System.getenv("HPC_SSH_KNOWN_HOSTS")));
        SshTransport ssh = new SshTransport(target, Prompter.NONE);
        Path tmp = Files.createTempDirectory("files-bench");
        Profile profile = new Profile("bench", "localhost", null, null, null, null, null, "slurm", "~/hpc-kernel-bench", null, null,
                List.of(), Map.of());
        Cluster cluster = new Cluster(profile, ssh, new BatchProtocol(new SlurmScheduler(), ssh), Ledger.open(tmp.resolve("ledger.db")));
        String folder = ssh.home() + "/hpc-kernel-bench-files";
        String remote = folder + "/big.bin";
        Path local = tmp.resolve("got.bin");
        Path scpLocal = tmp.resolve("scp.bin");
        try {
            ssh.exec("mkdir -p " + Shell.quote(folder) + " && head -c " + size + " /dev/urandom > " + Shell.quote(remote), Duration.ofMinutes(5));
            List<Double> get = new ArrayList<>(), scpGet = new ArrayList<>(), put = new ArrayList<>(), scpPut = new ArrayList<>();
            List<Double> raw = new ArrayList<>();
            Path rawLocal = tmp.resolve("raw.bin");
            for (int i = 0; i < runs; i++) {
                Files.deleteIfExists(local);
                Files.deleteIfExists(scpLocal);
                get.add(seconds(() -> {
                    Copied c = cluster.get(List.of(remote), local, TransferListener.NONE).get(0);
                    if (c.outcome() != Copied.Outcome.COPIED || Files.size(local) != size) throw new IllegalStateException(c.toString());
                }));
                scpGet.add(seconds(() -> run("scp", "-q", "-F", config, "hpc:" + remote, scpLocal.toString())));
                // the transport alone: the same SFTP stream without the part file, the checksums and the rename
                raw.add(seconds(() -> {
                    try (var out = Files.newOutputStream(rawLocal)) {
                        ssh.download(remote, 0, out);
                    }
                }));
                Files.deleteIfExists(rawLocal);
                ssh.exec("rm -f " + Shell.quote(folder + "/up.bin") + " " + Shell.quote(folder + "/scp-up.bin"), Duration.ofSeconds(30));
                put.add(seconds(() -> {
                    Copied c = cluster.put(List.of(local), folder + "/up.bin", TransferListener.NONE).get(0);
                    if (c.outcome() != Copied.Outcome.COPIED) throw new IllegalStateException(c.toString());
                }));
                scpPut.add(seconds(() -> run("scp", "-q", "-F", config, local.toString(), "hpc:" + folder + "/scp-up.bin")));
                System.out.printf("run %d: get %.2f s, scp get %.2f s, raw download %.2f s, put %.2f s, scp put %.2f s%n", i + 1,
                        get.get(i), scpGet.get(i), raw.get(i), put.get(i), scpPut.get(i));
            }
            double mb = size / 1e6;
            System.out.printf("%nmedian of %d runs, 1 GiB, localhost sshd (%s):%n", runs, "OpenSSH scp over its SFTP mode");
            System.out.printf("  Cluster.get (SHA-256 verified)  %6.2f s  %6.0f MB/s%n", median(get), mb / median(get));
            System.out.printf("  scp hpc:FILE /tmp/x             %6.2f s  %6.0f MB/s%n", median(scpGet), mb / median(scpGet));
            System.out.printf("  ratio get / scp                 %6.2f   (<= 1.00: at least as fast)%n", median(get) / median(scpGet));
            System.out.printf("  SshTransport.download (no checks) %4.2f s  %6.0f MB/s  ratio to scp %.2f%n", median(raw), mb / median(raw),
                    median(raw) / median(scpGet));
            System.out.printf("  Cluster.put (SHA-256 verified)  %6.2f s  %6.0f MB/s%n", median(put), mb / median(put));
            System.out.printf("  scp FILE hpc:                   %6.2f s  %6.0f MB/s%n", median(scpPut), mb / median(scpPut));
            System.out.printf("  ratio put / scp                 %6.2f%n", median(put) / median(scpPut));
        } finally {
            ssh.exec("rm -rf " + Shell.quote(folder), Duration.ofSeconds(60));
            try (var files = Files.list(tmp)) {
                for (Path p : files.toList()) Files.deleteIfExists(p);
            }
            Files.deleteIfExists(tmp);
            ssh.close();
        }
    }
}
