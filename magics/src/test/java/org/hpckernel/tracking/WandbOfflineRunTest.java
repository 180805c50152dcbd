package org.hpckernel.tracking;

import static org.hpckernel.tracking.WandbLogWriter.item;
import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.util.Arrays;
import org.hpckernel.tracking.WandbLogWriter.Msg;
import org.junit.jupiter.api.Test;

class WandbOfflineRunTest {

    private static byte[] history(long step, double loss) {
        return new Msg()
                .varint(1, step + 10) // Record.num
                .msg(
                        2,
                        new Msg()
                                .msg(1, item("loss", Double.toString(loss)))
                                .msg(1, item("_step", Long.toString(step)))
                                .msg(2, new Msg().varint(1, step)))
                .bytes();
    }

    private static WandbLogWriter sampleRun(int historyRows) {
        WandbLogWriter w = new WandbLogWriter();
        w.record(new Msg().varint(1, 1).msg(21, new Msg().string(1, "0.17.0")).bytes()); // header record
        w.record(new Msg()
                .varint(1, 2)
                .msg(
                        17,
                        new Msg()
                                .string(1, "g9dvvkua")
                                .string(3, "iris-hpo")
                                .msg(4, new Msg().msg(1, item("lr", "{\"value\": 0.01}"))))
                .bytes());
        w.record(new Msg()
                .varint(1, 3)
                .msg(5, new Msg().msg(1, item("epochs", "{\"value\": 5}")))
                .bytes());
        w.record(new Msg()
                .varint(1, 4)
                .msg(11, new Msg().varint(1, 7))
                .fixed64(99, 42)
                .bytes()); // telemetry + unknown fixed64
        for (int i = 0; i < historyRows; i++) {
            w.record(history(i, 1.0 / (i + 1)));
        }
        w.record(new Msg()
                .msg(3, new Msg().msg(1, item("loss", "0.2")).msg(1, item("best", "{\"acc\": NaN}")))
                .bytes());
        w.record(new Msg().msg(18, new Msg().varint(1, 0)).bytes());
        return w;
    }

    @Test
    void readsHistorySummaryConfigAndExitOfAnOfflineRun() throws IOException {
        WandbOfflineRun run = WandbOfflineRun.parse(sampleRun(5).bytes());
        assertEquals("g9dvvkua", run.runId());
        assertEquals("iris-hpo", run.project());
        assertEquals(5, run.history().size());
        assertEquals(0.25, ((Number) run.history().get(3).get("loss")).doubleValue());
        assertEquals(4, ((Number) run.history().get(4).get("_step")).longValue());
        assertEquals(0.2, run.summary().get("loss"));
        assertEquals(5, run.config().get("epochs"), "config values are unwrapped from {value: ...}");
        assertEquals(0, run.exitCode());
        MetricsSummary s = run.metricsSummary();
        assertEquals(0.2, s.keys().get("loss").min());
        assertEquals(4, s.lastStep());
    }

    @Test
    void recordsSpanningBlocksAreReassembled() throws IOException {
        String big = "x".repeat(80_000); // longer than two 32 KiB blocks: FIRST, MIDDLE, LAST chunks
        WandbLogWriter w = sampleRun(2000); // many small records: some chunk headers land near block ends
        w.record(new Msg()
                .msg(2, new Msg().msg(1, item("note", "\"" + big + "\"")).msg(2, new Msg().varint(1, 2000)))
                .bytes());
        w.record(history(2001, 0.001));
        byte[] b = w.bytes();
        assertTrue(b.length > 3 * WandbOfflineRun.BLOCK);
        WandbOfflineRun run = WandbOfflineRun.parse(b);
        assertEquals(2002, run.history().size());
        assertEquals(big, run.history().get(2000).get("note"));
        assertEquals(0.001, ((Number) run.history().get(2001).get("loss")).doubleValue());
    }

    @Test
    void aTruncatedLastRecordOfARunningJobIsIgnored() throws IOException {
        byte[] b = sampleRun(3).bytes();
        WandbOfflineRun run = WandbOfflineRun.parse(Arrays.copyOf(b, b.length - 3));
        assertEquals(3, run.history().size());
        assertNull(run.exitCode(), "the exit record was cut off");
    }

    @Test
    void aFlippedByteFailsTheChecksum() {
        byte[] b = sampleRun(3).bytes();
        b[40] ^= 1;
        IOException e = assertThrows(IOException.class, () -> WandbOfflineRun.parse(b));
        assertTrue(e.getMessage().contains("checksum"), e.getMessage());
    }

    @Test
    void aFileThatIsNotAWandbLogIsRefused() {
        IOException e = assertThrows(IOException.class, () -> WandbOfflineRun.parse("{\"_step\":1}\n".getBytes()));
        assertTrue(e.getMessage().contains("header"));
    }
}
