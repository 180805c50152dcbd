package org.hpckernel.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Handler;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelLogTest {

    @Test
    void ourSwallowedErrorsReachTheFileWithTheirTraceAndLibrariesChatterDoesNot(@TempDir Path dir) throws Exception {
        Path file = KernelLog.configure(dir);
        try {
            assertEquals(dir.resolve("kernel.0.log"), file);
            assertEquals(file.toString(), System.getProperty(org.hpckernel.magic.hpc.HpcMagic.LOG_FILE_PROPERTY));
            org.slf4j.LoggerFactory.getLogger("org.hpckernel.cluster.Cluster")
                    .debug("profile {}: reconciling failed", "hpc", new java.io.IOException("connection reset"));
            org.slf4j.LoggerFactory.getLogger("com.example.Library").debug("library detail nobody asked for");
            org.slf4j.LoggerFactory.getLogger("com.example.Library").info("library notice");
            flush();
            String log = Files.readString(file);
            assertTrue(log.contains("FINE org.hpckernel.cluster.Cluster: profile hpc: reconciling failed"), log);
            assertTrue(log.contains("java.io.IOException: connection reset") && log.contains("\tat "), log);
            assertFalse(log.contains("library detail"), log);
            assertTrue(log.contains("INFO com.example.Library: library notice"), log);
        } finally {
            for (Handler h : Logger.getLogger("").getHandlers()) {
                h.close();
            }
            java.util.logging.LogManager.getLogManager().reset();
            System.clearProperty(org.hpckernel.magic.hpc.HpcMagic.LOG_FILE_PROPERTY);
        }
    }

    @Test
    void aFolderThatCannotBeWrittenLeavesTheKernelRunningWithoutAFile(@TempDir Path dir) throws Exception {
        Path notAFolder = Files.writeString(dir.resolve("taken"), "a file where the folder should be");
        try {
            assertEquals(null, KernelLog.configure(notAFolder.resolve("hpc-kernel")));
        } finally {
            java.util.logging.LogManager.getLogManager().reset();
        }
    }

    private static void flush() {
        for (Handler h : Logger.getLogger("").getHandlers()) {
            h.flush();
        }
    }
}
