package org.hpckernel.cluster.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.hpckernel.cluster.JobId;
import org.junit.jupiter.api.Test;

/** The margins and roundings RightSizing documents. */
class RightSizingTest {

    private static final long MIB = 1024L * 1024;
    private static final long GIB = 1024 * MIB;

    private static JobUsage job(
            String state, Duration elapsed, Duration limit, int cpus, Duration cpu, long peak, long asked) {
        return new JobUsage(
                JobId.of("1"),
                state,
                elapsed,
                Optional.ofNullable(limit),
                cpus,
                Optional.ofNullable(cpu),
                Optional.of(peak),
                Optional.of(asked),
                0,
                1,
                "RSS",
                "",
                "");
    }

    @Test
    void memoryIsThePeakPlusTwentyPercentInSensibleSteps() {
        assertEquals(256 * MIB, RightSizing.memory(10 * MIB)); // never under 256M
        assertEquals(768 * MIB, RightSizing.memory(600 * MIB)); // 720M -> 768M (256M steps under 1G)
        assertEquals(GIB, RightSizing.memory(850 * MIB)); // 1020M -> 1G
        assertEquals(3 * GIB, RightSizing.memory(2 * GIB)); // 2.4G -> 3G (whole G above 1G)
        assertEquals(3 * GIB, RightSizing.memory(2500 * MIB)); // 2.93G -> 3G
        assertEquals("768M", RightSizing.memoryOption(768 * MIB));
        assertEquals("3G", RightSizing.memoryOption(3 * GIB));
    }

    @Test
    void timeIsTheLongestRunPlusHalfInFiveTenFifteenMinuteSteps() {
        assertEquals(Duration.ofMinutes(5), RightSizing.time(Duration.ofSeconds(10))); // at least 5 min
        assertEquals(Duration.ofMinutes(20), RightSizing.time(Duration.ofMinutes(12))); // 18 min -> 20 (5-min steps)
        assertEquals(Duration.ofMinutes(100), RightSizing.time(Duration.ofMinutes(62))); // 93 min -> 100 (10-min steps)
        assertEquals(
                Duration.ofMinutes(315), RightSizing.time(Duration.ofMinutes(205))); // 307.5 min -> 315 (15-min steps)
        assertEquals(
                Duration.ofHours(19),
                RightSizing.time(Duration.ofHours(12).plusMinutes(10))); // 18 h 15 min -> 19 h (whole hours above 12 h)
    }

    @Test
    void aJobThatAskedTooMuchIsToldWhatWouldHaveBeenEnough() {
        JobUsage u = job(
                "COMPLETED", Duration.ofMinutes(12), Duration.ofHours(2), 1, Duration.ofMinutes(11), 2 * GIB, 16 * GIB);
        assertEquals(
                "--mem 3G --time 00:20:00 would have been enough (peak 2.00 GB + 20%; longest run 00:12:00 + 50%).",
                RightSizing.suggest(List.of(u)).orElseThrow());
    }

    @Test
    void idleCpusAreGivenBack() {
        // 8 CPUs, 1.5 of them busy on average: 1.5 x 1.25 = 1.875 -> 2
        JobUsage u = job(
                "COMPLETED",
                Duration.ofHours(1),
                Duration.ofHours(1).plusMinutes(30),
                8,
                Duration.ofMinutes(90),
                2 * GIB,
                3 * GIB);
        String s = RightSizing.suggest(List.of(u)).orElseThrow();
        assertTrue(s.contains("--cpus 2") && s.contains("1.5 of 8 CPUs busy"), s);
        assertTrue(!s.contains("--mem"), "3G is what 2G + 20% rounds to: nothing to give back: " + s);
    }

    @Test
    void aJobThatHitItsLimitsIsToldToAskForMore() {
        JobUsage u = job(
                "TIMEOUT", Duration.ofMinutes(30), Duration.ofMinutes(30), 1, Duration.ofMinutes(29), 3 * GIB, 2 * GIB);
        String s = RightSizing.suggest(List.of(u)).orElseThrow();
        assertTrue(s.contains("Ask for more: --mem 4G") && s.contains("--time above 00:30:00"), s);
    }

    @Test
    void aJobKilledForMemoryIsToldToAskForMoreThanItHad() {
        JobUsage u = job(
                "OUT_OF_MEMORY",
                Duration.ofMinutes(3),
                Duration.ofHours(1),
                1,
                Duration.ofMinutes(3),
                2 * GIB,
                2 * GIB);
        String s = RightSizing.suggest(List.of(u)).orElseThrow();
        assertTrue(s.contains("Ask for more: --mem above 2.00 GB (it ran out of memory)"), s);
        assertTrue(!s.startsWith("--mem"), s);
    }

    @Test
    void anArrayIsSizedByItsLargestTask() {
        List<JobUsage> tasks = List.of(
                job(
                        "COMPLETED",
                        Duration.ofMinutes(5),
                        Duration.ofHours(1),
                        1,
                        Duration.ofMinutes(5),
                        300 * MIB,
                        4 * GIB),
                job(
                        "COMPLETED",
                        Duration.ofMinutes(9),
                        Duration.ofHours(1),
                        1,
                        Duration.ofMinutes(9),
                        900 * MIB,
                        4 * GIB));
        assertEquals(
                "--mem 2G --time 00:15:00 would have been enough (peak 900.00 MB + 20%; longest run 00:09:00 + 50%).",
                RightSizing.suggest(tasks).orElseThrow());
    }

    @Test
    void nothingIsSaidOfAJobStillRunning() {
        assertTrue(RightSizing.suggest(List.of(job(
                        "RUNNING", Duration.ofMinutes(5), Duration.ofHours(1), 1, Duration.ofMinutes(5), GIB, 4 * GIB)))
                .isEmpty());
    }
}
