package org.hpckernel.cluster.files;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.hpckernel.cluster.RemoteFile;
import org.hpckernel.cluster.Transport;

/**
 * Copies the files of a {@link Plan} over a transport, streaming (a 256 KiB buffer, never a whole
 * file in memory). Each copy goes to {@code NAME.part} beside its target, continues from the part's
 * size when an earlier copy was cut short, and becomes NAME (with the source's modification time)
 * only once the SHA-256 of the whole file, computed locally while streaming and on the cluster by
 * {@code sha256sum} (one call for a batch of files, see {@link RemoteChecksums}), agree. A mismatch
 * copies the file once more from scratch (a part left by another version of it is caught this way).
 * A dropped connection mid-file is resumed in the same call, twice at most.
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

    /**
     * Uploads every file to its part, then checks the parts in batches (one {@code sha256sum} call a
     * batch) and renames each that matches; a part that does not is sent again from scratch, once.
     */
    public List<Copied> put(List<Plan.Item> plan) throws IOException {
        start(plan);
        List<Copied> out = new ArrayList<>();
        for (List<Plan.Item> batch : RemoteChecksums.batches(plan, i -> i.remote() + ".part")) {
            List<Sent> sent = new ArrayList<>();
            List<Copied> batchOut = new ArrayList<>();
            for (Plan.Item item : batch) {
                file = item.local().getFileName().toString();
                Optional<Copied> skipped = skipPut(item);
                if (skipped.isPresent()) {
                    batchOut.add(skipped.get());
                } else {
                    String part = item.remote() + ".part";
                    long offset = SkipRule.resumeFrom(
                            item.source().size(),
                            transport
                                    .stat(part)
                                    .filter(p -> !p.isDirectory())
                                    .map(RemoteFile::size)
                                    .orElse(0L));
                    sent.add(send(item, part, offset));
                    batchOut.add(null); // decided once the batch is checked
                }
                filesDone++;
                tell();
            }
            Map<String, String> theirs = sent.isEmpty()
                    ? Map.of()
                    : RemoteChecksums.of(
                            transport,
                            sent.stream().map(Sent::part).toList(),
                            sent.stream()
                                    .mapToLong(x -> x.item().source().size())
                                    .sum());
            java.util.Iterator<Sent> next = sent.iterator();
            for (int i = 0; i < batchOut.size(); i++) {
                if (batchOut.get(i) == null) {
                    batchOut.set(i, finishPut(next.next(), theirs));
                }
            }
            out.addAll(batchOut);
        }
        return out;
    }

    /** A file sent to its part: the SHA-256 of the whole local file, and where the copy started. */
    private record Sent(Plan.Item item, String part, String sha256, long resumedFrom) {}

    private Optional<Copied> skipPut(Plan.Item item) throws IOException {
        Optional<RemoteFile> there = transport.stat(item.remote());
        if (there.isPresent() && there.get().isDirectory()) {
            throw new IOException(item.remote()
                    + " is a folder on the cluster: give a folder to put into (ending with /) or another name");
        }
        return skip(
                item.source(),
                there.map(t -> new SkipRule.Stamp(t.size(), t.modified())),
                item.local().toString(),
                item.remote(),
                () -> sha256(item.local()),
                () -> remoteSha256(item.remote(), item.source().size()),
                () -> transport.setModified(item.remote(), item.source().modified()));
    }

    private Copied finishPut(Sent sent, Map<String, String> theirs) throws IOException {
        Plan.Item item = sent.item();
        String remote = theirs.get(sent.part());
        if (!sent.sha256().equals(remote)) {
            file = item.local().getFileName().toString();
            sent = send(item, sent.part(), 0);
            remote = remoteSha256(sent.part(), item.source().size());
            if (!sent.sha256().equals(remote)) {
                throw new IOException(
                        "The copy of " + item.local() + " to " + item.remote() + " does not match it (SHA-256 "
                                + sent.sha256() + " here, " + remote
                                + " on the cluster) even after copying it again from scratch. Did the file change while it was copied?");
            }
        }
        transport.setModified(sent.part(), item.source().modified());
        transport.move(sent.part(), item.remote());
        return new Copied(
                item.local().toString(),
                item.remote(),
                item.source().size(),
                Copied.Outcome.COPIED,
                sent.resumedFrom(),
                sent.sha256());
    }

    /** Streams a local file from {@code offset} into {@code part}; a dropped connection is resumed from what the part holds. */
    private Sent send(Plan.Item item, String part, long offset) throws IOException {
        long resumedFrom = offset;
        long before = done;
        for (int reconnects = 0; ; ) {
            done = before;
            try {
                return new Sent(item, part, sendFrom(item.local(), part, offset), resumedFrom);
            } catch (Interrupted | NoSuchFileException stop) {
                throw stop;
            } catch (IOException cut) {
                if (reconnects++ >= RECONNECTS) {
                    throw cut;
                }
                offset = SkipRule.resumeFrom(
                        item.source().size(),
                        transport.stat(part).map(RemoteFile::size).orElse(0L));
                resumedFrom = Math.max(resumedFrom, offset);
            }
        }
    }

    /** Streams {@code local} from {@code offset} into {@code part}; the SHA-256 of the whole local file read. */
    private String sendFrom(Path local, String part, long offset) throws IOException {
        try (Sha256Stream digest = Sha256Stream.forBytes(Files.size(local));
                InputStream in = Files.newInputStream(local)) {
            hashPrefix(in, offset, digest);
            done += offset;
            tell();
            transport.upload(new Metered(in, digest), part, offset);
            return digest.hex();
        } catch (Interrupted e) {
            Thread.currentThread().interrupt();
            throw e;
        }
    }

    /**
     * Downloads every file to its part while the cluster hashes the batch's files (one
     * {@code sha256sum} call a batch, running while the bytes travel), and renames each part that
     * matches; one that does not is fetched again from scratch, once.
     */
    public List<Copied> get(List<Plan.Item> plan) throws IOException {
        start(plan);
        List<Copied> out = new ArrayList<>();
        for (List<Plan.Item> batch : RemoteChecksums.batches(plan, Plan.Item::remote)) {
            List<String> paths = batch.stream().map(Plan.Item::remote).toList();
            long bytes = batch.stream().mapToLong(i -> i.source().size()).sum();
            CompletableFuture<Map<String, String>> theirs = CompletableFuture.supplyAsync(() -> {
                try {
                    return RemoteChecksums.of(transport, paths, bytes);
                } catch (IOException e) {
                    throw new CompletionException(e);
                }
            });
            for (Plan.Item item : batch) {
                file = item.remote().substring(item.remote().lastIndexOf('/') + 1);
                out.add(getOne(item, theirs));
                filesDone++;
                tell();
            }
        }
        return out;
    }

    private void start(List<Plan.Item> plan) {
        total = plan.stream().mapToLong(i -> i.source().size()).sum();
        files = plan.size();
    }

    private Copied getOne(Plan.Item item, CompletableFuture<Map<String, String>> hashes) throws IOException {
        Path local = item.local();
        String remote = item.remote();
        SkipRule.Stamp source = item.source();
        if (Files.isDirectory(local)) {
            throw new IOException(
                    local + " is a folder here: give a folder to get into (ending with /) or another name");
        }
        Optional<Copied> skipped = skip(
                source,
                Plan.localStamp(local),
                remote,
                local.toString(),
                () -> sha256(local),
                () -> join(hashes).get(remote),
                () -> Files.setLastModifiedTime(local, FileTime.from(source.modified())));
        if (skipped.isPresent()) {
            return skipped.get();
        }
        Files.createDirectories(local.toAbsolutePath().getParent());
        Path part = local.resolveSibling(local.getFileName() + ".part");
        long offset = SkipRule.resumeFrom(source.size(), Files.isRegularFile(part) ? Files.size(part) : 0);
        long resumedFrom = offset;
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
            String expected = join(hashes).get(remote);
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
                throw new IOException(
                        "The copy of " + remote + " in " + local + " does not match it (SHA-256 " + sha + " here, "
                                + expected
                                + " on the cluster) even after copying it again from scratch. Did the file change while it was copied?");
            }
            fromScratch = true;
            offset = 0;
        }
    }

    /** Streams {@code remote} from {@code offset} onto the end of {@code part}; the SHA-256 of the whole part. */
    private String receive(String remote, Path part, long offset, long size) throws IOException {
        try (Sha256Stream digest = Sha256Stream.forBytes(size)) {
            if (offset > 0) {
                try (InputStream kept = Files.newInputStream(part)) {
                    hashPrefix(kept, offset, digest);
                }
            }
            done += offset;
            tell();
            try (OutputStream out = Files.newOutputStream(
                    part,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE,
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
            return digest.hex();
        }
    }

    private interface Io<T> {
        T run() throws IOException;
    }

    private interface IoAction {
        void run() throws IOException;
    }

    private Optional<Copied> skip(
            SkipRule.Stamp source,
            Optional<SkipRule.Stamp> target,
            String from,
            String to,
            Io<String> ours,
            Io<String> theirs,
            IoAction touch)
            throws IOException {
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

    private String remoteSha256(String path, long size) throws IOException {
        return RemoteChecksums.of(transport, List.of(path), size).get(path);
    }

    private static String sha256(Path file) throws IOException {
        try (Sha256Stream digest = Sha256Stream.forBytes(Files.size(file));
                InputStream in = Files.newInputStream(file)) {
            hashPrefix(in, Long.MAX_VALUE, digest);
            return digest.hex();
        }
    }

    /** Reads and hashes up to {@code n} bytes: the part an earlier copy left is hashed, not sent again. */
    private static void hashPrefix(InputStream in, long n, Sha256Stream digest) throws IOException {
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

    private static <T> T join(CompletableFuture<T> f) throws IOException {
        try {
            return f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw e;
        }
    }

    private void moved(int n) throws Interrupted {
        done += n;
        moved += n;
        tell();
        if (Thread.interrupted()) {
            // cleared here, set again once the channel is closed: JSch would otherwise fail its own clean-up
            throw new Interrupted(
                    "the copy of " + file + " was interrupted; the next put or get of it resumes where it stopped");
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
        private final Sha256Stream digest;

        Metered(InputStream in, Sha256Stream digest) {
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
        private final Sha256Stream digest;

        MeteredOut(OutputStream out, Sha256Stream digest) {
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
