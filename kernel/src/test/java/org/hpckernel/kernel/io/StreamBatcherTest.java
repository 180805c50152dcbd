package org.hpckernel.kernel.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.messages.MessageContext;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A cell's stdout and stderr as the front end receives them on IOPub: text arrives while the cell runs,
 * a print loop comes as a few large messages in the order written, and pending text goes out before
 * the display or clear that follows it.
 */
class StreamBatcherTest {

    private static IopubTap tap;

    @BeforeAll
    static void start() throws Exception {
        tap = new IopubTap();
    }

    @AfterAll
    static void stop() {
        tap.close();
    }

    /**
     * A batcher whose timer thread is stopped, so that only explicit and size-triggered flushes publish:
     * what these tests check about order cannot depend on when the timer fires.
     */
    private static StreamBatcher withoutTimer() throws InterruptedException {
        StreamBatcher batcher = new StreamBatcher();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals("hpc-kernel-stream-batcher")) {
                t.interrupt();
                t.join(10_000);
            }
        }
        return batcher;
    }

    @Test
    void textArrivesWithoutAFlushWhileTheCellIsStillRunning() {
        MessageContext request = IopubTap.request();
        Cell cell = new Cell(tap.wire, request, false, new StreamBatcher());
        cell.write(false, "epoch 1\n");
        IopubTap.Published p = tap.next(request); // no flush: the batcher's timer sends it
        assertEquals("stream", p.type());
        assertEquals("stdout", p.streamName());
        assertEquals("epoch 1\n", p.text());
    }

    @Test
    void aPrintLoopArrivesWholeInOrderAsAFewMessages() {
        MessageContext request = IopubTap.request();
        Cell cell = new Cell(tap.wire, request, false, new StreamBatcher());
        StringBuilder written = new StringBuilder();
        int lines = 10_000;
        for (int i = 0; i < lines; i++) {
            String line = "step " + i + "\n";
            written.append(line);
            cell.write(false, line);
        }
        cell.flush();
        List<IopubTap.Published> got = tap.until(request, 1000);
        StringBuilder received = new StringBuilder();
        got.forEach(p -> received.append(p.text()));
        assertEquals(written.toString(), received.toString());
        // unbatched, this would be 10,000 messages; batched, one per timer tick or 64 KiB of text. 100
        // leaves room for a slow machine (that would be 5 s spent in this loop) and still fails unbatched.
        assertTrue(got.size() < 100, got.size() + " messages for " + lines + " lines");
    }

    @Test
    void aFlushSendsStdoutThenStderrEachAsOneMessage() throws Exception {
        MessageContext request = IopubTap.request();
        Cell cell = new Cell(tap.wire, request, false, withoutTimer());
        cell.write(true, "warning 1\n");
        cell.write(false, "out 1\n");
        cell.write(true, "warning 2\n");
        cell.write(false, "");
        cell.write(false, "out 2\n");
        cell.flush();
        List<IopubTap.Published> got = tap.until(request, 1000);
        assertEquals(2, got.size(), got.toString());
        assertEquals("stdout", got.get(0).streamName());
        assertEquals("out 1\nout 2\n", got.get(0).text());
        assertEquals("stderr", got.get(1).streamName());
        assertEquals("warning 1\nwarning 2\n", got.get(1).text());
    }

    @Test
    void sixtyFourKilobytesOfTextGoOutWithoutWaitingForTheTimer() throws Exception {
        MessageContext request = IopubTap.request();
        Cell cell = new Cell(tap.wire, request, false, withoutTimer());
        String big = "x".repeat(StreamBatcher.MAX_BUFFERED_CHARS - 1) + "\n";
        cell.write(false, "small\n");
        assertTrue(tap.until(request, 500).isEmpty(), "below the limit and no timer: nothing sent yet");
        cell.write(false, big);
        IopubTap.Published p = tap.next(request);
        assertEquals("small\n" + big, p.text());
    }

    @Test
    void pendingTextGoesOutBeforeTheDisplayAndTheClearThatFollowIt() throws Exception {
        MessageContext request = IopubTap.request();
        Cell cell = new Cell(tap.wire, request, false, withoutTimer());
        cell.write(false, "before the plot\n");
        DisplayData plot = new DisplayData("the plot");
        plot.setDisplayId("plot-1");
        cell.display(plot);
        cell.write(true, "before the clear\n");
        cell.clearOutput(true);
        cell.write(false, "before the update\n");
        DisplayData updated = new DisplayData("the plot, updated");
        updated.setDisplayId("plot-1");
        cell.updateDisplay(updated);
        List<IopubTap.Published> got = tap.until(request, 1000);
        List<String> seen = got.stream()
                .map(p -> p.type().equals("stream") ? p.text().strip() : p.type())
                .toList();
        assertEquals(
                List.of(
                        "before the plot",
                        "display_data",
                        "before the clear",
                        "clear_output",
                        "before the update",
                        "update_display_data"),
                seen);
        assertEquals(
                "the plot",
                got.get(1).content().getAsJsonObject("data").get("text/plain").getAsString());
        assertTrue(got.get(3).content().get("wait").getAsBoolean(), got.get(3).toString());
    }

    @Test
    void asksForInputOnlyWhenTheFrontEndAllowsIt() {
        Cell cell = new Cell(tap.wire, IopubTap.request(), false, new StreamBatcher());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> cell.readLine("name? ", false));
        assertTrue(e.getMessage().contains("allow_stdin is false"), e.getMessage());
    }
}
