package org.hpckernel.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class LogChunkTest {

    @Test
    void aCharacterCutByTheEndOfAReadIsReadWholeNextTime() {
        byte[] log = "loss 0.5 実験 🚀\n".getBytes(StandardCharsets.UTF_8);
        StringBuilder seen = new StringBuilder();
        long offset = 0;
        // follow the log one byte at a time, as a job writing slowly would be read
        for (int written = 1; written <= log.length; written++) {
            byte[] fresh = Arrays.copyOfRange(log, (int) offset, written);
            Scheduler.LogChunk chunk = Scheduler.LogChunk.decode(fresh, offset);
            seen.append(chunk.text());
            offset = chunk.nextOffset();
        }
        assertEquals("loss 0.5 実験 🚀\n", seen.toString());
        assertEquals(log.length, offset);
    }

    @Test
    void asciiAndEmptyReadsAreTakenWhole() {
        assertEquals(
                new Scheduler.LogChunk("abc", 13),
                Scheduler.LogChunk.decode("abc".getBytes(StandardCharsets.UTF_8), 10));
        assertEquals(new Scheduler.LogChunk("", 7), Scheduler.LogChunk.decode(new byte[0], 7));
    }
}
