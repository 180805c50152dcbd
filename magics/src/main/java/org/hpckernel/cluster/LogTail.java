package org.hpckernel.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The last lines of a log, read backwards from the end of the file in blocks: a 20-line tail of a
 * 1 GB log reads one block, not the file. What reaches the cell is bounded twice: a line longer
 * than {@link Limits#maxLineBytes} is cut with a marker saying how much, and the whole answer stays
 * under {@link Limits#maxBytes}, with a first line saying what was left out and where the file is.
 */
public final class LogTail {

    /** Random access to one file; {@link #size} is -1 when there is no such file. */
    public interface Source {
        long size() throws IOException;

        byte[] read(long offset, int maxBytes) throws IOException;
    }

    /** How much one answer may hold, and the block size it reads with. */
    public record Limits(int maxLineBytes, int maxBytes, int blockBytes) {

        /** 4 KB a line and 1 MB an answer: a screenful of long lines, far below what slows a notebook. */
        public static final Limits DEFAULT = new Limits(4 << 10, 1 << 20, 64 << 10);

        public Limits {
            if (maxLineBytes < 64 || maxBytes < maxLineBytes || blockBytes < 1) {
                throw new IllegalArgumentException(
                        "limits too small: " + maxLineBytes + "/" + maxBytes + "/" + blockBytes);
            }
        }
    }

    /** The text to show, the file's size when it was read (following starts there), and whether the file exists. */
    public record Result(String text, long end, boolean exists) {}

    private LogTail() {}

    /** A source over a transport's file: size by stat, reads by offset. */
    public static Source over(Transport transport, String path) {
        return new Source() {
            @Override
            public long size() throws IOException {
                return transport.size(path);
            }

            @Override
            public byte[] read(long offset, int maxBytes) throws IOException {
                return transport.read(path, offset, maxBytes);
            }
        };
    }

    /** The last {@code lines} lines of the file; {@code where} names it in the notice when something was left out. */
    public static Result last(Source source, String where, int lines, Limits limits) throws IOException {
        long size = source.size();
        if (size < 0) {
            return new Result("", 0, false);
        }
        if (size == 0 || lines <= 0) {
            return new Result("", size, true);
        }
        Window w = readBackwards(source, size, lines, limits);
        List<String> shown = new ArrayList<>();
        int i = w.firstLineStart;
        boolean partialFirst = w.startsMidLine;
        while (i < w.bytes.length) {
            int nl = indexOf(w.bytes, (byte) '\n', i);
            int endOfLine = nl < 0 ? w.bytes.length : nl;
            shown.add(cut(w.bytes, i, endOfLine, partialFirst ? w.start + i : -1, limits.maxLineBytes()));
            partialFirst = false;
            i = nl < 0 ? w.bytes.length : nl + 1;
        }
        boolean endsWithNewline = w.bytes.length > 0 && w.bytes[w.bytes.length - 1] == '\n';
        // keep the newest lines that fit the answer's budget
        Deque<String> kept = new ArrayDeque<>();
        long total = 0;
        int dropped = 0;
        for (int k = shown.size() - 1; k >= 0; k--) {
            String line = shown.get(k);
            int cost = line.getBytes(StandardCharsets.UTF_8).length + 1;
            if (total + cost > limits.maxBytes() - 512) {
                dropped = k + 1;
                break;
            }
            kept.addFirst(line);
            total += cost;
        }
        StringBuilder out = new StringBuilder();
        if (dropped > 0 || w.stoppedAtBudget) {
            out.append("[hpc-kernel: only the last ")
                    .append(human(total))
                    .append(" of this ")
                    .append(human(size))
                    .append(" log is shown, to keep the cell small")
                    .append(
                            dropped > 0
                                    ? " (" + dropped + " earlier line" + (dropped == 1 ? "" : "s") + " of the " + lines
                                            + " asked for left out)"
                                    : "")
                    .append(". The whole log is ")
                    .append(where)
                    .append(" on the cluster.]\n");
        }
        out.append(String.join("\n", kept));
        if (endsWithNewline && !kept.isEmpty()) {
            out.append('\n');
        }
        return new Result(out.toString(), size, true);
    }

    /** The bytes read from the end, and where in them the first wanted line starts. */
    private static final class Window {
        byte[] bytes;
        long start;
        int firstLineStart;
        boolean startsMidLine;
        boolean stoppedAtBudget;
    }

    private static Window readBackwards(Source source, long size, int lines, Limits limits) throws IOException {
        // newlines needed before the first wanted line: one per line, not counting a final one at end of file
        List<byte[]> blocks = new ArrayList<>();
        long pos = size;
        long read = 0;
        int newlines = 0;
        boolean finalNewlineSeen = false;
        int cap = limits.maxBytes() + limits.maxLineBytes();
        Window w = new Window();
        while (pos > 0) {
            int want = (int) Math.min(limits.blockBytes(), pos);
            want = (int) Math.min(want, cap - read);
            if (want <= 0) {
                w.stoppedAtBudget = true;
                break;
            }
            long at = pos - want;
            byte[] block = readFully(source, at, want);
            if (block.length < want) {
                break; // the file shrank under us: show what was read
            }
            blocks.add(0, block);
            pos = at;
            read += block.length;
            for (int k = block.length - 1; k >= 0; k--) {
                if (block[k] != '\n') {
                    continue;
                }
                if (!finalNewlineSeen && at + k == size - 1) {
                    finalNewlineSeen = true;
                    continue;
                }
                newlines++;
                if (newlines == lines) {
                    w.bytes = concat(blocks, read);
                    w.start = pos;
                    w.firstLineStart = k + 1;
                    return w;
                }
            }
        }
        w.bytes = concat(blocks, read);
        w.start = pos;
        w.firstLineStart = 0;
        w.startsMidLine = pos > 0;
        return w;
    }

    /**
     * One line as shown: whole when short; else its head, a marker with the bytes cut, and its end.
     * {@code partialFrom} is the line's offset in the file when its start was not read (else -1).
     */
    static String cut(byte[] b, int from, int to, long partialFrom, int maxLineBytes) {
        int len = to - from;
        if (partialFrom >= 0) {
            int keep = Math.min(len, maxLineBytes * 3 / 4);
            int s = charStart(b, to - keep, to);
            return "[… line cut: it starts earlier, " + human(partialFrom + (s - from))
                    + " before this point not shown …]" + new String(b, s, to - s, StandardCharsets.UTF_8);
        }
        if (len <= maxLineBytes) {
            return new String(b, from, len, StandardCharsets.UTF_8);
        }
        // two thirds from the start (what the line is), a quarter from the end (where it got to)
        int headEnd = charStart(b, from + maxLineBytes * 2 / 3, to);
        int tailStart = charStart(b, to - maxLineBytes / 4, to);
        return new String(b, from, headEnd - from, StandardCharsets.UTF_8) + " […" + human(tailStart - headEnd)
                + " of this line cut…] " + new String(b, tailStart, to - tailStart, StandardCharsets.UTF_8);
    }

    /** The first index at or after {@code i} that starts a UTF-8 character, so a cut never splits one. */
    private static int charStart(byte[] b, int i, int limit) {
        while (i < limit && (b[i] & 0xc0) == 0x80) {
            i++;
        }
        return i;
    }

    /** {@code want} bytes from {@code at}, in several reads if the source returns fewer; fewer only at end of file. */
    private static byte[] readFully(Source source, long at, int want) throws IOException {
        byte[] first = source.read(at, want);
        if (first.length >= want || first.length == 0) {
            return first;
        }
        byte[] all = new byte[want];
        System.arraycopy(first, 0, all, 0, first.length);
        int got = first.length;
        while (got < want) {
            byte[] more = source.read(at + got, want - got);
            if (more.length == 0) {
                return java.util.Arrays.copyOf(all, got);
            }
            System.arraycopy(more, 0, all, got, more.length);
            got += more.length;
        }
        return all;
    }

    private static int indexOf(byte[] b, byte x, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == x) {
                return i;
            }
        }
        return -1;
    }

    private static byte[] concat(List<byte[]> blocks, long total) {
        byte[] all = new byte[(int) total];
        int at = 0;
        for (byte[] b : blocks) {
            System.arraycopy(b, 0, all, at, b.length);
            at += b.length;
        }
        return all;
    }

    /** 812 B, 4.0 KB, 1.2 MB, 3.4 GB. */
    public static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KB", "MB", "GB", "TB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(java.util.Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
