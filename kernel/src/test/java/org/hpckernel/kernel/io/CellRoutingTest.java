package org.hpckernel.kernel.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.spencerpark.jupyter.messages.MessageContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * System.out, System.err and System.in once the kernel installed its routing: what a thread prints
 * reaches the cell that thread belongs to, also from a background thread after the next cell started.
 */
class CellRoutingTest {

    private static IopubTap tap;
    private static PrintStream out;
    private static PrintStream err;
    private static InputStream in;
    private static final ByteArrayOutputStream processOut = new ByteArrayOutputStream();

    @BeforeAll
    static void install() throws Exception {
        tap = new IopubTap();
        out = System.out;
        err = System.err;
        in = System.in;
        System.setOut(new PrintStream(processOut, true, StandardCharsets.UTF_8));
        CellRouting.install();
    }

    @AfterAll
    static void restore() {
        System.setOut(out);
        System.setErr(err);
        System.setIn(in);
        CellRouting.enter(null);
        tap.close();
    }

    private static Cell newCell(MessageContext request, boolean stdinAllowed) {
        return new Cell(tap.wire, request, stdinAllowed, new StreamBatcher());
    }

    private static String streamed(MessageContext request, String name) {
        StringBuilder text = new StringBuilder();
        for (IopubTap.Published p : tap.until(request, 800)) {
            if (p.type().equals("stream") && p.streamName().equals(name)) {
                text.append(p.text());
            }
        }
        return text.toString();
    }

    @Test
    void printsReachTheCellOfTheThreadStdoutAndStderrApart() {
        MessageContext request = IopubTap.request();
        Cell cell = newCell(request, false);
        CellRouting.enter(cell);
        System.out.println("to stdout");
        System.err.println("to stderr");
        cell.flush();
        List<IopubTap.Published> got = tap.until(request, 800);
        assertEquals(2, got.size(), got.toString());
        assertEquals("stdout", got.get(0).streamName());
        assertEquals("to stdout\n", got.get(0).text());
        assertEquals("stderr", got.get(1).streamName());
        assertEquals("to stderr\n", got.get(1).text());
    }

    @Test
    void aBackgroundThreadKeepsWritingToTheCellThatStartedItAfterTheNextCellBegan() throws Exception {
        MessageContext first = IopubTap.request();
        MessageContext second = IopubTap.request();
        Cell firstCell = newCell(first, false);
        Cell secondCell = newCell(second, false);
        CountDownLatch nextCellStarted = new CountDownLatch(1);
        CellRouting.enter(firstCell);
        Thread background = new Thread(() -> {
            try {
                nextCellStarted.await();
            } catch (InterruptedException e) {
                return;
            }
            System.out.println("late line of the first cell");
        });
        background.start();
        CellRouting.enter(secondCell);
        System.out.println("second cell");
        nextCellStarted.countDown();
        background.join();
        firstCell.flush();
        secondCell.flush();
        List<IopubTap.Published> got = tap.until(List.of(first, second), 800);
        assertEquals(2, got.size(), got.toString());
        for (IopubTap.Published p : got) {
            String expected =
                    p.parentId().equals(first.getHeader().getId()) ? "late line of the first cell\n" : "second cell\n";
            assertEquals(expected, p.text(), got.toString());
        }
    }

    @Test
    void aThreadThatNeverHadACellWritesToTheLatestCell() throws Exception {
        CellRouting.enter(null);
        CountDownLatch go = new CountDownLatch(1);
        Thread pool = new Thread(() -> {
            try {
                go.await();
            } catch (InterruptedException e) {
                return;
            }
            System.out.println("from a pool thread");
        });
        pool.start(); // started while no cell was bound: it inherits none
        MessageContext request = IopubTap.request();
        Cell latest = newCell(request, false);
        Thread cellThread = new Thread(() -> CellRouting.enter(latest));
        cellThread.start();
        cellThread.join();
        go.countDown();
        pool.join();
        latest.flush();
        assertEquals("from a pool thread\n", streamed(request, "stdout"));
    }

    @Test
    void withNoCellAtAllTextGoesToTheProcessStdout() throws Exception {
        CellRouting.enter(null);
        System.out.print("before any cell");
        assertTrue(
                processOut.toString(StandardCharsets.UTF_8).contains("before any cell"),
                processOut.toString(StandardCharsets.UTF_8));
    }

    @Test
    void nonAsciiTextSplitAcrossWritesArrivesIntact() {
        MessageContext request = IopubTap.request();
        Cell cell = newCell(request, false);
        CellRouting.enter(cell);
        String text = "Größe 3µm, λ=0.5 → ✓ 🚀\n";
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        // a subprocess's output copied through a buffer can end in the middle of a character
        for (int i = 0; i < bytes.length; i += 3) {
            System.out.write(bytes, i, Math.min(3, bytes.length - i));
        }
        System.out.write('o');
        System.out.write('k');
        System.out.flush();
        cell.flush();
        assertEquals(text + "ok", streamed(request, "stdout"));
    }

    @Test
    void readingStdinInACellWhoseFrontEndForbidsInputFailsSayingWhy() {
        Cell cell = newCell(IopubTap.request(), false);
        CellRouting.enter(cell);
        IOException e = assertThrows(IOException.class, () -> System.in.read());
        assertTrue(e.getMessage().contains("allow_stdin is false"), e.getMessage());
    }
}
