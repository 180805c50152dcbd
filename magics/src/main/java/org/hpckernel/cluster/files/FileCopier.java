package org.hpckernel.cluster.files;

import org.hpckernel.cluster.ExecResult;
import org.hpckernel.cluster.RemoteFile;
import org.hpckernel.cluster.Shell;
import org.hpckernel.cluster.Transport;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Copies the files of a {@link Plan} over a transport, streaming (a 256 KiB buffer, never a whole
 * file in memory). Each copy goes to {@code NAME.part} beside its target, continues from the part's
 * size when an earlier copy was cut short, and becomes NAME (with the source's modification time)
 * only once the SHA-256 of the whole file, computed locally while streaming and on the cluster by
 * {@code sha256sum}, agree. A mismatch after a resumed copy copies once more from scratch. A dropped
 * connection mid-file is resumed in the same call, twice at most.
 */
public final class FileCopier {

    private static final int BUFFER = 256 * 1024;
    private static final int RECONNECTS = 2;

    private final Transport transport;
    private final TransferListener listener;
    private String file = "";
    private long done;
    private long total;
    private long moved;
    private int filesDone;
    private int files;

    public FileCopier(Transport transport, TransferListener listener) {
        this.transport = transport;
        this.listener = listener;
    }

    public List<Copied> put(List<Plan.Item> plan) throws IOException {
        start(plan);
        List<Copied> out = new ArrayList<>();
        for (Plan.Item item : plan) {
            file = item.local().getFileName().toString();
            out.add(putOne(item));
            filesDone++;
            tell();
        }
        return out;
    }

    public List<Copied> get(List<Plan.Item> plan) throws IOException {
        start(plan);
        List<Copied> out = new ArrayList<>();
        for (Plan.Item item : plan) {
            file = item.remote().substring(item.remote().lastIndexOf('/') + 1);
            out.add(getOne(item));
            filesDone++;
            tell();
        }
        return out;
    }

    private void start(List<Plan.Item> plan) {
        total = plan.stream().mapToLong(i -> i.source().size()).sum();
        files = plan.size();
    }

    private Copied putOne(Plan.Item item) throws IOException {
        Path local = item.local();
        String remote = item.remote();
        SkipRule.Stamp source = item.source();
        Optional<RemoteFile> there = transport.stat(remote);
        if (there.isPresent() && there.get().isDirectory()) {
            throw new IOException(remote + " is a folder on the cluster: give a folder to put into (ending with /) or another name");
        }
        Optional<Copied> skipped = skip(source, there.map(t -> new SkipRule.Stamp(t.size(), t.modified())), local.toString(), remote,
                () -> sha256(local), () -> remoteSha256(remote, source.size()), () -> transport.setModified(remote, source.modified()));
        if (skipped.isPresent()) {
            return skipped.get();
        }
        String part = remote + ".part";
        long offset = SkipRule.resumeFrom(source.size(), transport.stat(part).filter(p -> !p.isDirectory()).map(RemoteFile::size).orElse(0L));
        long resumedFrom = offset;
        long before = done;
        boolean fromScratch = false;
        for (int reconnects = 0; ; ) {
            String sha;
            done = before;
            try {
                sha = send(local, part, offset);
            } catch (Interrupted | NoSuchFileException stop) {
                throw stop;
            } catch (IOException cut) {
                if (reconnects++ >= RECONNECTS) {
                    throw cut;
                }
                offset = SkipRule.resumeFrom(source.size(), transport.stat(part).map(RemoteFile::size).orElse(0L));
                resumedFrom = Math.max(resumedFrom, offset);
                continue;
            }
            String theirs = remoteSha256(part, source.size());
            if (theirs.equals(sha)) {
                transport.setModified(part, source.modified());
                transport.move(part, remote);
                return new Copied(local.toString(), remote, source.size(), Copied.Outcome.COPIED, resumedFrom, sha);
            }
            if (fromScratch) {
                throw new IOException("The copy of " + local + " to " + remote + " does not match it (SHA-256 " + sha + " here, " + theirs
                        + " on the cluster) even after copying it again from scratch. Did the file change while it was copied?");
            }
            fromScratch = true;
            offset = 0;
        }
    }

    /** Streams {@code local} from {@code offset} into {@code part}; the SHA-256 of the whole local file read. */
    private String send(Path local, String part, long offset) throws IOException {
        MessageDigest digest = sha256();
        try (InputStream in = Files.newInputStream(local)) {
            hashPrefix(in, offset, digest);
            done += offset;
            tell();
            transport.upload(new Metered(in, digest), part, offset);
        } catch (Interrupted e) {
            Thread.currentThread().interrupt();
            throw e;
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private Copied getOne(Plan.Item item) throws IOException {
        Path local = item.local();
        String remote = item.remote();
        SkipRule.Stamp source = item.source();
        if (Files.isDirectory(local)) {
            throw new IOException(local + " is a folder here: give a folder to get into (ending with /) or another name");
        }
        Optional<Copied> skipped = skip(source, Plan.localStamp(local), remote, local.toString(), () -> sha256(local),
                () -> remoteSha256(remote, source.size()), () -> Files.setLastModifiedTime(local, FileTime.from(source.modified())));
        if (skipped.isPresent()) {
            return skipped.get();
        }
        Files.createDirectories(local.toAbsolutePath().getParent());
        Path part = local.resolveSibling(local.getFileName() + ".part");
        long offset = SkipRule.resumeFrom(source.size(), Files.isRegularFile(part) ? Files.size(part) : 0);
        long resumedFrom = offset;
        // the cluster hashes its copy while the bytes travel: the check then costs no extra wait
        CompletableFuture<String> theirs = CompletableFuture.supplyAsync(() -> {
            try {
                return remoteSha256(remote, source.size());
            } catch (IOException e) {
                throw new CompletionException(e);
            }
        });
        long before = done;
        boolean fromScratch = false;
        for (int reconnects = 0; ; ) {
            String sha;
            done = before;
            try {
                sha = receive(remote, part, offset, source.size());
            } catch (Interrupted | NoSuchFileException stop) {
                throw stop;
            } catch (IOException cut) {
                if (reconnects++ >= RECONNECTS) {
                    throw cut;
                }
                offset = SkipRule.resumeFrom(source.size(), Files.size(part));
                resumedFrom = Math.max(resumedFrom, offset);
                continue;
            }
            String expected = join(theirs);
            if (expected.equals(sha)) {
                Files.setLastModifiedTime(part, FileTime.from(source.modified()));
                try {
                    Files.move(part, local, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(part, local, StandardCopyOption.REPLACE_EXISTING);
                }
                return new Copied(remote, local.toString(), source.size(), Copied.Outcome.COPIED, resumedFrom, sha);
            }
            if (fromScratch) {
                throw new IOException("The copy of " + remote + " in " + local + " does not match it (SHA-256 " + sha + " here, " + expected
                        + " on the cluster) even after copying it again from scratch. Did the file change while it was copied?");
            }
            fromScratch = true;
            offset = 0;
        }
    }

    /** Streams {@code remote} from {@code offset} onto the end of {@code part}; the SHA-256 of the whole part. */
    private String receive(String remote, Path part, long offset, long size) throws IOException {
        MessageDigest digest = sha256();
        if (offset > 0) {
            try (InputStream kept = Files.newInputStream(part)) {
                hashPrefix(kept, offset, digest);
            }
        }
        done += offset;
        tell();
        try (OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                offset > 0 ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
            transport.download(remote, offset, new MeteredOut(out, digest));
        } catch (Interrupted e) {
            Thread.currentThread().interrupt();
            throw e;
        }
        long got = Files.size(part);
        if (got != size) {
            // a stream that ended early (a dropped connection can look like an end of file)
            throw new IOException(remote + " arrived with " + got + " of " + size + " bytes");
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private interface Io<T> {
        T run() throws IOException;
    }

    private interface IoAction {
        void run() throws IOException;
    }

    private Optional<Copied> skip(SkipRule.Stamp source, Optional<SkipRule.Stamp> target, String from, String to,
                                  Io<String> ours, Io<String> theirs, IoAction touch) throws IOException {
        Copied.Outcome outcome;
        String sha = "";
        switch (SkipRule.check(source, target)) {
            case UNCHANGED -> outcome = Copied.Outcome.UNCHANGED;
            case COMPARE_CHECKSUMS -> {
                sha = ours.run();
                if (!sha.equals(theirs.run())) {
                    return Optional.empty();
                }
                touch.run();
                outcome = Copied.Outcome.SAME_CONTENT;
            }
            default -> {
                return Optional.empty();
            }
        }
        done += source.size();
        tell();
        return Optional.of(new Copied(from, to, source.size(), outcome, 0, sha));
    }

    /** The cluster's SHA-256 of a file, by {@code sha256sum} reading it on stdin (so no name is echoed back). */
    private String remoteSha256(String path, long size) throws IOException {
        Duration timeout = Duration.ofSeconds(60 + size / (20L << 20));
        ExecResult r = transport.execIdempotent("sha256sum < " + Shell.quote(path), timeout);
        String out = r.stdout().strip();
        if (!r.ok() || !out.matches("(?s)[0-9a-f]{64}\\b.*")) {
            throw new IOException("Cannot verify " + path + ": `sha256sum` on " + transport.describe() + " failed (" + (r.stderr().strip().isEmpty()
                    ? "exit " + r.exitCode() : r.stderr().strip()) + "). Files are checked with coreutils' sha256sum; is it on the cluster's PATH?");
        }
        return out.substring(0, 64);
    }

    private static String sha256(Path file) throws IOException {
        MessageDigest digest = sha256();
        try (InputStream in = Files.newInputStream(file)) {
            hashPrefix(in, Long.MAX_VALUE, digest);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Reads and hashes up to {@code n} bytes: the part an earlier copy left is hashed, not sent again. */
    private static void hashPrefix(InputStream in, long n, MessageDigest digest) throws IOException {
        byte[] buffer = new byte[BUFFER];
        long left = n;
        while (left > 0) {
            int r = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (r < 0) {
                break;
            }
            digest.update(buffer, 0, r);
            left -= r;
        }
    }

    private static String join(CompletableFuture<String> f) throws IOException {
        try {
            return f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw e;
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void moved(int n) throws Interrupted {
        done += n;
        moved += n;
        tell();
        if (Thread.interrupted()) {
            // cleared here, set again once the channel is closed: JSch would otherwise fail its own clean-up
            throw new Interrupted("the copy of " + file + " was interrupted; the next put or get of it resumes where it stopped");
        }
    }

    private void tell() {
        listener.progress(new TransferListener.Progress(file, done, total, moved, filesDone, files));
    }

    /** The thread was interrupted (the cell was stopped): the part stays for the next call to resume. */
    public static final class Interrupted extends InterruptedIOException {
        Interrupted(String message) {
            super(message);
        }
    }

    /** The bytes read for an upload: hashed, counted, and the copy stopped when the thread is interrupted. */
    private final class Metered extends FilterInputStream {
        private final MessageDigest digest;

        Metered(InputStream in, MessageDigest digest) {
            super(in);
            this.digest = digest;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                digest.update(b, off, n);
                moved(n);
            }
            return n;
        }
    }

    /** The bytes written by a download: the same, on the way out. */
    private final class MeteredOut extends FilterOutputStream {
        private final MessageDigest digest;

        MeteredOut(OutputStream out, MessageDigest digest) {
            super(out);
            this.digest = digest;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            digest.update(b, off, len);
            moved(len);
        }
    }
}
