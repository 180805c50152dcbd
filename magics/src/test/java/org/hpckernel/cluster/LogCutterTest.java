package org.hpckernel.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** What --follow prints stays bounded, however much the job writes. */
class LogCutterTest {

    private static final LogTail.Limits LIMITS = new LogTail.Limits(100, 1000, 64);

    @Test
    void shortLinesPassUnchanged() {
        LogCutter c = new LogCutter(LIMITS, "/x.out");
        assertEquals("a\nb", c.accept("a\nb"));
        assertEquals("c\n", c.accept("c\n"));
        assertFalse(c.spent());
    }

    @Test
    void aLongLineArrivingInSeveralChunksIsCutOnce() {
        LogCutter c = new LogCutter(new LogTail.Limits(100, 1 << 20, 64), "/x.out");
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 50; i++) {
            out.append(c.accept("y".repeat(1000)));
        }
        out.append(c.accept("\nnext\n"));
        assertEquals("y".repeat(100) + " […49900 characters of this line cut…]\nnext\n", out.toString());
    }

    @Test
    void afterTheBudgetOneNoticeNamesTheLogAndThenNothing() {
        LogCutter c = new LogCutter(LIMITS, "/home/me/jobs/j7/logs/j.out").alreadyShown("x".repeat(100) + "\n");
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            out.append(c.accept("line " + i + "\n"));
        }
        assertTrue(c.spent());
        assertTrue(out.length() < 1000 + 300, out.length() + "");
        assertTrue(out.toString().contains("/home/me/jobs/j7/logs/j.out on the cluster"), out.toString());
        assertEquals("", c.accept("more\n"));
    }
}
