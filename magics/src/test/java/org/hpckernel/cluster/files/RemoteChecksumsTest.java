package org.hpckernel.cluster.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.hpckernel.cluster.ExecResult;
import org.hpckernel.cluster.Shell;
import org.hpckernel.cluster.Transport;
import org.hpckernel.cluster.local.LocalTransport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RemoteChecksumsTest {

    private static Plan.Item item(String remote) {
        return new Plan.Item(Path.of("x"), remote, new SkipRule.Stamp(1, Instant.EPOCH));
    }

    @Test
    void filesAreHashedAHundredAtATimeAndLongNamesMakeSmallerBatches() {
        List<Plan.Item> many =
                IntStream.range(0, 250).mapToObj(i -> item("/d/f" + i)).toList();
        assertEquals(
                List.of(100, 100, 50),
                RemoteChecksums.batches(many, Plan.Item::remote).stream()
                        .map(List::size)
                        .toList());
        List<Plan.Item> longNames = IntStream.range(0, 20)
                .mapToObj(i -> item("/d/" + "n".repeat(4000) + i))
                .toList();
        List<List<Plan.Item>> batches = RemoteChecksums.batches(longNames, Plan.Item::remote);
        assertTrue(
                batches.size() > 1 && batches.stream().allMatch(b -> b.size() <= 8),
                batches.stream().map(List::size).toList().toString());
    }

    @Test
    void oneCommandHashesEachFileInOrderAndAnUnreadableOneIsNamed(@TempDir Path dir) throws Exception {
        Path a = Files.writeString(dir.resolve("a b"), "abc");
        Path b = Files.writeString(dir.resolve("it's"), "");
        Map<String, String> sums = RemoteChecksums.of(new LocalTransport(), List.of(a.toString(), b.toString()), 3);
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", sums.get(a.toString()));
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", sums.get(b.toString()));
        IOException e = assertThrows(
                IOException.class,
                () -> RemoteChecksums.of(new LocalTransport(), List.of(a.toString(), dir + "/missing"), 3));
        assertTrue(
                e.getMessage().contains(dir + "/missing") && e.getMessage().contains("could not read it"),
                e.getMessage());
    }

    @Test
    void aClusterWithoutOpensslHashesWithSha256sum(@TempDir Path dir) throws Exception {
        Path bin = Files.createDirectory(dir.resolve("bin"));
        Files.createSymbolicLink(bin.resolve("sha256sum"), Path.of("/usr/bin/sha256sum"));
        Path a = Files.writeString(dir.resolve("a"), "abc");
        LocalTransport local = new LocalTransport();
        // a login node whose PATH has coreutils' sha256sum and no openssl
        Transport noOpenssl = new Transport() {
            @Override
            public ExecResult exec(String command, Duration timeout) throws IOException {
                ExecResult r = local.exec(
                        "PATH=" + Shell.quote(bin.toString()) + "; " + command
                                + "; command -v openssl || echo no-openssl >&2",
                        timeout);
                assertTrue(r.stderr().contains("no-openssl"), r.stderr());
                return r;
            }

            @Override
            public void write(String path, byte[] content, int mode) {
                throw new UnsupportedOperationException();
            }

            @Override
            public byte[] read(String path, long offset, int maxBytes) {
                throw new UnsupportedOperationException();
            }

            @Override
            public String home() {
                return dir.toString();
            }

            @Override
            public String describe() {
                return "no-openssl";
            }

            @Override
            public void close() {}
        };
        assertEquals(
                Map.of(a.toString(), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
                RemoteChecksums.of(noOpenssl, List.of(a.toString()), 3));
    }
}
