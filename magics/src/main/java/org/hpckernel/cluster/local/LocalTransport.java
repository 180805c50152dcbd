package org.hpckernel.cluster.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.hpckernel.cluster.ExecResult;
import org.hpckernel.cluster.RemoteFile;
import org.hpckernel.cluster.Transport;

/** Commands and files on this machine: {@code bash -c} and java.nio, same contract as SSH. */
public final class LocalTransport implements Transport {

    @Override
    public ExecResult exec(String command, Duration timeout) throws IOException {
        Process p = new ProcessBuilder("bash", "-c", command).start();
        CompletableFuture<String> out = drain(p.getInputStream());
        CompletableFuture<String> err = drain(p.getErrorStream());
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new IOException("`" + command.strip().split("\\s+")[0] + "` did not finish within "
                        + timeout.toSeconds() + " s and was stopped");
            }
            return new ExecResult(p.exitValue(), out.join(), err.join());
        } catch (InterruptedException e) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** A {@code bash -c} process read as it writes; an interrupt ends it and everything it started (TERM, then KILL). */
    @Override
    public int stream(String command, java.util.function.Consumer<String> out, java.util.function.Consumer<String> err)
            throws IOException, InterruptedException {
        Process p = new ProcessBuilder("bash", "-c", command)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        org.hpckernel.cluster.TextPump stdout = new org.hpckernel.cluster.TextPump(p.getInputStream(), out);
        org.hpckernel.cluster.TextPump stderr = new org.hpckernel.cluster.TextPump(p.getErrorStream(), err);
        try {
            while (true) {
                boolean got = stdout.pump();
                got |= stderr.pump(); // both streams every round, whatever the first one had
                if (!got && !p.isAlive()) {
                    stdout.finish();
                    stderr.finish();
                    return p.exitValue();
                }
                if (Thread.interrupted()) {
                    throw new InterruptedException("stopped `" + command.strip().split("\\s+")[0] + "`");
                }
                if (!got) {
                    Thread.sleep(10);
                }
            }
        } catch (InterruptedException | IOException | RuntimeException stop) {
            java.util.List<ProcessHandle> all =
                    new java.util.ArrayList<>(p.descendants().toList());
            all.add(p.toHandle());
            all.forEach(ProcessHandle::destroy);
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (all.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
                java.util.concurrent.locks.LockSupport.parkNanos(
                        20_000_000L); // not interruptible: the cleanup finishes
            }
            all.forEach(ProcessHandle::destroyForcibly);
            throw stop;
        }
    }

    private static CompletableFuture<String> drain(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        });
    }

    @Override
    public void write(String path, byte[] content, int mode) throws IOException {
        Path target = Path.of(expand(path));
        Files.createDirectories(target.getParent());
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp-" + Long.toHexString(System.nanoTime()));
        // created with its final permissions (less the umask), then set exactly: a 0600 secrets file is never readable
        // by others, not even briefly
        Files.createFile(tmp, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(permissions(mode)));
        Files.write(tmp, content);
        Files.setPosixFilePermissions(tmp, permissions(mode));
        try {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Override
    public byte[] read(String path, long offset, int maxBytes) throws IOException {
        Path file = Path.of(expand(path));
        if (!Files.isRegularFile(file)) {
            return new byte[0];
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long size = raf.length();
            if (size <= offset) {
                return new byte[0];
            }
            byte[] bytes = new byte[(int) Math.min(maxBytes, size - offset)];
            raf.seek(offset);
            raf.readFully(bytes);
            return bytes;
        }
    }

    @Override
    public long size(String path) throws IOException {
        Path file = Path.of(expand(path));
        return Files.isRegularFile(file) ? Files.size(file) : -1;
    }

    // ---- streamed file transfers: the same contract as over SFTP, on this machine's files ----

    @Override
    public Optional<RemoteFile> stat(String path) throws IOException {
        Path file = Path.of(expand(path));
        return Files.exists(file) ? Optional.of(remoteFile(path, file, true)) : Optional.empty();
    }

    @Override
    public List<RemoteFile> list(String path) throws IOException {
        Path dir = Path.of(expand(path));
        if (!Files.isDirectory(dir)) {
            return stat(path)
                    .map(List::of)
                    .orElseThrow(() -> new NoSuchFileException(path, null, "no such file or folder"));
        }
        String prefix = path.endsWith("/") ? path : path + "/";
        try (Stream<Path> entries = Files.list(dir)) {
            List<RemoteFile> out = new ArrayList<>();
            for (Path p : (Iterable<Path>) entries::iterator) {
                out.add(remoteFile(prefix + p.getFileName(), p, false));
            }
            return out;
        }
    }

    @Override
    public void upload(InputStream from, String path, long offset) throws IOException {
        Path target = Path.of(expand(path));
        Files.createDirectories(target.toAbsolutePath().getParent());
        try (FileChannel out = FileChannel.open(target, StandardOpenOption.WRITE, StandardOpenOption.CREATE)) {
            if (out.size() != offset) {
                if (offset > 0) {
                    throw new IOException(path + " holds " + out.size() + " bytes, not " + offset
                            + " as expected; it changed meanwhile");
                }
                out.truncate(0);
            }
            out.position(offset);
            from.transferTo(Channels.newOutputStream(out));
        }
    }

    @Override
    public void download(String path, long offset, OutputStream to) throws IOException {
        try (FileChannel in = FileChannel.open(Path.of(expand(path)))) {
            in.position(offset);
            Channels.newInputStream(in).transferTo(to);
        }
    }

    @Override
    public void move(String from, String to) throws IOException {
        try {
            Files.move(
                    Path.of(expand(from)),
                    Path.of(expand(to)),
                    StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(Path.of(expand(from)), Path.of(expand(to)), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Override
    public void setModified(String path, Instant time) throws IOException {
        Files.setLastModifiedTime(Path.of(expand(path)), FileTime.from(time));
    }

    private static RemoteFile remoteFile(String path, Path file, boolean followLinks) throws IOException {
        BasicFileAttributes a = followLinks
                ? Files.readAttributes(file, BasicFileAttributes.class)
                : Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        RemoteFile.Type type = a.isDirectory()
                ? RemoteFile.Type.DIRECTORY
                : a.isSymbolicLink()
                        ? RemoteFile.Type.LINK
                        : a.isRegularFile() ? RemoteFile.Type.FILE : RemoteFile.Type.OTHER;
        // seconds, as SFTP carries them: both transports compare alike
        return new RemoteFile(
                path,
                a.size(),
                Instant.ofEpochSecond(a.lastModifiedTime().to(java.util.concurrent.TimeUnit.SECONDS)),
                type);
    }

    @Override
    public String home() {
        return System.getProperty("user.home");
    }

    @Override
    public String describe() {
        return "local";
    }

    @Override
    public void close() {}

    private String expand(String path) {
        return path.equals("~")
                ? home()
                : path.startsWith("~/") ? home() + path.substring(1) : path; // home() cannot fail here
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {
            PosixFilePermission.OTHERS_EXECUTE,
            PosixFilePermission.OTHERS_WRITE,
            PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE,
            PosixFilePermission.OWNER_WRITE,
            PosixFilePermission.OWNER_READ
        };
        for (int i = 0; i < order.length; i++) {
            if ((mode & (1 << i)) != 0) {
                set.add(order[i]);
            }
        }
        return set;
    }
}
