package org.hpckernel.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.hpckernel.cluster.slurm.SlurmScheduler;
import org.hpckernel.ledger.Ledger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pollers of one profile share their scheduler calls. */
class SharedPollingTest {

    private static Cluster cluster(RecordedTransport t, Ledger ledger) throws Exception {
        for (String id : List.of("349", "350", "354")) {
            ledger.submissionStarted("t" + id, "rec", "/home/hpcuser/hpc-kernel-it/jobs/j" + id);
            ledger.submitted("t" + id, "rec", id, "job" + id, "/home/hpcuser/hpc-kernel-it/jobs/j" + id, "{}", "h");
        }
        return new Cluster(
                SchedulerBehaviour.profile("rec", "slurm", "/home/hpcuser/hpc-kernel-it"),
                t,
                new org.hpckernel.cluster.BatchProtocol(new SlurmScheduler(), t),
                ledger);
    }

    @Test
    void aSecondPollerWithinTheIntervalGetsTheSameAnswerWithoutACall(@TempDir Path dir) throws Exception {
        RecordedTransport t =
                new RecordedTransport().on("squeue", 0, RecordedTransport.recorded("slurm/poll-in-queue.txt"));
        try (Ledger ledger = Ledger.open(dir.resolve("l.db"))) {
            Cluster c = cluster(t, ledger);
            try (AutoCloseable waiting = c.watch(List.of(JobId.of("354")))) {
                Map<JobId, JobStatus> first = c.sharedStatus(List.of(JobId.of("349")));
                assertTrue(first.containsKey(JobId.of("354")), "the watched job rode along in the same call");
                Map<JobId, JobStatus> second = c.sharedStatus(List.of(JobId.of("354")));
                assertEquals(1, t.commands.size(), "one scheduler call for both pollers");
                assertEquals(JobState.RUNNING, second.get(JobId.of("354")).state());
            }
            c.status(List.of(JobId.of("350")));
            assertEquals(2, t.commands.size(), "an explicit status always asks the scheduler");
        }
    }

    @Test
    void waitingShowsOnlyItsOwnJobsAndStopsAtAFinishedOne(@TempDir Path dir) throws Exception {
        RecordedTransport t =
                new RecordedTransport().on("squeue", 0, RecordedTransport.recorded("slurm/poll-in-queue.txt"));
        try (Ledger ledger = Ledger.open(dir.resolve("l.db"))) {
            Cluster c = cluster(t, ledger);
            try (AutoCloseable other = c.watch(List.of(JobId.of("354")))) {
                Map<JobId, JobStatus> end = c.await(List.of(JobId.of("350")), Duration.ofSeconds(30), s -> {});
                assertEquals(List.of(JobId.of("350")), List.copyOf(end.keySet()));
                assertEquals(JobState.FAILED, end.get(JobId.of("350")).state());
                assertEquals(1, t.commands.size());
            }
        }
    }
}
