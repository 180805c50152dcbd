package org.hpckernel.cluster.pbs;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

/** qstat -f (a real PBS Pro listing) and qstat -Qf (MetaCentrum's gpu_long) for the queue and partitions views. */
class PbsQueueTest {

    private static final List<QueuedJob> JOBS =
            PbsQueueParser.parse(RecordedTransport.recorded("pbs/qstat-f-aiida-pbspro.txt"));

    private static QueuedJob job(String id) {
        return JOBS.stream()
                .filter(j -> j.id().equals(id))
                .findFirst()
                .orElseThrow(() -> new AssertionError(id + " not in " + JOBS));
    }

    @Test
    void everyBlockIsAJobWithItsOwnerQueueAndComment() {
        assertEquals(6, JOBS.size());
        QueuedJob queued = job("68350.mycluster");
        assertEquals(JobState.PENDING, queued.state());
        assertEquals("usernum1", queued.user());
        assertEquals("Q_express", queued.partition());
        assertEquals("Not Running: Node is in an ineligible state: offline", queued.reason());
        assertEquals(Optional.empty(), queued.start());
        assertEquals(Optional.of(Duration.ofHours(1)), queued.timeLeft());
        assertEquals(15, queued.nodes());
        assertEquals(240, queued.cpus());
        assertTrue(
                job("69302.mycluster").reason().startsWith("held"),
                job("69302.mycluster").reason());
    }

    @Test
    void aRunningJobHasItsStartAndWalltimeLeftAndItsWrappedCommentJoined() {
        QueuedJob running = job("69301.mycluster");
        assertEquals(JobState.RUNNING, running.state());
        assertEquals(Optional.of(LocalDateTime.of(2013, 4, 20, 1, 36, 59)), running.start());
        assertEquals(Optional.of(Duration.ofHours(72).minus(Duration.parse("PT64H26M16S"))), running.timeLeft());
        assertEquals(
                "Job run at Sat Apr 20 at 01:36 on (b141:ncpus=16)+(b142:ncpus=16)+(b143:ncpus=16)+(b144:ncpus=16)",
                running.reason());
    }

    @Test
    void anEstimatedStartIsReadFromItsCtimeWithAOneDigitDay() {
        // hand-made block: the attribute as the PBS Professional reference guide documents it
        String block =
                "Job Id: 7.server\n    Job_Name = w\n    Job_Owner = me@login\n    job_state = Q\n    queue = workq\n"
                        + "    estimated.start_time = Tue Apr  9 15:01:47 2013\n";
        assertEquals(
                Optional.of(LocalDateTime.of(2013, 4, 9, 15, 1, 47)),
                PbsQueueParser.parse(block).get(0).start());
        assertEquals(Optional.empty(), PbsQueueParser.ctime("UNKNOWN"));
    }

    @Test
    void theCommandSelectsMineOrEveryonesInOneCall() {
        assertTrue(PbsQueueParser.command(false, Optional.of("gpu"))
                .startsWith("ids=$(qselect -u \"${USER:-$(id -un)}\" -q 'gpu')"));
        assertTrue(PbsQueueParser.command(true, Optional.empty()).startsWith("ids=$(qselect)"));
    }

    @Test
    void aQueueHasItsLimitsJobCountsAndTheServersDefault() {
        String out = "    default_queue = gpu_long\n@@queues\n"
                + RecordedTransport.recorded("pbs/qstat-Qf-metacentrum-gpu_long.txt");
        Partition q = PbsQueues.parse(out).get(0);
        assertEquals("gpu_long", q.name());
        assertTrue(q.isDefault() && q.up());
        assertEquals(Optional.of(Duration.ofHours(336)), q.maxTime());
        assertEquals("up to 99 a job", q.gpus());
        assertEquals(Optional.empty(), q.nodes());
        assertTrue(
                q.note().contains("jobs: 10 running, 14 queued") && q.note().contains("at least 1 GPU a job"),
                q.note());
    }
}
