package org.hpckernel.tracking;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestTest {

    @Test
    void fileDigestIsBase64OfRawMd5AsWandbPublishes() {
        assertEquals("sZRqySSS0jR8YjW00mERhA==", Manifest.md5Base64("hello\n".getBytes()));
        assertEquals("WReFt5RgHiErJg4lklY2/Q==", Manifest.md5Base64("world\n".getBytes()));
        assertEquals("b1946ac92492d2347c6235b4d2611184", Manifest.base64ToHex("sZRqySSS0jR8YjW00mERhA=="));
    }

    @Test
    void manifestDigestMatchesWandbTestVector(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.txt"), "hello\n");
        Files.createDirectories(dir.resolve("dir"));
        Files.writeString(dir.resolve("dir/b.txt"), "world\n");
        Manifest m = Manifest.of(List.of(dir));
        assertEquals(List.of("a.txt", "dir/b.txt"), List.copyOf(m.contents().keySet()));
        assertEquals("b8eb13a9d1b9ae28c1bc525adb007ade", m.digest());
    }

    @Test
    void digestSortsPathsByBytesNotByInsertion() {
        Manifest a = new Manifest(Map.of("b", new Manifest.Entry("x", 1, null), "a", new Manifest.Entry("y", 1, null)));
        Manifest b = new Manifest(Map.of("a", new Manifest.Entry("y", 1, null), "b", new Manifest.Entry("x", 1, null)));
        assertEquals(a.digest(), b.digest());
        // upper case sorts before lower case in byte order
        Manifest c = new Manifest(Map.of("a", new Manifest.Entry("y", 1, null), "B", new Manifest.Entry("x", 1, null)));
        assertEquals(List.of("B", "a"), List.copyOf(c.contents().keySet()));
    }

    @Test
    void jsonIsManifestVersion1AndRoundTrips(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.txt"), "hello\n");
        Manifest m =
                Manifest.of(List.of(dir.resolve("a.txt"))).withBirthArtifactIds(Map.of("a.txt", "QXJ0aWZhY3Q6MQ=="));
        String json = m.toJson();
        assertTrue(json.contains("\"version\" : 1"), json);
        assertTrue(json.contains("\"storagePolicy\" : \"wandb-storage-policy-v1\""), json);
        assertTrue(json.contains("\"birthArtifactID\" : \"QXJ0aWZhY3Q6MQ==\""), json);
        Manifest back = Manifest.parse(json);
        assertEquals(m, back);
        assertEquals(6, back.totalSize());
    }
}
