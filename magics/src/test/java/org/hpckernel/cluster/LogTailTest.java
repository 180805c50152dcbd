package org.hpckernel.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Tails read from the end of the file and bounded in what they return. */
class LogTailTest {

    /** A file in memory that counts the bytes read from it. */
    static final class Bytes implements LogTail.Source {
        final byte[] content;
        long bytesRead;
        int reads;

        Bytes(String text) {
            this(text.getBytes(StandardCharsets.UTF_8));
        }

        Bytes(byte[] content) {
            this.content = content;
        }

        @Override
        public long size() {
            return content.length;
        }

        @Override
        public byte[] read(long offset, int maxBytes) {
            reads++;
            int from = (int) Math.min(offset, content.length);
            int to = (int) Math.min(content.length, offset + maxBytes);
            bytesRead += to - from;
            return Arrays.copyOfRange(content, from, to);
        }
    }

    /** A 50 MB log of numbered lines, made on demand: nothing holds the whole file. */
    static final class Generated implements LogTail.Source {
        static final int LINE = 32; // "line 00000001 ......................\n"
        final long lines;
        long bytesRead;

        Generated(long lines) {
            this.lines = lines;
        }

        @Override
        public long size() {
            return lines * LINE;
        }

        @Override
        public byte[] read(long offset, int maxBytes) {
            int n = (int) Math.max(0, Math.min(maxBytes, size() - offset));
            byte[] out = new byte[n];
            for (int i = 0; i < n; i++) {
                long at = offset + i;
                out[i] = line(at / LINE)[(int) (at % LINE)];
            }
            bytesRead += n;
            return out;
        }

        static byte[] line(long k) {
            String s = String.format("line %08d", k);
            return (s + ".".repeat(LINE - 1 - s.length()) + "\n").getBytes(StandardCharsets.US_ASCII);
        }
    }

    private static final LogTail.Limits SMALL = new LogTail.Limits(100, 1000, 16);

    private static String tail(String content, int lines, LogTail.Limits limits) throws IOException {
        return LogTail.last(new Bytes(content), "/logs/x.out", lines, limits).text();
    }

    @Test
    void aTwentyLineTailOfAFiftyMegabyteLogReadsOneBlock() throws IOException {
        Generated log = new Generated(50L * 1024 * 1024 / Generated.LINE);
        LogTail.Result r = LogTail.last(log, "/logs/big.out", 20, LogTail.Limits.DEFAULT);
        String[] lines = r.text().split("\n");
        assertEquals(20, lines.length);
        assertTrue(lines[19].startsWith(String.format("line %08d", log.lines - 1)), lines[19]);
        assertTrue(lines[0].startsWith(String.format("line %08d", log.lines - 20)), lines[0]);
        assertEquals(log.size(), r.end());
        assertTrue(log.bytesRead <= LogTail.Limits.DEFAULT.blockBytes(), "read " + log.bytesRead + " bytes");
    }

    @Test
    void newlinesAtTheEndAndMissingOnesAreKeptAsTheyWere() throws IOException {
        assertEquals("b\nc\n", tail("a\nb\nc\n", 2, SMALL));
        assertEquals("b\nc", tail("a\nb\nc", 2, SMALL));
        assertEquals("a\nb\nc\n", tail("a\nb\nc\n", 10, SMALL));
        assertEquals("\n", tail("\n", 1, SMALL));
        assertEquals("\n\n", tail("x\n\n\n", 2, SMALL).substring(0, 2));
    }

    @Test
    void missingAndEmptyFilesAreToldApart() throws IOException {
        LogTail.Source missing = new LogTail.Source() {
            public long size() {
                return -1;
            }

            public byte[] read(long offset, int maxBytes) {
                throw new AssertionError("a missing file is not read");
            }
        };
        assertFalse(LogTail.last(missing, "/x", 5, SMALL).exists());
        LogTail.Result empty = LogTail.last(new Bytes(""), "/x", 5, SMALL);
        assertTrue(empty.exists());
        assertEquals("", empty.text());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 5, 7, 16, 64})
    void sameAnswerAsSplittingTheWholeFileForAnyBlockSize(int block) throws IOException {
        Random random = new Random(block);
        String[] words = {"a", "実験", "🚀", "", "epoch 9", "αβγ", "x y z"};
        for (int round = 0; round < 200; round++) {
            StringBuilder content = new StringBuilder();
            int n = random.nextInt(12);
            for (int i = 0; i < n; i++) {
                content.append(words[random.nextInt(words.length)]).append(random.nextInt(4) == 0 ? "" : "\n");
            }
            int lines = 1 + random.nextInt(6);
            String expected = naive(content.toString(), lines);
            assertEquals(
                    expected,
                    tail(content.toString(), lines, new LogTail.Limits(100, 1000, block)),
                    "content " + content + " lines " + lines);
        }
    }

    private static String naive(String text, int lines) {
        if (text.isEmpty()) {
            return "";
        }
        boolean nl = text.endsWith("\n");
        List<String> all = Arrays.asList((nl ? text.substring(0, text.length() - 1) : text).split("\n", -1));
        List<String> last = all.subList(Math.max(0, all.size() - lines), all.size());
        return String.join("\n", last) + (nl ? "\n" : "");
    }

    @Test
    void aTwentyMegabyteLineWithoutNewlinesComesBackShortWithWhatWasCutAndWhere() throws IOException {
        byte[] line = new byte[20 << 20];
        Arrays.fill(line, (byte) 'x');
        line[line.length - 1] = 'E';
        Bytes log = new Bytes(line);
        String text = LogTail.last(log, "/home/me/jobs/j1/logs/one.out", 20, LogTail.Limits.DEFAULT)
                .text();
        assertTrue(text.length() < 8 << 10, "returned " + text.length() + " chars");
        assertTrue(text.startsWith("[hpc-kernel: only the last"), text.substring(0, 200));
        assertTrue(
                text.contains("20.0 MB log") && text.contains("/home/me/jobs/j1/logs/one.out on the cluster"),
                text.substring(0, 300));
        assertTrue(text.contains("line cut: it starts earlier"), text.substring(0, 400));
        assertTrue(text.endsWith("xE"));
        assertTrue(
                log.bytesRead <= LogTail.Limits.DEFAULT.maxBytes() + LogTail.Limits.DEFAULT.maxLineBytes(),
                "read " + log.bytesRead);
    }

    @Test
    void aLongLineInsideTheTailIsCutInTheMiddleSayingHowMuch() throws IOException {
        String longLine = "HEAD" + "m".repeat(500) + "TAIL";
        String text = tail("first\n" + longLine + "\nlast\n", 3, SMALL);
        String[] lines = text.split("\n");
        assertEquals("first", lines[0]);
        assertTrue(
                lines[1].startsWith("HEAD") && lines[1].endsWith("TAIL") && lines[1].contains(" of this line cut…]"),
                lines[1]);
        assertTrue(lines[1].length() < 200, lines[1]);
        assertEquals("last", lines[2]);
    }

    @Test
    void cutsNeverSplitACharacter() throws IOException {
        String longLine = "実".repeat(300); // 900 bytes, cut at byte positions that fall inside characters
        String text = tail(longLine + "\n", 1, SMALL);
        assertFalse(text.contains("\uFFFD"), text);
    }

    @Test
    void manyLinesAskedStayUnderTheCellBudgetWithANotice() throws IOException {
        StringBuilder content = new StringBuilder();
        for (int i = 0; i < 500; i++) {
            content.append("line ").append(i).append('\n');
        }
        LogTail.Limits limits = new LogTail.Limits(100, 2000, 64);
        String text = tail(content.toString(), 400, limits);
        assertTrue(text.getBytes(StandardCharsets.UTF_8).length <= 2000, text.length() + "");
        assertTrue(text.startsWith("[hpc-kernel: only the last"), text);
        assertTrue(text.endsWith("line 499\n"), text);
    }

    @Test
    void sizesReadLikeAPerson() {
        assertEquals("812 B", LogTail.human(812));
        assertEquals("4.0 KB", LogTail.human(4096));
        assertEquals("1.0 GB", LogTail.human(1L << 30));
    }
}
