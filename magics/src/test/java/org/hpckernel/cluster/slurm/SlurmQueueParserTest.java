package org.hpckernel.cluster.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

/** squeue, sinfo + scontrol and sbatch --test-only as recorded on the localhost Slurm 22.05.8. */
class SlurmQueueParserTest {

    private static final List<QueuedJob> MINE =
            SlurmQueueParser.parse(RecordedTransport.recorded("slurm/squeue-queue-mine.txt"));

    private static QueuedJob job(String id) {
        return MINE.stream()
                .filter(j -> j.id().equals(id))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no job " + id + " in " + MINE));
    }

    @Test
    void aJobBehindARunningOneHasTheBackfillEstimateAndItsReason() {
        QueuedJob behind = job("3452");
        assertEquals(JobState.PENDING, behind.state());
        assertEquals("Resources", behind.reason());
        assertEquals(Optional.of(LocalDateTime.of(2026, 11, 29, 19, 22, 41)), behind.start());
        assertEquals("debug", behind.partition());
        assertEquals("4294899531", behind.priority());
        assertEquals(Optional.of(Duration.ofMinutes(2)), behind.timeLeft());
    }

    @Test
    void aHeldJobHasNoEstimateAndZeroPriority() {
        QueuedJob held = job("3454");
        assertEquals("JobHeldUser", held.reason());
        assertEquals(Optional.empty(), held.start());
        assertEquals("0", held.priority());
    }

    @Test
    void aRunningJobHasItsStartAndTimeLeftAndNoReason() {
        QueuedJob hog = job("3451");
        assertEquals(JobState.RUNNING, hog.state());
        assertEquals("", hog.reason());
        assertEquals(Optional.of(LocalDateTime.of(2026, 11, 29, 19, 20, 41)), hog.start());
        assertEquals(Optional.of(Duration.ofSeconds(84)), hog.timeLeft());
        assertEquals(2, hog.nodes());
        assertEquals(8, hog.cpus());
    }

    @Test
    void aNameWithTheDelimiterStaysWholeAndAnArrayRangeKeepsItsId() {
        assertEquals("odd|name x", job("3456").name());
        QueuedJob array = job("3455_[1-3%1]");
        assertEquals("short", array.partition());
        assertTrue(array.reason().startsWith("Nodes required for job are DOWN"), array.reason());
        assertEquals(7, MINE.size());
    }

    @Test
    void theCommandAsksForMineOrEveryonesAndQuotesThePartition() {
        assertTrue(SlurmQueueParser.command(false, Optional.empty()).contains("-u \"${USER:-$(id -un)}\""));
        String all = SlurmQueueParser.command(true, Optional.of("gpu'; rm -rf ~"));
        assertFalse(all.contains(" -u "), all);
        assertTrue(all.contains("-p 'gpu'\\''; rm -rf ~'"), all);
    }

    @Test
    void sbatchTestOnlyGivesTheStartItWouldHave() {
        assertEquals(
                Optional.of(
                        "Slurm estimates it would start at 2026-11-29 19:28:41 (cluster time) in partition debug on n1, using 1 CPU."),
                SlurmQueueParser.startEstimate(RecordedTransport.recorded("slurm/sbatch-test-only.err")));
        assertEquals(
                Optional.of(
                        "Slurm could not place it now: allocation failure: Requested node configuration is not available"),
                SlurmQueueParser.startEstimate(RecordedTransport.recorded("slurm/sbatch-test-only-refused.err")));
    }

    @Test
    void partitionsShowLimitsNodeCountsAndTheDefault() {
        List<Partition> parts = SlurmPartitions.overview(RecordedTransport.recorded("slurm/partitions-overview.txt"));
        assertEquals(
                List.of("debug", "short"), parts.stream().map(Partition::name).toList());
        Partition debug = parts.get(0);
        assertTrue(debug.isDefault() && debug.up());
        assertEquals(Optional.empty(), debug.maxTime());
        assertEquals("21694M per node", debug.maxMemory());
        assertEquals("none", debug.gpus());
        assertEquals("4", debug.cpus());
        assertEquals(Optional.of(new Partition.Nodes(1, 1, 0, 2)), debug.nodes());
        Partition shortOne = parts.get(1);
        assertFalse(shortOne.isDefault());
        assertEquals(Optional.of(Duration.ofMinutes(10)), shortOne.maxTime());
    }

    @Test
    void aPartitionsOwnMemoryLimitAndGpusWinOverItsNodesSizes() {
        String out = "gpu|2-00:00:00|512000|4|gpu:a100:4(S:0-1)|up|2/1/1/4|64\n@@scontrol\n"
                + "PartitionName=gpu Default=NO MaxTime=2-00:00:00 MaxNodes=2 MaxMemPerNode=256000 DefaultTime=01:00:00 State=UP\n";
        Partition gpu = SlurmPartitions.overview(out).get(0);
        assertEquals("256000M per node", gpu.maxMemory());
        assertEquals("a100:4 per node", gpu.gpus());
        assertEquals(Optional.of(Duration.ofDays(2)), gpu.maxTime());
        assertEquals(Optional.of(new Partition.Nodes(1, 2, 1, 4)), gpu.nodes());
        assertEquals("default time 01:00:00; at most 2 nodes a job", gpu.note());
    }
}
