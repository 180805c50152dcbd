package org.hpckernel.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.hpckernel.cluster.ssh.SshTransport;
import org.hpckernel.session.Schedulers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** %hpc queue and partitions on the localhost Grid Engine 8.1.9 (install/test-sge.sh up), over real SSH. */
class QueueOnSgeIT {

    private static CountingTransport transport;
    private static Cluster cluster;

    @BeforeAll
    static void connect() throws Exception {
        transport = new CountingTransport(new SshTransport(TestCluster.target(), Prompter.NONE));
        ExecResult up = transport.inner.exec("timeout 10 qstat -xml >/dev/null", Duration.ofSeconds(20));
        if (!up.ok()) {
            throw new IllegalStateException(
                    "Grid Engine does not answer (" + up.stderr().strip() + "): run `sudo install/test-sge.sh up`");
        }
        cluster = new Cluster(
                SchedulerBehaviour.profile("queuesge", "sge", "~/hpc-kernel-it-sge"),
                transport,
                Schedulers.create("sge", transport, null),
                SchedulerBehaviour.newLedger());
    }

    @AfterAll
    static void disconnect() {
        transport.close();
    }

    @Test
    void aHeldJobIsPendingWithNoEstimateAndItsHold() throws Exception {
        JobId held = cluster.submit(JobSpec.builder()
                .name("q-held")
                .script("#!/bin/bash\n#$ -h\ntrue")
                .build());
        try {
            int before = transport.execs.get();
            List<QueuedJob> mine = cluster.queue(false, Optional.empty());
            assertEquals(1, transport.execs.get() - before, "one remote call");
            QueuedJob h = mine.stream()
                    .filter(j -> j.id().equals(held.value()))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(mine.toString()));
            assertEquals(JobState.PENDING, h.state());
            assertEquals("hqw", h.schedulerState());
            assertTrue(h.reason().startsWith("held"), h.reason());
            assertEquals(Optional.empty(), h.start());
            assertTrue(cluster.queue(true, Optional.of("all.q")).stream().anyMatch(j -> j.id().equals(held.value())));
        } finally {
            cluster.cancel(List.of(held));
        }
    }

    @Test
    void partitionsListAllQWithItsSlots() throws Exception {
        List<Partition> queues = cluster.partitions();
        Partition all = queues.stream()
                .filter(q -> q.name().equals("all.q"))
                .findFirst()
                .orElseThrow(() -> new AssertionError(queues.toString()));
        assertFalse(all.isDefault());
        assertEquals("2 slots a host", all.cpus());
        assertTrue(all.note().contains("2 in all"), all.note());
    }
}
