package org.hpckernel.tracking;

import static org.junit.jupiter.api.Assertions.*;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 2.5 GiB (sparse) file through the W&B store and back, in a JVM whose heap is held at 256 MB: it
 * must go up in parts (the official client's multipart from 2 GiB, parts of 100 MiB) and stream both
 * ways. The store and FakeWandb run in a forked JVM started with -Xmx256m.
 */
class WandbBigArtifactTest {

    static final long SIZE = 5L << 29; // 2.5 GiB

    @Test
    void aTwoAndAHalfGibFileRoundTripsInPartsWithA256MbHeap(@TempDir Path tmp) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(
                        java,
                        "-Xmx256m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        RoundTrip.class.getName(),
                        tmp.toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.MINUTES), out);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("heap max <= 256 MB: true"), out);
        assertTrue(out.contains("parts: 26"), out);
        assertTrue(out.contains("multipart completed: true"), out);
        assertTrue(out.contains("same bytes back: true"), out);
    }

    /** Runs in the forked JVM. */
    public static final class RoundTrip {
        public static void main(String[] args) throws Exception {
            Path tmp = Path.of(args[0]);
            System.out.println("heap max <= 256 MB: " + (Runtime.getRuntime().maxMemory() <= 256L << 20));
            Path src = Files.createDirectories(tmp.resolve("src"));
            Path big = src.resolve("weights.bin");
            try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
                f.setLength(SIZE); // sparse: zeros cost no disk
                for (long at : List.of(0L, 123_456_789L, (2L << 30) + 7, SIZE - 1)) {
                    f.seek(at);
                    byte[] mark = ("mark@" + at).getBytes(StandardCharsets.UTF_8);
                    f.write(mark, 0, at == SIZE - 1 ? 1 : mark.length);
                }
            }
            FakeWandb fake = new FakeWandb();
            fake.server.start();
            try {
                WandbStore store = new WandbStore(
                        fake.baseUrl(),
                        "lab",
                        "hpo",
                        WandbKey.of(FakeWandb.KEY, "test"),
                        new OkHttpClient.Builder()
                                .readTimeout(Duration.ofMinutes(5))
                                .writeTimeout(Duration.ofMinutes(5))
                                .build(),
                        Duration.ofMillis(50));
                ArtifactVersion v = store.put("weights", "model", List.of(big), List.of());
                System.out.println("parts: "
                        + fake.lastVariables()
                                .get("CreateArtifactFiles")
                                .path("artifactFiles")
                                .path(0)
                                .path("uploadPartsInput")
                                .size());
                System.out.println(
                        "multipart completed: " + fake.operations.contains("CompleteMultipartUploadArtifact"));
                Path back = tmp.resolve("back");
                store.download(ArtifactRef.parse("weights:v0"), back);
                Path got = back.resolve("weights.bin");
                System.out.println("same bytes back: "
                        + (Files.size(got) == SIZE
                                && Manifest.md5Base64(got)
                                        .equals(v.manifest()
                                                .contents()
                                                .get("weights.bin")
                                                .digest())));
            } finally {
                fake.server.shutdown();
                if (fake.multipart != null) fake.multipart.close();
            }
        }
    }
}
