package org.hpckernel.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextPumpTest {

    @Test
    void passesOnWhatIsThereAndHoldsACharacterCutBetweenReads() throws Exception {
        PipedOutputStream writer = new PipedOutputStream();
        PipedInputStream in = new PipedInputStream(writer, 1024);
        List<String> got = new ArrayList<>();
        TextPump pump = new TextPump(in, got::add);
        assertFalse(pump.pump(), "nothing written yet, and pump does not wait");
        byte[] euro = "€".getBytes(StandardCharsets.UTF_8);
        writer.write("line 1\nprice ".getBytes(StandardCharsets.UTF_8));
        writer.write(euro, 0, 2);
        assertTrue(pump.pump());
        assertEquals(List.of("line 1\nprice "), got);
        writer.write(euro, 2, 1);
        writer.write("5\n".getBytes(StandardCharsets.UTF_8));
        pump.pump();
        assertEquals(List.of("line 1\nprice ", "€5\n"), got);
    }

    @Test
    void theEndPassesOnEvenACutCharacter() throws Exception {
        PipedOutputStream writer = new PipedOutputStream();
        PipedInputStream in = new PipedInputStream(writer, 1024);
        List<String> got = new ArrayList<>();
        TextPump pump = new TextPump(in, got::add);
        writer.write(new byte[] {'a', (byte) 0xe2, (byte) 0x82});
        pump.finish();
        assertEquals(List.of("a", "\ufffd"), got);
    }
}
