package org.hpckernel.kernel.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * System.out, System.err and System.in for the whole kernel, routed to the cell that the writing
 * thread belongs to. Threads inherit their cell from the thread that started them, so output from a
 * background thread after its cell returned still reaches that cell.
 */
public final class CellRouting {

    private static final InheritableThreadLocal<Cell> CURRENT = new InheritableThreadLocal<>();
    private static volatile Cell latest;
    private static PrintStream processOut = System.out;

    private CellRouting() {}

    /** Replaces the process streams; the originals still reach the kernel's log. */
    public static void install() {
        processOut = System.out;
        System.setOut(new PrintStream(new Routed(false), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new Routed(true), true, StandardCharsets.UTF_8));
        System.setIn(new LineInput());
    }

    /** Binds the calling thread (and the threads it starts from now on) to {@code cell}. */
    public static void enter(Cell cell) {
        CURRENT.set(cell);
        latest = cell;
    }

    /** The cell of this thread, or the latest cell for threads that never had one. */
    public static Cell current() {
        Cell cell = CURRENT.get();
        return cell != null ? cell : latest;
    }

    private static final class Routed extends OutputStream {
        private final boolean error;
        // A raw write can end inside a UTF-8 character (a process's output copied in 8 KiB chunks, or
        // byte by byte): its first bytes wait here, per cell, for the rest instead of becoming U+FFFD.
        private final Map<Cell, byte[]> unfinished = new WeakHashMap<>();

        Routed(boolean error) {
            this.error = error;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            Cell cell = current();
            String text;
            synchronized (unfinished) {
                byte[] before = unfinished.remove(cell);
                byte[] all = bytes;
                int from = offset;
                int to = offset + length;
                if (before != null) {
                    all = new byte[before.length + length];
                    System.arraycopy(before, 0, all, 0, before.length);
                    System.arraycopy(bytes, offset, all, before.length, length);
                    from = 0;
                    to = all.length;
                }
                int complete = endOfLastWholeCharacter(all, from, to);
                if (complete < to) {
                    unfinished.put(cell, Arrays.copyOfRange(all, complete, to));
                }
                text = new String(all, from, complete - from, StandardCharsets.UTF_8);
            }
            if (cell == null) {
                processOut.print(text);
            } else {
                cell.write(error, text);
            }
        }
    }

    /** Where the bytes in [from, to) stop being whole UTF-8 characters: before a lead byte whose sequence is cut. */
    static int endOfLastWholeCharacter(byte[] bytes, int from, int to) {
        for (int i = to - 1; i >= Math.max(from, to - 4); i--) {
            int b = bytes[i] & 0xff;
            if ((b & 0xc0) == 0x80) {
                continue; // a continuation byte: its lead is further back
            }
            int needed = b < 0x80 ? 1 : (b & 0xe0) == 0xc0 ? 2 : (b & 0xf0) == 0xe0 ? 3 : (b & 0xf8) == 0xf0 ? 4 : 1;
            return i + needed > to ? i : to;
        }
        return to;
    }

    /** Reads lines through Jupyter's input_request, one request per line. */
    private static final class LineInput extends InputStream {
        private byte[] buffer = new byte[0];
        private int position;

        @Override
        public synchronized int read() throws IOException {
            if (!fill()) {
                return -1;
            }
            return buffer[position++] & 0xff;
        }

        @Override
        public synchronized int read(byte[] target, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            if (!fill()) {
                return -1;
            }
            int n = Math.min(length, buffer.length - position);
            System.arraycopy(buffer, position, target, offset, n);
            position += n;
            return n;
        }

        @Override
        public synchronized int available() {
            return buffer.length - position;
        }

        private boolean fill() throws IOException {
            if (position < buffer.length) {
                return true;
            }
            Cell cell = current();
            if (cell == null) {
                return false;
            }
            try {
                buffer = (cell.readLine("", false) + "\n").getBytes(StandardCharsets.UTF_8);
            } catch (IllegalStateException noStdin) {
                throw new IOException(noStdin.getMessage(), noStdin);
            }
            position = 0;
            return true;
        }
    }
}
