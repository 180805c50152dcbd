package org.hpckernel.cluster.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.hpckernel.cluster.local.LocalTransport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The copy rules over the local transport (a folder stands for the cluster; sha256sum runs in bash). */
class FileCopierTest {

    @TempDir
    Path here;

    @TempDir
    Path there;

    private final LocalTransport transport = new LocalTransport();
    private final List<TransferListener.Progress> events = new ArrayList<>();

    private static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private List<Copied> put(Path local, String remote) throws IOException {
        return new FileCopier(transport, events::add).put(Plan.put(List.of(local), remote, false));
    }

    private List<Copied> get(String remote, Path local) throws IOException {
        var f = transport.stat(remote).orElseThrow();
        return new FileCopier(transport, events::add)
                .get(Plan.get(List.of(new Plan.RemoteSource(f, false)), local, false, transport));
    }

    @Test
    void aPutIsVerifiedCarriesTheTimeAndASecondPutIsSkippedUnread() throws Exception {
        byte[] content = bytes(3_000_000, 1);
        Path local = Files.write(here.resolve("a.bin"), content);
        Files.setLastModifiedTime(local, FileTime.from(Instant.parse("2026-01-02T03:04:05.678Z")));
        String remote = there + "/sub/a.bin";
        Copied first = put(local, remote).get(0);
        assertEquals(Copied.Outcome.COPIED, first.outcome());
        assertEquals(
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)), first.sha256());
        assertArrayEquals(content, Files.readAllBytes(Path.of(remote)));
        assertEquals(
                Instant.parse("2026-01-02T03:04:05Z"),
                Files.getLastModifiedTime(Path.of(remote)).toInstant());
        assertFalse(Files.exists(Path.of(remote + ".part")));
        TransferListener.Progress last = events.get(events.size() - 1);
        assertEquals(content.length, last.done());
        assertEquals(content.length, last.total());
        assertEquals(content.length, last.moved());
        assertEquals(1, last.filesDone());

        events.clear();
        Files.setPosixFilePermissions(local, java.util.Set.of()); // unreadable: a skip must not read it
        try {
            assertEquals(Copied.Outcome.UNCHANGED, put(local, remote).get(0).outcome());
        } finally {
            Files.setPosixFilePermissions(local, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        }
        assertEquals(0, events.get(events.size() - 1).moved());
    }

    @Test
    void sameBytesUnderAnotherTimeAreSkippedByChecksumAndGetTheTimeForNextTime() throws Exception {
        byte[] content = bytes(100_000, 2);
        Path local = Files.write(here.resolve("b.bin"), content);
        Path remote = Files.write(there.resolve("b.bin"), content);
        Files.setLastModifiedTime(remote, FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
        assertEquals(
                Copied.Outcome.SAME_CONTENT,
                put(local, remote.toString()).get(0).outcome());
        assertEquals(
                Files.getLastModifiedTime(local).toInstant().getEpochSecond(),
                Files.getLastModifiedTime(remote).toInstant().getEpochSecond());
        assertEquals(
                Copied.Outcome.UNCHANGED, put(local, remote.toString()).get(0).outcome());
    }

    @Test
    void aChangedFileOfTheSameSizeIsCopied() throws Exception {
        Path local = Files.write(here.resolve("c.bin"), bytes(100_000, 3));
        Path remote = Files.write(there.resolve("c.bin"), bytes(100_000, 4));
        // written in the same second as the source, it would pass the quick check (as with rsync): an older copy
        Files.setLastModifiedTime(remote, FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
        assertEquals(Copied.Outcome.COPIED, put(local, remote.toString()).get(0).outcome());
        assertArrayEquals(Files.readAllBytes(local), Files.readAllBytes(remote));
    }

    @Test
    void aPutResumesAfterTheBytesAPartHoldsAndSendsOnlyTheRest() throws Exception {
        byte[] content = bytes(1_000_000, 5);
        Path local = Files.write(here.resolve("d.bin"), content);
        Files.write(there.resolve("d.bin.part"), java.util.Arrays.copyOf(content, 400_000));
        Copied c = put(local, there + "/d.bin").get(0);
        assertEquals(400_000, c.resumedFrom());
        assertEquals(600_000, events.get(events.size() - 1).moved());
        assertArrayEquals(content, Files.readAllBytes(there.resolve("d.bin")));
    }

    @Test
    void aStalePartFailsTheChecksumAndTheFileIsCopiedOnceMoreFromScratch() throws Exception {
        byte[] content = bytes(1_000_000, 6);
        Path local = Files.write(here.resolve("e.bin"), content);
        Files.write(there.resolve("e.bin.part"), bytes(400_000, 7)); // another file's beginning
        Copied c = put(local, there + "/e.bin").get(0);
        assertEquals(Copied.Outcome.COPIED, c.outcome());
        assertArrayEquals(content, Files.readAllBytes(there.resolve("e.bin")));
        assertEquals(600_000 + 1_000_000, events.get(events.size() - 1).moved());
    }

    @Test
    void anInterruptedGetLeavesItsPartAndTheNextGetResumesFromIt() throws Exception {
        byte[] content = bytes(4_000_000, 8);
        Path remote = Files.write(there.resolve("f.bin"), content);
        Path local = here.resolve("out/f.bin");
        FileCopier stopping = new FileCopier(transport, p -> {
            if (p.moved() > 1_000_000) {
                Thread.currentThread().interrupt();
            }
        });
        var plan = Plan.get(
                List.of(new Plan.RemoteSource(transport.stat(remote.toString()).orElseThrow(), false)),
                local,
                false,
                transport);
        assertThrows(FileCopier.Interrupted.class, () -> stopping.get(plan));
        assertTrue(Thread.interrupted(), "the interrupt is kept for the caller");
        long kept = Files.size(here.resolve("out/f.bin.part"));
        assertTrue(kept > 1_000_000 && kept < content.length, kept + " bytes kept");
        assertFalse(Files.exists(local));

        Copied c = get(remote.toString(), local).get(0);
        assertEquals(kept, c.resumedFrom());
        assertArrayEquals(content, Files.readAllBytes(local));
        assertEquals(
                Files.getLastModifiedTime(remote).toInstant().getEpochSecond(),
                Files.getLastModifiedTime(local).toInstant().getEpochSecond());
        assertEquals(
                Copied.Outcome.UNCHANGED, get(remote.toString(), local).get(0).outcome());
    }

    @Test
    void aNameWithQuotesSpacesAndDollarsTravelsAndIsVerified() throws Exception {
        Path local = Files.write(here.resolve("it's a $(bad) name.txt"), "x".getBytes());
        assertEquals(
                Copied.Outcome.COPIED,
                put(local, there + "/it's a $(bad) name.txt").get(0).outcome());
        assertEquals("x", Files.readString(there.resolve("it's a $(bad) name.txt")));
    }
}
