package org.hpckernel.cluster.sge;

import static org.hpckernel.cluster.RecordedTransport.recorded;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.hpckernel.cluster.usage.JobUsage;
import org.junit.jupiter.api.Test;

/** qacct records: the localhost Grid Engine 8.1.9's (units on every value) and SGE 6.2u5's (bare numbers). */
class SgeUsageTest {

    @Test
    void aJobWithHardLimitsIsComparedWithThem() {
        List<JobUsage> all = SgeUsageParser.parse(recorded("sge/qacct-usage.txt"));
        assertEquals(
                List.of("383", "384_0", "384_1"),
                all.stream().map(u -> u.id().value()).toList());
        JobUsage u = all.get(0);
        assertEquals(Duration.ofSeconds(6), u.elapsed());
        assertEquals(Duration.ofMillis(5312), u.cpuTime().orElseThrow());
        assertEquals(0.885, u.cpuEfficiency().orElseThrow(), 0.001);
        assertEquals(Math.round(208.184 * 1024 * 1024), u.peakMemory().orElseThrow());
        assertEquals("virtual", u.memoryKind());
        assertEquals(1024L * 1024 * 1024, u.memoryRequest().orElseThrow()); // -l h_vmem=1G
        assertEquals(Optional.of(Duration.ofMinutes(10)), u.timeLimit()); // -l h_rt=600
        assertEquals("COMPLETED", u.state());
        assertEquals("all.q", u.partition());
    }

    @Test
    void aParallelArrayTaskCountsItsSlots() {
        JobUsage task = SgeUsageParser.parse(recorded("sge/qacct-usage.txt")).get(1);
        assertEquals(2, task.cpus()); // -pe smp 2
        assertEquals(5.548 / 12, task.cpuEfficiency().orElseThrow(), 0.001);
        assertTrue(task.memoryRequest().isEmpty());
        assertTrue(task.note().contains("h_vmem"), task.note());
    }

    @Test
    void anOldRecordWithBareNumbersReads() {
        JobUsage u = SgeUsageParser.parse(recorded("sge/starcluster_qacct_j_record.txt"))
                .get(0);
        assertEquals("2", u.id().value());
        assertEquals(Duration.ofSeconds(60), u.elapsed());
        assertEquals(0.0, u.cpuEfficiency().orElseThrow());
        assertEquals(Math.round(2.902 * 1024 * 1024), u.peakMemory().orElseThrow());
        assertTrue(u.timeLimit().isEmpty());
    }

    @Test
    void theRequestIsReadFromTheCategory() {
        assertEquals(
                "600",
                SgeUsageParser.category("-l h_rt=600,h_vmem=1G -pe smp 2").get("h_rt"));
        assertEquals(
                "smp 2",
                SgeUsageParser.category("-l h_rt=600,h_vmem=1G -pe smp 2").get("pe"));
        assertTrue(SgeUsageParser.category("NONE").isEmpty());
    }

    @Test
    void theQueryAsksEachJobNumberQuoted() {
        assertEquals(
                "for j in '5' '6'; do echo \"@@qacct $j\"; qacct -j \"$j\" 2>&1; done",
                SgeUsageParser.command(List.of("5", "6")));
    }
}
