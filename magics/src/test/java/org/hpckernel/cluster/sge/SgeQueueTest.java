package org.hpckernel.cluster.sge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import org.hpckernel.cluster.JobState;
import org.hpckernel.cluster.Partition;
import org.hpckernel.cluster.QueuedJob;
import org.hpckernel.cluster.RecordedTransport;
import org.junit.jupiter.api.Test;

/** qstat -xml -r and the queue configuration as recorded on the localhost Grid Engine 8.1.9. */
class SgeQueueTest {

    private static final List<QueuedJob> JOBS =
            SgeQueueParser.parse(RecordedTransport.recorded("sge/qstat-xml-r-queue.txt"));

    private static QueuedJob named(String name) {
        return JOBS.stream()
                .filter(j -> j.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError(name + " not in " + JOBS));
    }

    @Test
    void aRunningJobHasItsQueueSlotsAndTimeLeftByTheClustersClock() {
        QueuedJob hog = named("hog");
        assertEquals(JobState.RUNNING, hog.state());
        assertEquals("all.q", hog.partition());
        assertEquals(2, hog.cpus());
        assertTrue(hog.start().isPresent());
        // h_rt 180 s, started at JAT_start_time, the cluster's clock at @@now
        Duration ran = Duration.between(hog.start().get(), LocalDateTime.of(2026, 11, 29, 19, 25, 4));
        assertEquals(Optional.of(Duration.ofSeconds(180).minus(ran)), hog.timeLeft());
    }

    @Test
    void pendingJobsHaveNoEstimateAndHeldOnesSaySo() {
        QueuedJob behind = named("behind");
        assertEquals(JobState.PENDING, behind.state());
        assertEquals(Optional.empty(), behind.start());
        assertEquals(Optional.of(Duration.ofSeconds(60)), behind.timeLeft());
        QueuedJob held = named("held");
        assertEquals("hqw", held.schedulerState());
        assertTrue(held.reason().startsWith("held"), held.reason());
        assertEquals("0.00000", held.priority());
        assertTrue(named("arr").id().endsWith(".1-3:1"), named("arr").id());
    }

    @Test
    void theCommandAsksForEveryoneWithAStarAndQuotesTheQueue() {
        String c = SgeQueueParser.command(true, Optional.of("all.q"));
        assertTrue(c.contains("-u '*'") && c.contains("-q 'all.q'") && c.contains("@@now"), c);
        assertThrows(
                IllegalStateException.class, () -> SgeQueueParser.parse("error: not xml\n@@now 2026-11-29T10:00:00"));
    }

    @Test
    void queuesShowTheirSlotsLimitsAndNoDefault() {
        List<Partition> queues = SgeQueues.parse(RecordedTransport.recorded("sge/qstat-g-c-qconf-sq.txt"));
        assertEquals(1, queues.size());
        Partition all = queues.get(0);
        assertEquals("all.q", all.name());
        assertFalse(all.isDefault());
        assertTrue(all.up());
        assertEquals(Optional.empty(), all.maxTime());
        assertEquals("no limit (h_vmem INFINITY)", all.maxMemory());
        assertEquals("2 slots a host", all.cpus());
        assertTrue(
                all.note().contains("slots: 0 free, 2 used, 0 unusable, 2 in all")
                        && all.note().contains("smp"),
                all.note());
    }

    @Test
    void queueLimitsWithHostOverridesKeepTheQueuesOwn() {
        String out =
                "@@queue gpu.q\nqname gpu.q\nslots 1,[node1=4]\nh_rt 48:00:00\nh_vmem 8G,[node1=16G]\ncomplex_values gpu=2\n";
        Partition gpu = SgeQueues.parse(out).get(0);
        assertEquals(Optional.of(Duration.ofHours(48)), gpu.maxTime());
        assertEquals("h_vmem 8G (some hosts differ)", gpu.maxMemory());
        assertEquals("gpu=2", gpu.gpus());
    }
}
