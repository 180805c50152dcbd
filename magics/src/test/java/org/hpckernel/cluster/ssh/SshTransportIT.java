package org.hpckernel.cluster.ssh;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.hpckernel.HpcException;
import org.hpckernel.cluster.ExecResult;
import org.hpckernel.cluster.Prompter;
import org.hpckernel.cluster.Shell;
import org.hpckernel.cluster.TestCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against the real sshd of install/test-cluster.sh, as the test user. */
class SshTransportIT {

    private static SshTransport ssh;

    @BeforeAll
    static void connect() {
        ssh = new SshTransport(TestCluster.target(), Prompter.NONE);
    }

    @AfterAll
    static void close() {
        ssh.close();
    }

    @Test
    void commandsReuseOneSession() throws Exception {
        String first = ssh.exec("echo $SSH_CONNECTION", Duration.ofSeconds(10)).stdout();
        for (int i = 0; i < 20; i++) {
            assertEquals(
                    first,
                    ssh.exec("echo $SSH_CONNECTION", Duration.ofSeconds(10)).stdout());
        }
        assertEquals(1, ssh.connectCount());
    }

    @Test
    void exitCodeAndStderrComeBack() throws Exception {
        ExecResult r = ssh.exec("echo out; echo err >&2; exit 3", Duration.ofSeconds(10));
        assertEquals(3, r.exitCode());
        assertEquals("out\n", r.stdout());
        assertEquals("err\n", r.stderr());
    }

    @Test
    void hostileValuesSurviveARealRemoteShellByteForByte() throws Exception {
        for (String hostile : List.of(
                "$(touch /tmp/pwned)", "`id`", "it's \"q\"", "a\nb", "実験 🚀", "*", "-n", "", "\\", "; rm -rf ~ ;")) {
            ExecResult r = ssh.exec("printf %s " + Shell.quote(hostile), Duration.ofSeconds(10));
            assertEquals(hostile, r.stdout());
        }
    }

    @Test
    void filesTravelBySftpAndReadFromAnOffset() throws Exception {
        String path = ssh.home() + "/it-sftp/deep/dir/file.txt";
        byte[] content = "line 1\nline 2\nline 3\n".getBytes(StandardCharsets.UTF_8);
        ssh.write(path, content, 0700);
        assertArrayEquals(content, ssh.read(path, 0, 1 << 20));
        assertEquals("line 3\n", new String(ssh.read(path, 14, 1 << 20), StandardCharsets.UTF_8));
        assertEquals(0, ssh.read(path, content.length, 100).length);
        assertEquals(0, ssh.read(ssh.home() + "/no/such/file", 0, 100).length);
        assertEquals(
                "-rwx------",
                ssh.exec("stat -c %A " + Shell.quote(path), Duration.ofSeconds(10))
                        .stdout()
                        .strip());
    }

    @Test
    void aCommandPastItsTimeoutIsStoppedWithAClearMessage() throws Exception {
        int connections = ssh.connectCount();
        // a duration no other process has, so the check below finds this very sleep
        String sleep = "sleep 29." + String.format("%09d", System.nanoTime() % 1_000_000_000L);
        var e = assertThrows(java.io.IOException.class, () -> ssh.exec(sleep, Duration.ofSeconds(1)));
        assertTrue(
                e.getMessage().contains("`sleep` on") && e.getMessage().contains("did not finish within 1 s"),
                e.getMessage());
        // stopped, not left running on the cluster: the remote sleep is gone (signal or closed channel)
        String left = "";
        for (int i = 0; i < 50; i++) {
            left = ssh.exec("pgrep -u \"$(id -u)\" -f -x " + Shell.quote(sleep) + " || true", Duration.ofSeconds(10))
                    .stdout()
                    .strip();
            if (left.isEmpty()) {
                break;
            }
            Thread.sleep(200);
        }
        assertEquals("", left, "the timed-out " + sleep + " still runs on the cluster");
        assertEquals(
                "ok\n",
                ssh.exec("echo ok", Duration.ofSeconds(10)).stdout(),
                "the session outlives a timed-out command");
        assertEquals(connections, ssh.connectCount(), "no reconnect after a timeout");
    }

    @Test
    void anUnknownHostKeyIsRefusedWithItsFingerprintAndWhatToDo(@TempDir Path dir) throws Exception {
        Path empty = Files.writeString(dir.resolve("known_hosts"), "");
        SshTransport stranger = new SshTransport(TestCluster.target().withKnownHosts(empty), Prompter.NONE);
        HpcException e = assertThrows(HpcException.class, () -> stranger.exec("true", Duration.ofSeconds(5)));
        assertTrue(e.getMessage().contains("SHA256:") && e.getMessage().contains("ssh-keyscan"), e.getMessage());
        stranger.close();
    }

    @Test
    void aChangedHostKeyIsRefused(@TempDir Path dir) throws Exception {
        String fake = "[127.0.0.1]:" + TestCluster.env("HPC_SSH_PORT")
                + " ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBNdHFkrgyFMSbOjWwkD7BYnYRtdCdR3tPFY6Hw0oD8o\n";
        Path wrong = Files.writeString(dir.resolve("known_hosts"), fake);
        SshTransport spoofed = new SshTransport(TestCluster.target().withKnownHosts(wrong), Prompter.NONE);
        HpcException e = assertThrows(HpcException.class, () -> spoofed.exec("true", Duration.ofSeconds(5)));
        assertTrue(e.getMessage().contains("CHANGED"), e.getMessage());
        spoofed.close();
    }

    @Test
    void aCommandCutByADroppedConnectionIsReportedNotRetriedAndTheNextCallReconnects() throws Exception {
        SshTransport own = new SshTransport(TestCluster.target(), Prompter.NONE);
        Path marker = Path.of(own.home(), "it-drop-" + System.nanoTime());
        // the command kills its own connection (this session's sshd process) after leaving a mark
        var cut = assertThrows(
                java.io.IOException.class,
                () -> own.exec(
                        "echo ran >> " + Shell.quote(marker.toString()) + "; kill -9 $PPID; sleep 5",
                        Duration.ofSeconds(20)));
        assertTrue(cut.getMessage().contains("may or may not have run"), cut.getMessage());
        assertEquals("back\n", own.exec("echo back", Duration.ofSeconds(10)).stdout());
        assertEquals(2, own.connectCount());
        assertEquals(
                "ran\n",
                own.exec("cat " + Shell.quote(marker.toString()), Duration.ofSeconds(10))
                        .stdout(),
                "run exactly once");
        own.close();
    }

    @Test
    void aConnectionKilledFromOutsideIsReopenedForTheNextPlainCommand() throws Exception {
        SshTransport own = new SshTransport(TestCluster.target(), Prompter.NONE);
        String sshdPid = own.exec("echo $PPID", Duration.ofSeconds(10)).stdout().strip();
        assertTrue(sshdPid.matches("\\d+"), sshdPid);
        assertTrue(ssh.exec("kill -9 " + sshdPid, Duration.ofSeconds(10)).ok());
        assertEquals("back\n", own.exec("echo back", Duration.ofSeconds(10)).stdout());
        assertEquals(2, own.connectCount());
        own.close();
    }

    @Test
    void sshConfigAliasesResolveHostPortUserAndKey(@TempDir Path dir) throws Exception {
        Path config = Files.writeString(
                dir.resolve("config"),
                "Host mycluster\n  HostName " + TestCluster.env("HPC_SSH_HOST")
                        + "\n  Port " + TestCluster.env("HPC_SSH_PORT") + "\n  User " + TestCluster.env("HPC_SSH_USER")
                        + "\n  IdentityFile " + TestCluster.env("HPC_SSH_KEY") + "\n");
        SshTarget alias = SshTarget.of("mycluster")
                .withSshConfig(config)
                .withKnownHosts(Path.of(TestCluster.env("HPC_SSH_KNOWN_HOSTS")));
        SshTransport viaAlias = new SshTransport(alias, Prompter.NONE);
        assertEquals(
                TestCluster.env("HPC_SSH_USER") + "\n",
                viaAlias.exec("id -un", Duration.ofSeconds(10)).stdout());
        viaAlias.close();
    }

    @Test
    void proxyJumpReachesTheHostThroughAJumpHost() throws Exception {
        SshTarget jumped = TestCluster.target()
                .withJump(TestCluster.env("HPC_SSH_USER") + "@" + TestCluster.env("HPC_SSH_HOST") + ":"
                        + TestCluster.env("HPC_SSH_PORT"));
        SshTransport viaJump = new SshTransport(jumped, Prompter.NONE);
        assertEquals(
                "jumped\n", viaJump.exec("echo jumped", Duration.ofSeconds(10)).stdout());
        viaJump.close();
    }

    @Test
    void aKeyPassphraseIsAskedOnceThroughThePrompterAndNeverAgainOnTheSameConnection(@TempDir Path dir)
            throws Exception {
        // the cluster's own key, re-encrypted with a passphrase: the server already trusts it
        Path key = dir.resolve("id_locked");
        Files.copy(Path.of(TestCluster.env("HPC_SSH_KEY")), key);
        Files.setPosixFilePermissions(key, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        Process p = new ProcessBuilder("ssh-keygen", "-q", "-p", "-P", "", "-N", "s3cret pass", "-f", key.toString())
                .redirectErrorStream(true)
                .start();
        assertEquals(0, p.waitFor(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        List<String> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
        Prompter prompter = (prompt, secret) -> {
            asked.add(prompt + (secret ? " [secret]" : ""));
            return "s3cret pass";
        };
        SshTransport locked = new SshTransport(TestCluster.target().withKey(key), prompter);
        for (int i = 0; i < 5; i++) {
            assertEquals("ok\n", locked.exec("echo ok", Duration.ofSeconds(10)).stdout());
        }
        locked.write(locked.home() + "/it-locked/file", "x".getBytes(StandardCharsets.UTF_8), 0600);
        assertEquals("x", new String(locked.read(locked.home() + "/it-locked/file", 0, 10), StandardCharsets.UTF_8));
        assertEquals(1, locked.connectCount());
        assertEquals(1, asked.size(), asked.toString());
        assertTrue(asked.get(0).endsWith("[secret]"), asked.toString());
        locked.close();
    }

    @Test
    void hashedKnownHostsEntriesAreAccepted(@TempDir Path dir) throws Exception {
        Path hashed = dir.resolve("known_hosts");
        Files.copy(Path.of(TestCluster.env("HPC_SSH_KNOWN_HOSTS")), hashed);
        Process p = new ProcessBuilder("ssh-keygen", "-q", "-H", "-f", hashed.toString())
                .redirectErrorStream(true)
                .start();
        assertEquals(0, p.waitFor(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        assertTrue(Files.readString(hashed).startsWith("|1|"), "ssh-keygen -H hashed the names");
        SshTransport viaHashed = new SshTransport(TestCluster.target().withKnownHosts(hashed), Prompter.NONE);
        assertEquals(
                "hashed\n",
                viaHashed.exec("echo hashed", Duration.ofSeconds(10)).stdout());
        viaHashed.close();
    }

    @Test
    void aFreshTransportRunsManyCommandsOverItsOneConnection() throws Exception {
        // how much faster that is than the ssh CLI is measured in bench/ssh (run.sh), not asserted here
        SshTransport fresh = new SshTransport(TestCluster.target(), Prompter.NONE);
        try {
            for (int i = 0; i < 50; i++) {
                assertEquals(
                        "x" + i + "\n",
                        fresh.exec("echo x" + i, Duration.ofSeconds(10)).stdout());
            }
            assertEquals(1, fresh.connectCount());
        } finally {
            fresh.close();
        }
    }

    @Test
    void aSecondWriteReplacesTheFileWhole() throws Exception {
        String path = ssh.home() + "/it-sftp/replace.txt";
        ssh.write(path, "first version, longer\n".getBytes(StandardCharsets.UTF_8), 0644);
        ssh.write(path, "second\n".getBytes(StandardCharsets.UTF_8), 0600);
        assertEquals("second\n", new String(ssh.read(path, 0, 1000), StandardCharsets.UTF_8));
        assertEquals(
                "-rw------- 0",
                ssh.exec(
                                "stat -c %A " + Shell.quote(path) + "; ls " + Shell.quote(ssh.home() + "/it-sftp")
                                        + " | grep -c tmp",
                                Duration.ofSeconds(10))
                        .stdout()
                        .replace("\n", " ")
                        .strip());
    }

    /** A private ssh-agent for one test, stopped by its pid. */
    private record Agent(Path socket, long pid) implements AutoCloseable {
        static Agent start(Path dir, Path... keys) throws Exception {
            Path socket = dir.resolve("agent.sock");
            Process p = new ProcessBuilder("ssh-agent", "-s", "-a", socket.toString())
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.waitFor(), out);
            var m = java.util.regex.Pattern.compile("SSH_AGENT_PID=(\\d+)").matcher(out);
            assertTrue(m.find(), out);
            Agent agent = new Agent(socket, Long.parseLong(m.group(1)));
            for (Path key : keys) {
                ProcessBuilder add = new ProcessBuilder("ssh-add", "-q", key.toString()).redirectErrorStream(true);
                add.environment().put("SSH_AUTH_SOCK", socket.toString());
                Process a = add.start();
                assertEquals(0, a.waitFor(), new String(a.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            }
            return agent;
        }

        @Override
        public void close() {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
        }
    }

    private static SshTarget withoutKeyFile() {
        return SshTarget.of(TestCluster.env("HPC_SSH_HOST"))
                .withPort(Integer.parseInt(TestCluster.env("HPC_SSH_PORT")))
                .withUser(TestCluster.env("HPC_SSH_USER"))
                .withKnownHosts(Path.of(TestCluster.env("HPC_SSH_KNOWN_HOSTS")))
                .withSshConfig(Path.of("/nonexistent-ssh-config"));
    }

    @Test
    void theSshAgentsKeyLogsInWhenTheProfileNamesNoKeyFile(@TempDir Path dir) throws Exception {
        try (Agent agent = Agent.start(dir, Path.of(TestCluster.env("HPC_SSH_KEY")))) {
            SshTransport viaAgent = new SshTransport(
                    withoutKeyFile(),
                    Prompter.NONE,
                    java.util.Optional.of(agent.socket().toString()));
            assertEquals(
                    "agent\n",
                    viaAgent.exec("echo agent", Duration.ofSeconds(10)).stdout());
            viaAgent.close();
        }
        SshTransport noAgentNoKey = new SshTransport(withoutKeyFile(), Prompter.NONE, java.util.Optional.empty());
        HpcException refused =
                assertThrows(HpcException.class, () -> noAgentNoKey.exec("true", Duration.ofSeconds(10)));
        assertTrue(refused.getMessage().contains("was refused"), refused.getMessage());
        noAgentNoKey.close();
    }

    @Test
    void aKeyFileStillWorksWhileAnAgentWithOtherKeysRuns(@TempDir Path dir) throws Exception {
        try (Agent agent = Agent.start(dir)) {
            SshTransport both = new SshTransport(
                    TestCluster.target(),
                    Prompter.NONE,
                    java.util.Optional.of(agent.socket().toString()));
            assertEquals("key\n", both.exec("echo key", Duration.ofSeconds(10)).stdout());
            both.close();
        }
    }
}
