package org.hpckernel.magic.hpc;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DebugCommandTest {

    @Test
    void showsTheLogFileAndItsLastLines(@TempDir Path dir) throws Exception {
        Path log = Files.writeString(
                dir.resolve("kernel.0.log"),
                IntStream.rangeClosed(1, 50).mapToObj(i -> "line " + i).collect(Collectors.joining("\n", "", "\n")));
        System.setProperty(DebugCommand.LOG_FILE_PROPERTY, log.toString());
        try {
            DebugCommand c = new DebugCommand();
            c.lines = 3;
            String out = (String) c.call();
            assertTrue(out.contains("log:      " + log), out);
            assertTrue(out.contains("--- last 3 of 50 lines ---\nline 48\nline 49\nline 50\n"), out);
            assertFalse(out.contains("line 47"), out);
            assertTrue(out.contains("hpc-kernel on Java " + System.getProperty("java.version")), out);
        } finally {
            System.clearProperty(DebugCommand.LOG_FILE_PROPERTY);
        }
    }

    @Test
    void outsideTheKernelItSaysWhereLoggingGoes() throws Exception {
        System.clearProperty(DebugCommand.LOG_FILE_PROPERTY);
        String out = (String) new DebugCommand().call();
        assertTrue(out.contains("the magics run outside the kernel"), out);
    }
}
