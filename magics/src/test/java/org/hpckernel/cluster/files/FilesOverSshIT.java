package org.hpckernel.cluster.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.hpckernel.cluster.BatchProtocol;
import org.hpckernel.cluster.Cluster;
import org.hpckernel.cluster.Prompter;
import org.hpckernel.cluster.Shell;
import org.hpckernel.cluster.TestCluster;
import org.hpckernel.cluster.profile.Profile;
import org.hpckernel.cluster.slurm.SlurmScheduler;
import org.hpckernel.cluster.ssh.SshTransport;
import org.hpckernel.ledger.Ledger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 300 MB file to the localhost cluster and back over the real sshd: progress, SHA-256 on both
 * sides, a second put skipped, and copies cut by a killed connection or an interrupt that resume.
 */
class FilesOverSshIT {

    private static final long SIZE = 300L << 20;

    @TempDir
    static Path here;

    private static SshTransport ssh;
    private static SshTransport other;
    private static Cluster cluster;
    private static Path big;
    private static String sha;
    private static String folder;

    @BeforeAll
    static void setUp() throws Exception {
        ssh = new SshTransport(TestCluster.target(), Prompter.NONE);
        other = new SshTransport(TestCluster.target(), Prompter.NONE);
        Profile profile = new Profile(
                "files-it",
                "localhost",
                null,
                null,
                null,
                null,
                null,
                "slurm",
                "~/hpc-kernel-it",
                null,
                null,
                List.of(),
                java.util.Map.of());
        cluster = new Cluster(
                profile, ssh, new BatchProtocol(new SlurmScheduler(), ssh), Ledger.open(here.resolve("ledger.db")));
        folder = "hpc-kernel-files-it-" + ProcessHandle.current().pid();
        big = here.resolve("big.bin");
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        SplittableRandom random = new SplittableRandom(14);
        byte[] block = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(big)) {
            for (long n = 0; n < SIZE; n += block.length) {
                for (int i = 0; i < block.length; i += 8) {
                    long v = random.nextLong();
                    for (int k = 0; k < 8; k++) {
                        block[i + k] = (byte) (v >>> (8 * k));
                    }
                }
                out.write(block);
                digest.update(block);
            }
        }
        sha = HexFormat.of().formatHex(digest.digest());
    }

    @AfterAll
    static void tearDown() throws Exception {
        ssh.exec("rm -rf " + Shell.quote(ssh.home() + "/" + folder), Duration.ofSeconds(30));
        ssh.close();
        other.close();
    }

    private static String remoteSha(String path) throws IOException {
        return ssh.exec("sha256sum < " + Shell.quote(path), Duration.ofSeconds(60))
                .stdout()
                .substring(0, 64);
    }

    private static String localSha(Path file) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] b = new byte[1 << 20];
            for (int n; (n = in.read(b)) > 0; ) {
                digest.update(b, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Kills this connection's sshd (from another connection) once half the bytes are in place. */
    private static TransferListener killAtHalf(List<TransferListener.Progress> seen) throws IOException {
        String sshd = ssh.exec("echo $PPID", Duration.ofSeconds(10)).stdout().strip();
        AtomicBoolean killed = new AtomicBoolean();
        return p -> {
            seen.add(p);
            if (p.done() > p.total() / 2 && !killed.getAndSet(true)) {
                try {
                    assertTrue(other.exec("kill -9 " + sshd, Duration.ofSeconds(10))
                            .ok());
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
        };
    }

    @Test
    void aBigFileGoesAndComesBackVerifiedSkipsWhenUnchangedAndResumesAfterACutConnection() throws Exception {
        // put: progress all the way, the cluster's own sha256sum agrees, the time travels
        List<TransferListener.Progress> seen = new ArrayList<>();
        Copied put = cluster.put(List.of(big), folder + "/", seen::add).get(0);
        assertEquals(Copied.Outcome.COPIED, put.outcome());
        assertEquals(sha, put.sha256());
        String remote = ssh.home() + "/" + folder + "/big.bin";
        assertEquals(remote, put.to());
        assertEquals(sha, remoteSha(remote));
        assertTrue(seen.size() > 100, seen.size() + " progress events");
        assertEquals(SIZE, seen.get(seen.size() - 1).done());
        assertEquals(SIZE, seen.get(seen.size() - 1).total());
        for (int i = 1; i < seen.size(); i++) {
            assertTrue(seen.get(i).done() >= seen.get(i - 1).done(), "progress never goes back");
        }
        assertEquals(
                Files.getLastModifiedTime(big).toInstant().getEpochSecond(),
                ssh.stat(remote).orElseThrow().modified().getEpochSecond());

        // a second put: same size and time, skipped without a byte moved
        List<TransferListener.Progress> again = new ArrayList<>();
        assertEquals(
                Copied.Outcome.UNCHANGED,
                cluster.put(List.of(big), folder + "/", again::add).get(0).outcome());
        assertEquals(0, again.get(again.size() - 1).moved());

        // get it back; the connection is killed half way, the same call reconnects and goes on from the part
        Path back = here.resolve("back/big.bin");
        List<TransferListener.Progress> cut = new ArrayList<>();
        int connects = ssh.connectCount();
        Copied got =
                cluster.get(List.of(folder + "/big.bin"), back, killAtHalf(cut)).get(0);
        assertTrue(ssh.connectCount() > connects, "the connection was cut and opened again");
        assertTrue(got.resumedFrom() > 0 && got.resumedFrom() < SIZE, "resumed from " + got.resumedFrom());
        assertTrue(
                cut.get(cut.size() - 1).moved() < SIZE + SIZE / 4,
                "not copied again from 0: " + cut.get(cut.size() - 1).moved());
        assertEquals(sha, got.sha256());
        assertEquals(sha, localSha(back));
        assertFalse(Files.exists(here.resolve("back/big.bin.part")));

        // a put cut the same way, into a new name
        Copied cutPut = cluster.put(List.of(big), folder + "/again.bin", killAtHalf(new ArrayList<>()))
                .get(0);
        assertTrue(cutPut.resumedFrom() > 0, "resumed from " + cutPut.resumedFrom());
        assertEquals(sha, remoteSha(ssh.home() + "/" + folder + "/again.bin"));
    }

    @Test
    void anInterruptedPutKeepsItsPartAndTheNextPutResumesFromIt() throws Exception {
        Path file = here.resolve("third.bin");
        Files.createLink(file, big);
        TransferListener stopAtHalf = p -> {
            if (p.done() > p.total() / 2) {
                Thread.currentThread().interrupt();
            }
        };
        assertThrows(FileCopier.Interrupted.class, () -> cluster.put(List.of(file), folder + "/", stopAtHalf));
        assertTrue(Thread.interrupted());
        long part = ssh.stat(ssh.home() + "/" + folder + "/third.bin.part")
                .orElseThrow()
                .size();
        assertTrue(part >= SIZE / 2 - (1 << 20) && part < SIZE, part + " bytes in the part");
        List<TransferListener.Progress> seen = new ArrayList<>();
        Copied resumed = cluster.put(List.of(file), folder + "/", seen::add).get(0);
        assertEquals(part, resumed.resumedFrom());
        assertEquals(SIZE - part, seen.get(seen.size() - 1).moved());
        assertEquals(sha, remoteSha(ssh.home() + "/" + folder + "/third.bin"));
    }
}
