package org.hpckernel.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.hpckernel.cluster.local.LocalScheduler;
import org.hpckernel.cluster.local.LocalTransport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The local executor passes the same behaviour as a real cluster. */
class LocalExecutorIT extends SchedulerBehaviour {

    private static CountingTransport transport;
    private static Cluster cluster;

    @BeforeAll
    static void start() throws Exception {
        String root = Files.createTempDirectory("hpc-local").toString();
        transport = new CountingTransport(new LocalTransport());
        cluster = new Cluster(
                profile("local", "local", root), transport, new LocalScheduler(transport, root), newLedger());
    }

    @Override
    Cluster cluster() {
        return cluster;
    }

    @Override
    CountingTransport transport() {
        return transport;
    }

    @Test
    void aChainResumesAfterATimeoutAndStopsOnAFailure() throws Exception {
        chainsResumeAfterATimeoutAndStopOnAFailure(Duration.ofSeconds(2), ENDS_WITHIN);
    }

    @Test
    void aJobPastItsTimeLimitEndsInTimeout() throws Exception {
        JobStatus s = runToEnd(JobSpec.builder()
                .name("slowpoke")
                .timeLimit(Duration.ofSeconds(2))
                .script("sleep 60")
                .build());
        assertEquals(JobState.TIMEOUT, s.state(), s.toString());
    }

    @Test
    void aJobWhoseAfterokParentFailedIsCancelledNotLeftPending() throws Exception {
        JobId parent =
                cluster.submit(JobSpec.builder().name("parent").script("exit 1").build());
        JobId child = cluster.submit(JobSpec.builder()
                .name("child")
                .dependency(JobSpec.Dependency.parse("afterok:" + parent.value()))
                .script("true")
                .build());
        JobStatus s =
                cluster.await(List.of(parent, child), ENDS_WITHIN, x -> {}).get(child);
        assertEquals(JobState.CANCELLED, s.state());
        assertEquals("DependencyNeverSatisfied", s.reason());
    }
}
