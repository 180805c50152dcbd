package org.hpckernel.cluster.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.hpckernel.HpcException;
import org.hpckernel.cluster.Prompter;
import org.hpckernel.cluster.TestCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against the real sshd of install/test-cluster.sh: refusals that retrying cannot fix come back as
 * a HpcException (which the reconnect loop never retries) saying what to do, not as a network error.
 */
class SshLoginProblemsIT {

    private static HpcException refused(SshTransport ssh) {
        try (ssh) {
            return assertThrows(HpcException.class, () -> ssh.exec("true", Duration.ofSeconds(10)));
        }
    }

    @Test
    void aKeyFileThatIsNoKey(@TempDir Path dir) throws Exception {
        Path junk = Files.writeString(dir.resolve("id_junk"), "this is not a key\n");
        HpcException e = refused(
                new SshTransport(TestCluster.target().withKey(junk), Prompter.NONE, java.util.Optional.empty()));
        assertTrue(e.getMessage().contains("is not a private key"), e.getMessage());
    }

    @Test
    void aKeyTheServerDoesNotKnow(@TempDir Path dir) throws Exception {
        Path key = dir.resolve("id_stranger");
        Process p = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key.toString())
                .redirectErrorStream(true)
                .start();
        assertEquals(0, p.waitFor(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        HpcException e =
                refused(new SshTransport(TestCluster.target().withKey(key), Prompter.NONE, java.util.Optional.empty()));
        assertTrue(
                e.getMessage().contains("did not accept") && e.getMessage().contains("authorized_keys"),
                e.getMessage());
    }

    @Test
    void aWrongPassphraseIsAskedOnceAndSaidToBeWrong(@TempDir Path dir) throws Exception {
        Path key = dir.resolve("id_locked");
        Files.copy(Path.of(TestCluster.env("HPC_SSH_KEY")), key);
        Files.setPosixFilePermissions(key, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        Process p = new ProcessBuilder("ssh-keygen", "-q", "-p", "-P", "", "-N", "right one", "-f", key.toString())
                .redirectErrorStream(true)
                .start();
        assertEquals(0, p.waitFor(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        List<String> asked = new CopyOnWriteArrayList<>();
        Prompter wrong = (prompt, secret) -> {
            asked.add(prompt);
            return "wrong one";
        };
        HpcException e =
                refused(new SshTransport(TestCluster.target().withKey(key), wrong, java.util.Optional.empty()));
        assertTrue(e.getMessage().contains("passphrase was wrong"), e.getMessage());
        assertEquals(1, asked.size(), "asked once, not once per reconnect: " + asked);
    }

    @Test
    void aRevokedHostKeyIsRefusedAsRevoked(@TempDir Path dir) throws Exception {
        StringBuilder revoked = new StringBuilder();
        for (String line : Files.readAllLines(Path.of(TestCluster.env("HPC_SSH_KNOWN_HOSTS")))) {
            revoked.append("@revoked ").append(line).append('\n').append(line).append('\n');
        }
        Path knownHosts = Files.writeString(dir.resolve("known_hosts"), revoked);
        HpcException e = refused(new SshTransport(
                TestCluster.target().withKnownHosts(knownHosts), Prompter.NONE, java.util.Optional.empty()));
        assertTrue(e.getMessage().contains("marked @revoked in " + knownHosts), e.getMessage());
    }
}
