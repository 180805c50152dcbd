package org.hpckernel.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import org.hpckernel.cluster.local.LocalScheduler;
import org.hpckernel.cluster.local.LocalTransport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The local profile lists its own unfinished jobs as its queue, and itself as its one partition. */
class QueueOnLocalIT {

    private static CountingTransport transport;
    private static Cluster cluster;

    @BeforeAll
    static void start() throws Exception {
        String root = Files.createTempDirectory("hpc-local-queue").toString();
        transport = new CountingTransport(new LocalTransport());
        cluster = new Cluster(
                SchedulerBehaviour.profile("local", "local", root),
                transport,
                new LocalScheduler(transport, root),
                SchedulerBehaviour.newLedger());
    }

    @AfterAll
    static void stop() {
        transport.close();
    }

    @Test
    void aRunningJobAndOneWaitingForItAreListedUntilTheyEnd() throws Exception {
        JobId first = cluster.submit(
                JobSpec.builder().name("sleeper").script("sleep 30").build());
        JobId second = cluster.submit(JobSpec.builder()
                .name("after")
                .dependency(JobSpec.Dependency.parse("afterok:" + first.value()))
                .script("true")
                .build());
        try {
            Thread.sleep(500);
            List<QueuedJob> jobs = cluster.queue(false, Optional.empty());
            QueuedJob running = jobs.stream()
                    .filter(j -> j.id().equals(first.value()))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(jobs.toString()));
            assertEquals(JobState.RUNNING, running.state());
            assertEquals("sleeper", running.name());
            assertTrue(running.start().isPresent());
            QueuedJob waiting = jobs.stream()
                    .filter(j -> j.id().equals(second.value()))
                    .findFirst()
                    .orElseThrow();
            assertEquals(JobState.PENDING, waiting.state());
            assertEquals("Dependency", waiting.reason());
        } finally {
            cluster.cancel(List.of(first, second));
        }
        assertThrows(org.hpckernel.HpcException.class, () -> cluster.queue(false, Optional.of("gpu")));
        Partition local = cluster.partitions().get(0);
        assertEquals("local", local.name());
        assertTrue(local.isDefault());
    }
}
