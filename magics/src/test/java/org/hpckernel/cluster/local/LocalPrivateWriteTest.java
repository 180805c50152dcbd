package org.hpckernel.cluster.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local transport writes a private file private, and tells a file's size (-1 when there is none). */
class LocalPrivateWriteTest {

    @Test
    void privateFilesAndSizes(@TempDir Path dir) throws Exception {
        LocalTransport t = new LocalTransport();
        String path = dir.resolve("job/secrets.env").toString();
        t.write(path, "export A='x'\n".getBytes(StandardCharsets.UTF_8), 0600);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(Path.of(path))));
        assertEquals(13, t.size(path));
        assertEquals(-1, t.size(dir.resolve("none").toString()));
    }
}
