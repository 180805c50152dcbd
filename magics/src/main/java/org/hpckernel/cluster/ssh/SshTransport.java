package org.hpckernel.cluster.ssh;

import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import com.jcraft.jsch.SftpATTRS;
import com.jcraft.jsch.SftpException;
import com.jcraft.jsch.UIKeyboardInteractive;
import com.jcraft.jsch.UserInfo;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hpckernel.HpcException;
import org.hpckernel.cluster.ExecResult;
import org.hpckernel.cluster.Prompter;
import org.hpckernel.cluster.RemoteFile;
import org.hpckernel.cluster.Transport;

/**
 * One SSH session to a cluster, reused by every call: commands on exec channels, files over one
 * SFTP channel. Host keys are checked against known_hosts and never accepted silently. When the
 * connection drops, the next call reconnects with backoff; a command that may already have run is
 * not run again unless the caller said it is safe to.
 */
public final class SshTransport implements Transport {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SshTransport.class);

    private static final int CONNECT_TIMEOUT_MS = 15_000;
    private static final long[] BACKOFF_MS = {0, 500, 1000, 2000, 4000};

    private final SshTarget target;
    private final Prompter prompter;
    private final Optional<String> agentSocket;
    private Session session;
    private Session jumpSession;
    private ChannelSftp sftp;
    private String home;
    private SshConfigResolver.Resolved resolved;
    private int connects;
    /** The prompts of the newest login attempt: whether a passphrase was asked tells a wrong one from a refused key. */
    private AskOnce lastAsk;

    /** Uses the ssh-agent named by SSH_AUTH_SOCK, when set. */
    public SshTransport(SshTarget target, Prompter prompter) {
        this(
                target,
                prompter,
                Optional.ofNullable(System.getenv("SSH_AUTH_SOCK")).filter(s -> !s.isBlank()));
    }

    /** With an explicit ssh-agent socket (or none): tests start their own agent. */
    public SshTransport(SshTarget target, Prompter prompter, Optional<String> agentSocket) {
        this.target = target;
        this.prompter = prompter;
        this.agentSocket = agentSocket;
    }

    /** How many times a session was opened: 1 means every call so far reused the first one. */
    public synchronized int connectCount() {
        return connects;
    }

    private synchronized Session session() throws IOException {
        if (session != null && session.isConnected()) {
            return session;
        }
        IOException last = null;
        for (long wait : BACKOFF_MS) {
            sleep(wait);
            try {
                connect();
                return session;
            } catch (HpcException refusedForGood) {
                throw refusedForGood;
            } catch (IOException e) {
                last = e;
            }
        }
        throw new IOException(
                "cannot connect to " + describe() + " after " + BACKOFF_MS.length + " tries: " + last.getMessage()
                        + " (check the host, the network or VPN, and `%hpc profile test`)",
                last);
    }

    private void connect() throws IOException {
        disconnectQuietly();
        resolved = SshConfigResolver.resolve(target);
        JSch jsch = new JSch();
        try {
            if (!Files.isRegularFile(resolved.knownHosts())) {
                throw new HpcException("No known_hosts file at " + resolved.knownHosts() + ", so the host key of "
                        + resolved.hostName()
                        + " cannot be checked. Create it with the cluster's published key, e.g. `ssh-keyscan -p "
                        + resolved.port() + " "
                        + resolved.hostName() + " >> " + resolved.knownHosts() + "` after comparing the fingerprint.");
            }
            jsch.setKnownHosts(resolved.knownHosts().toString());
            // agent first: JSch keeps a key file added afterwards next to the agent's keys, not the reverse
            if (agentSocket.isPresent()
                    && !(resolved.identitiesOnly() && resolved.key().isPresent())) {
                useAgent(jsch, agentSocket.get());
            }
            if (resolved.key().isPresent()) {
                jsch.addIdentity(resolved.key().get().toString());
            }
            String host = resolved.hostName();
            int port = resolved.port();
            if (resolved.jump().isPresent()) {
                jumpSession = open(jsch, jumpTarget(resolved.jump().get()), null);
                int local = jumpSession.setPortForwardingL(0, resolved.hostName(), resolved.port());
                session = open(jsch, resolved.at("127.0.0.1", local), hostKeyAlias(host, port));
            } else {
                session = open(jsch, resolved, null);
            }
            connects++;
        } catch (JSchException e) {
            disconnectQuietly();
            // a refusal no retry can fix is told now, not after the reconnect backoff as if the network were down
            if (HostKeyProblem.isHostKeyProblem(e)) {
                throw HostKeyProblem.explain(
                        e,
                        resolved.hostName(),
                        resolved.port(),
                        resolved.knownHosts().toString());
            }
            AskOnce asked = lastAsk;
            Optional<HpcException> refused = LoginProblem.explain(
                    e,
                    new LoginProblem.Attempt(
                            resolved.user(),
                            resolved.hostName(),
                            resolved.port(),
                            resolved.key().map(Object::toString),
                            asked != null && asked.passphrase != null));
            if (refused.isPresent()) {
                throw refused.get();
            }
            throw new IOException(e.getMessage(), e);
        }
    }

    private Session open(JSch jsch, SshConfigResolver.Resolved where, String hostKeyAlias) throws JSchException {
        Session s = jsch.getSession(where.user(), where.hostName(), where.port());
        if (hostKeyAlias != null) {
            s.setHostKeyAlias(hostKeyAlias);
        }
        s.setConfig("StrictHostKeyChecking", "yes");
        s.setConfig("HashKnownHosts", "no");
        s.setConfig("PreferredAuthentications", "publickey,keyboard-interactive");
        // classic key exchange first: the post-quantum one costs ~100 ms more on every connect
        s.setConfig("kex", "curve25519-sha256,curve25519-sha256@libssh.org," + JSch.getConfig("kex"));
        if (C1_ONLY) {
            // the kernel's JVM runs C1 only, where AES-GCM's GHASH has no CPU intrinsic (~50 MB/s here) and
            // AES-CTR with HMAC-SHA-512 streams ~95 MB/s: a file copy's speed is the cipher's (bench/files)
            for (String way : new String[] {"s2c", "c2s"}) {
                s.setConfig("cipher." + way, "aes128-ctr,aes256-ctr," + JSch.getConfig("cipher." + way));
                s.setConfig("mac." + way, "hmac-sha2-512-etm@openssh.com," + JSch.getConfig("mac." + way));
            }
        }
        s.setServerAliveInterval(15_000);
        s.setServerAliveCountMax(4);
        lastAsk = new AskOnce(prompter);
        s.setUserInfo(lastAsk);
        try {
            s.connect(CONNECT_TIMEOUT_MS);
        } catch (JSchException e) {
            if (HostKeyProblem.isHostKeyProblem(e)
                    && !HostKeyProblem.isChanged(e)
                    && !HostKeyProblem.isRevoked(e)
                    && s.getHostKey() != null) {
                com.jcraft.jsch.HostKey offered = s.getHostKey();
                throw new JSchException(
                        "UnknownHostKey: " + offered.getHost() + ". " + offered.getType() + " key fingerprint is "
                                + offered.getFingerPrint(jsch),
                        e);
            }
            throw e;
        }
        return s;
    }

    private static String hostKeyAlias(String host, int port) {
        return port == 22 ? host : "[" + host + "]:" + port;
    }

    private SshConfigResolver.Resolved jumpTarget(String jump) throws IOException {
        String spec = jump.split(",")[0];
        String user = null;
        int at = spec.indexOf('@');
        if (at > 0) {
            user = spec.substring(0, at);
            spec = spec.substring(at + 1);
        }
        SshTarget t = SshTarget.of(spec.contains(":") ? spec.substring(0, spec.lastIndexOf(':')) : spec);
        if (spec.contains(":")) {
            t = t.withPort(Integer.parseInt(spec.substring(spec.lastIndexOf(':') + 1)));
        }
        if (user != null) {
            t = t.withUser(user);
        }
        if (target.knownHosts().isPresent()) {
            t = t.withKnownHosts(target.knownHosts().get());
        }
        if (target.sshConfig().isPresent()) {
            t = t.withSshConfig(target.sshConfig().get());
        }
        if (target.key().isPresent()) {
            t = t.withKey(target.key().get());
        }
        return SshConfigResolver.resolve(t);
    }

    private static void useAgent(JSch jsch, String socket) {
        try {
            jsch.setIdentityRepository(
                    new com.jcraft.jsch.AgentIdentityRepository(new com.jcraft.jsch.SSHAgentConnector(
                            new com.jcraft.jsch.UnixDomainSocketFactory(), java.nio.file.Path.of(socket))));
        } catch (Exception | LinkageError noAgent) {
            // no usable agent (LinkageError: the JVM lacks Unix domain sockets): key files still work
            LOG.info("ssh agent at {} not usable; using key files", socket, noAgent);
        }
    }

    @Override
    public ExecResult exec(String command, Duration timeout) throws IOException {
        return run(command, timeout, false);
    }

    @Override
    public ExecResult execIdempotent(String command, Duration timeout) throws IOException {
        return run(command, timeout, true);
    }

    /**
     * Retry rule: a command that never reached the server (the session was already dead, or the
     * channel was refused before the exec request went out) is always sent again on a new
     * session. One that may have started is sent again only when {@code idempotent}: resending
     * {@code sbatch} could submit twice, so the job layer makes submits idempotent itself.
     */
    private ExecResult run(String command, Duration timeout, boolean idempotent) throws IOException {
        try {
            return runOnce(command, timeout);
        } catch (NotSent neverStarted) {
            return runOnce(command, timeout);
        } catch (ConnectionLost lost) {
            if (!idempotent) {
                throw new IOException(
                        "the connection to " + describe() + " dropped while running `" + firstWord(command)
                                + "`; it may or may not have run. The next call reconnects.",
                        lost);
            }
            return runOnce(command, timeout);
        }
    }

    private ExecResult runOnce(String command, Duration timeout) throws IOException {
        ChannelExec channel;
        try {
            channel = (ChannelExec) session().openChannel("exec");
        } catch (JSchException e) {
            dropSession();
            throw new NotSent(e);
        }
        channel.setCommand(command);
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        channel.setErrStream(stderr);
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            InputStream in = channel.getInputStream();
            try {
                channel.connect(CONNECT_TIMEOUT_MS);
            } catch (JSchException e) {
                dropSession();
                // JSch opens the channel before it sends the exec request: these two mean nothing was sent
                String m = String.valueOf(e.getMessage());
                throw m.contains("session is down") || m.contains("channel is not opened")
                        ? new NotSent(e)
                        : new ConnectionLost(e);
            }
            byte[] buffer = new byte[16384];
            while (true) {
                while (in.available() > 0) {
                    int n = in.read(buffer);
                    if (n < 0) {
                        break;
                    }
                    stdout.write(buffer, 0, n);
                }
                if (channel.isClosed()) {
                    if (in.available() > 0) {
                        continue;
                    }
                    break;
                }
                if (System.nanoTime() > deadline) {
                    try {
                        channel.sendSignal("KILL");
                    } catch (Exception noSignals) {
                        // the server may not support signals; closing the channel ends the command's session
                        LOG.debug("KILL signal refused for `{}`", firstWord(command), noSignals);
                    }
                    throw new IOException("`" + firstWord(command) + "` on " + describe() + " did not finish within "
                            + timeout.toSeconds() + " s and was stopped. " + lastLine(stderr)
                            + "The cluster may be overloaded; try again later.");
                }
                if (!session.isConnected()) {
                    throw new ConnectionLost(new IOException("session closed"));
                }
                Thread.sleep(1);
            }
            if (channel.getExitStatus() == -1 && sessionDiesWithin(1000)) {
                // no exit status because the connection, not the command, ended
                throw new ConnectionLost(new IOException("session closed"));
            }
            return new ExecResult(
                    channel.getExitStatus(),
                    stdout.toString(StandardCharsets.UTF_8),
                    stderr.toString(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running `" + firstWord(command) + "`", e);
        } finally {
            channel.disconnect();
        }
    }

    /** JSch closes the channels of a dropped session a moment before it marks the session down. */
    private boolean sessionDiesWithin(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (System.nanoTime() < deadline) {
            Session current = session;
            if (current == null || !current.isConnected()) {
                return true;
            }
            Thread.sleep(5);
        }
        return false;
    }

    /**
     * A new exec channel on the one session, its two streams read as they fill. An interrupt sends
     * the command TERM and closes the channel; a session that drops under it is an IOException (the
     * command may go on: the caller cancels what it started).
     */
    @Override
    public int stream(String command, java.util.function.Consumer<String> out, java.util.function.Consumer<String> err)
            throws IOException, InterruptedException {
        ChannelExec channel;
        Session on = session(); // this run's session, even if another call replaces the field meanwhile
        try {
            channel = (ChannelExec) on.openChannel("exec");
        } catch (JSchException e) {
            dropSession();
            throw new IOException(
                    "cannot open a channel to " + describe() + ": " + e.getMessage() + "; nothing was started", e);
        }
        channel.setCommand(command);
        try {
            org.hpckernel.cluster.TextPump stdout = new org.hpckernel.cluster.TextPump(channel.getInputStream(), out);
            org.hpckernel.cluster.TextPump stderr =
                    new org.hpckernel.cluster.TextPump(channel.getExtInputStream(), err);
            try {
                channel.connect(CONNECT_TIMEOUT_MS);
            } catch (JSchException e) {
                dropSession();
                throw new IOException(
                        "the connection to " + describe() + " failed while starting `" + firstWord(command) + "`: "
                                + e.getMessage(),
                        e);
            }
            while (true) {
                boolean got = stdout.pump();
                got |= stderr.pump(); // both streams every round, whatever the first one had
                if (channel.isClosed() && !got) {
                    stdout.finish();
                    stderr.finish();
                    break;
                }
                if (!channel.isClosed() && !on.isConnected()) {
                    throw new IOException(
                            "the connection to " + describe() + " dropped while `" + firstWord(command) + "` ran");
                }
                if (Thread.interrupted()) {
                    throw new InterruptedException("stopped `" + firstWord(command) + "`");
                }
                if (!got) {
                    Thread.sleep(10);
                }
            }
            if (channel.getExitStatus() == -1 && sessionDiesWithin(1000)) {
                throw new IOException(
                        "the connection to " + describe() + " dropped while `" + firstWord(command) + "` ran");
            }
            return channel.getExitStatus();
        } catch (InterruptedException stop) {
            try {
                channel.sendSignal("TERM");
            } catch (Exception noSignals) {
                // a server without signal support: closing the channel below is all there is
                LOG.debug("TERM signal refused on interrupt", noSignals);
            }
            throw stop;
        } finally {
            channel.disconnect();
        }
    }

    private static String lastLine(ByteArrayOutputStream stderr) {
        String text = stderr.toString(StandardCharsets.UTF_8).strip();
        if (text.isEmpty()) {
            return "";
        }
        String[] lines = text.split("\n");
        return "It said: " + lines[lines.length - 1] + ". ";
    }

    private static String firstWord(String command) {
        String c = command.strip();
        int space = c.indexOf(' ');
        return space < 0 ? c : c.substring(0, space);
    }

    @Override
    public synchronized void write(String path, byte[] content, int mode) throws IOException {
        withSftp(s -> {
            mkdirs(s, parent(path));
            String tmp = path + ".tmp-" + Long.toHexString(System.nanoTime());
            if ((mode & 077) == 0) {
                // a private file (a job's secrets): created empty, made private, then filled, so no byte is ever
                // readable under the server's default permissions
                s.put(new ByteArrayInputStream(new byte[0]), tmp);
                s.chmod(mode, tmp);
                s.put(new ByteArrayInputStream(content), tmp, ChannelSftp.APPEND);
            } else {
                s.put(new ByteArrayInputStream(content), tmp);
                s.chmod(mode, tmp);
            }
            try {
                // OpenSSH's posix-rename replaces the old file in one step: readers see old or new, never half
                s.rename(tmp, path);
            } catch (SftpException noPosixRename) {
                // a server without posix-rename refuses to overwrite: remove first (a short gap, never a partial file)
                try {
                    s.rm(path);
                } catch (SftpException missing) {
                    // nothing to replace
                }
                s.rename(tmp, path);
            }
            return null;
        });
    }

    @Override
    public synchronized byte[] read(String path, long offset, int maxBytes) throws IOException {
        return withSftp(s -> {
            SftpATTRS attrs;
            try {
                attrs = s.stat(path);
            } catch (SftpException e) {
                if (e.id == ChannelSftp.SSH_FX_NO_SUCH_FILE) {
                    return new byte[0];
                }
                throw e;
            }
            if (attrs.getSize() <= offset) {
                return new byte[0];
            }
            try (InputStream in = s.get(path, null, offset)) {
                return in.readNBytes(maxBytes);
            }
        });
    }

    @Override
    public synchronized long size(String path) throws IOException {
        return withSftp(s -> {
            try {
                return s.stat(path).getSize();
            } catch (SftpException e) {
                if (e.id == ChannelSftp.SSH_FX_NO_SUCH_FILE) {
                    return -1L;
                }
                throw e;
            }
        });
    }

    // ---- streamed file transfers: each on an SFTP channel of its own over the one session, so a long
    // transfer does not hold up status calls. 64 reads of 32 KiB in flight (2 MiB) keep ~100 MB/s going at a
    // 20 ms round trip; JSch's default 16 would cap that at a quarter. On loopback the cipher bounds it (bench/files).

    private static final int BULK_REQUESTS = 64;
    private static final int COPY_BUFFER = 256 * 1024;

    @Override
    public synchronized Optional<RemoteFile> stat(String path) throws IOException {
        return withSftp(s -> {
            try {
                return Optional.of(remoteFile(path, s.stat(sftpPath(path))));
            } catch (SftpException e) {
                if (e.id == ChannelSftp.SSH_FX_NO_SUCH_FILE) {
                    return Optional.empty();
                }
                throw e;
            }
        });
    }

    @Override
    public synchronized List<RemoteFile> list(String path) throws IOException {
        Optional<RemoteFile> self = stat(path);
        if (self.isEmpty()) {
            throw new NoSuchFileException(path, null, "no such file or folder on " + describe());
        }
        if (!self.get().isDirectory()) {
            return List.of(self.get());
        }
        return withSftp(s -> {
            List<RemoteFile> out = new ArrayList<>();
            String dir = path.endsWith("/") ? path : path + "/";
            s.ls(sftpPath(path), entry -> {
                if (!entry.getFilename().equals(".") && !entry.getFilename().equals("..")) {
                    out.add(remoteFile(dir + entry.getFilename(), entry.getAttrs()));
                }
                return ChannelSftp.LsEntrySelector.CONTINUE;
            });
            return out;
        });
    }

    @Override
    public void upload(InputStream from, String path, long offset) throws IOException {
        ChannelSftp c = transferChannel();
        boolean clean = false;
        try {
            mkdirs(c, parent(path));
            if (offset > 0) {
                long has = c.stat(sftpPath(path)).getSize();
                if (has != offset) {
                    throw new IOException(path + " on " + describe() + " holds " + has + " bytes, not " + offset
                            + " as expected; it changed meanwhile");
                }
            }
            // RESUME writes after the bytes the file holds, OVERWRITE truncates first
            try (OutputStream out =
                    c.put(sftpPath(path), null, offset > 0 ? ChannelSftp.RESUME : ChannelSftp.OVERWRITE, 0)) {
                byte[] buffer = new byte[COPY_BUFFER];
                for (int n; (n = from.read(buffer)) > 0; ) {
                    out.write(buffer, 0, n);
                }
            }
            clean = true;
        } catch (SftpException e) {
            throw transferFailed(e, path);
        } finally {
            release(c, clean);
        }
    }

    @Override
    public void download(String path, long offset, OutputStream to) throws IOException {
        ChannelSftp c = transferChannel();
        boolean clean = false;
        try {
            c.get(sftpPath(path), to, null, ChannelSftp.RESUME, offset);
            clean = true;
        } catch (SftpException e) {
            throw transferFailed(e, path);
        } finally {
            release(c, clean);
        }
    }

    @Override
    public synchronized void move(String from, String to) throws IOException {
        withSftp(s -> {
            try {
                s.rename(sftpPath(from), sftpPath(to)); // posix-rename: replaces in one step
            } catch (SftpException noPosixRename) {
                try {
                    s.rm(sftpPath(to));
                } catch (SftpException missing) {
                    // nothing to replace
                }
                s.rename(sftpPath(from), sftpPath(to));
            }
            return null;
        });
    }

    @Override
    public synchronized void setModified(String path, java.time.Instant time) throws IOException {
        withSftp(s -> {
            s.setMtime(sftpPath(path), (int) time.getEpochSecond());
            return null;
        });
    }

    /** Transfer channels that finished cleanly, kept for the next file: a new one starts an sftp-server each time. */
    private final java.util.Deque<ChannelSftp> idleTransferChannels = new java.util.ArrayDeque<>();

    private ChannelSftp transferChannel() throws IOException {
        Session current = session();
        synchronized (idleTransferChannels) {
            for (ChannelSftp idle; (idle = idleTransferChannels.poll()) != null; ) {
                if (idle.isConnected() && !idle.isClosed() && onSession(idle, current)) {
                    return idle;
                }
                idle.disconnect();
            }
        }
        try {
            ChannelSftp c = (ChannelSftp) current.openChannel("sftp");
            c.setBulkRequests(BULK_REQUESTS);
            c.connect(CONNECT_TIMEOUT_MS);
            return c;
        } catch (JSchException e) {
            throw new IOException("file transfer with " + describe() + " failed: " + e.getMessage(), e);
        }
    }

    private static boolean onSession(ChannelSftp c, Session s) {
        try {
            return c.getSession() == s;
        } catch (JSchException gone) {
            return false;
        }
    }

    /** A channel that a failure (or an interrupt) left mid-request is closed, never handed out again. */
    private void release(ChannelSftp c, boolean clean) {
        if (clean && c.isConnected()) {
            synchronized (idleTransferChannels) {
                if (idleTransferChannels.size() < 2) {
                    idleTransferChannels.push(c);
                    return;
                }
            }
        }
        c.disconnect();
    }

    /** A failure of the stream itself (a cut connection, an interrupt) comes out as it was, not wrapped by JSch. */
    private IOException transferFailed(SftpException e, String path) {
        if (e.id == ChannelSftp.SSH_FX_NO_SUCH_FILE) {
            return new NoSuchFileException(path, null, "no such file on " + describe());
        }
        if (e.getCause() instanceof IOException io) {
            return io;
        }
        return new IOException("file transfer of " + path + " with " + describe() + " failed: " + e.getMessage(), e);
    }

    /** JSch reads {@code *} and {@code ?} in every path as a pattern; a backslash makes them (and itself) plain. */
    private static String sftpPath(String path) {
        return path.replace("\\", "\\\\").replace("*", "\\*").replace("?", "\\?");
    }

    private static RemoteFile remoteFile(String path, SftpATTRS a) {
        RemoteFile.Type type = a.isDir()
                ? RemoteFile.Type.DIRECTORY
                : a.isLink() ? RemoteFile.Type.LINK : a.isReg() ? RemoteFile.Type.FILE : RemoteFile.Type.OTHER;
        return new RemoteFile(
                path, a.getSize(), java.time.Instant.ofEpochSecond(Integer.toUnsignedLong(a.getMTime())), type);
    }

    @Override
    public synchronized String home() throws IOException {
        if (home == null) {
            home = withSftp(ChannelSftp::getHome);
        }
        return home;
    }

    private interface SftpCall<T> {
        T apply(ChannelSftp sftp) throws SftpException, IOException;
    }

    private <T> T withSftp(SftpCall<T> call) throws IOException {
        for (int attempt = 0; ; attempt++) {
            try {
                if (sftp == null || !sftp.isConnected() || sftp.isClosed()) {
                    sftp = (ChannelSftp) session().openChannel("sftp");
                    sftp.connect(CONNECT_TIMEOUT_MS);
                }
                return call.apply(sftp);
            } catch (JSchException e) {
                dropSession();
                if (attempt > 0) {
                    throw new IOException("file transfer to " + describe() + " failed: " + e.getMessage(), e);
                }
            } catch (SftpException e) {
                if (e.id == ChannelSftp.SSH_FX_CONNECTION_LOST
                        || e.id == ChannelSftp.SSH_FX_NO_CONNECTION
                        || !session.isConnected()) {
                    dropSession();
                    if (attempt > 0) {
                        throw new IOException("file transfer to " + describe() + " failed: " + e.getMessage(), e);
                    }
                    continue;
                }
                throw new IOException("file transfer on " + describe() + " failed: " + e.getMessage(), e);
            }
        }
    }

    private static void mkdirs(ChannelSftp s, String dir) throws SftpException {
        if (dir.isEmpty() || dir.equals("/")) {
            return;
        }
        try {
            s.stat(dir);
            return;
        } catch (SftpException missing) {
            // create it below
        }
        mkdirs(s, parent(dir));
        try {
            s.mkdir(dir);
        } catch (SftpException raced) {
            s.stat(dir);
        }
    }

    private static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? (slash == 0 ? "/" : "") : path.substring(0, slash);
    }

    private synchronized void dropSession() {
        disconnectQuietly();
    }

    private void disconnectQuietly() {
        if (sftp != null) {
            sftp.disconnect();
            sftp = null;
        }
        if (session != null) {
            session.disconnect();
            session = null;
        }
        if (jumpSession != null) {
            jumpSession.disconnect();
            jumpSession = null;
        }
    }

    @Override
    public String describe() {
        return target.toString();
    }

    @Override
    public synchronized void close() {
        disconnectQuietly();
    }

    /** Whether this JVM stops at C1 ({@code -XX:TieredStopAtLevel=1}, as kernel.json starts the kernel). */
    static final boolean C1_ONLY = jvmArguments().contains("-XX:TieredStopAtLevel=1");

    private static List<String> jvmArguments() {
        try {
            // Linux: the JVM's own command line, read without starting java.management (~40 ms on the first connect)
            return List.of(new String(
                            java.nio.file.Files.readAllBytes(java.nio.file.Path.of("/proc/self/cmdline")),
                            StandardCharsets.ISO_8859_1)
                    .split("\0"));
        } catch (IOException | RuntimeException notLinux) {
            return java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments();
        }
    }

    private static void sleep(long ms) throws IOException {
        if (ms <= 0) {
            return;
        }
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reconnecting", e);
        }
    }

    /** The session went away under a call. */
    private static class ConnectionLost extends IOException {
        ConnectionLost(Exception cause) {
            super(cause.getMessage(), cause);
        }
    }

    /** The session went away before the command was sent: safe to send on a new session. */
    private static final class NotSent extends ConnectionLost {
        NotSent(Exception cause) {
            super(cause);
        }
    }

    /** Passphrases and keyboard-interactive answers, asked once per connection and never kept. */
    private static final class AskOnce implements UserInfo, UIKeyboardInteractive {
        private final Prompter prompter;
        private String passphrase;
        private String password;
        private int passphraseAsks;

        AskOnce(Prompter prompter) {
            this.prompter = prompter;
        }

        @Override
        public String getPassphrase() {
            return passphrase;
        }

        @Override
        public String getPassword() {
            return password;
        }

        @Override
        public boolean promptPassword(String message) {
            password = prompter.ask(message + ": ", true);
            return password != null;
        }

        @Override
        public boolean promptPassphrase(String message) {
            if (passphraseAsks++ > 0) {
                return false;
            }
            passphrase = prompter.ask(message + ": ", true);
            return passphrase != null;
        }

        @Override
        public boolean promptYesNo(String message) {
            // host keys are never accepted from a prompt: known_hosts decides
            return false;
        }

        @Override
        public void showMessage(String message) {}

        @Override
        public String[] promptKeyboardInteractive(
                String destination, String name, String instruction, String[] prompt, boolean[] echo) {
            List<String> answers = new ArrayList<>();
            for (int i = 0; i < prompt.length; i++) {
                answers.add(prompter.ask(
                        (instruction == null || instruction.isBlank() ? "" : instruction + "\n") + prompt[i],
                        !echo[i]));
            }
            return answers.toArray(String[]::new);
        }
    }
}
