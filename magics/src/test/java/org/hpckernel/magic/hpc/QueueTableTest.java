package org.hpckernel.magic.hpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.hpckernel.cluster.RecordedTransport;
import org.hpckernel.cluster.sge.SgeQueueParser;
import org.hpckernel.cluster.slurm.SlurmPartitions;
import org.hpckernel.cluster.slurm.SlurmQueueParser;
import org.hpckernel.render.TableView;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/** The queue and partitions tables as %hpc shows them, from recorded Slurm and Grid Engine outputs. */
class QueueTableTest {

    @Test
    void pendingJobsShowTheirExpectedStartOrNaAndRunningOnesSinceWhenAndTimeLeft() {
        Table t = QueueTable.of(
                "hpc",
                SlurmQueueParser.parse(RecordedTransport.recorded("slurm/squeue-queue-mine.txt")),
                false,
                Optional.empty());
        assertEquals("your jobs in the queue of hpc (7)", t.name());
        int behind = t.stringColumn("job").indexOf("3452");
        assertEquals(
                "expected 2026-11-29 19:22:41",
                t.stringColumn("start (cluster time)").get(behind));
        assertEquals("Resources", t.stringColumn("reason").get(behind));
        assertEquals("0:02:00", t.stringColumn("time left").get(behind));
        int held = t.stringColumn("job").indexOf("3454");
        assertEquals("n/a", t.stringColumn("start (cluster time)").get(held));
        int hog = t.stringColumn("job").indexOf("3451");
        assertEquals(
                "since 2026-11-29 19:20:41",
                t.stringColumn("start (cluster time)").get(hog));
        assertEquals("0:01:24", t.stringColumn("time left").get(hog));
        assertEquals("RUNNING", t.stringColumn("state").get(hog));
        assertTrue(TableView.text(t).contains("odd|name x"), TableView.text(t));
    }

    @Test
    void gridEnginesOwnStateIsShownBesideTheNormalisedOne() {
        Table t = QueueTable.of(
                "sge",
                SgeQueueParser.parse(RecordedTransport.recorded("sge/qstat-xml-r-queue.txt")),
                true,
                Optional.of("all.q"));
        assertEquals("all jobs in the queue of sge, partition all.q (4)", t.name());
        assertTrue(t.stringColumn("state").asList().contains("PENDING (hqw)"), TableView.text(t));
        assertTrue(t.stringColumn("state").asList().contains("RUNNING (r)"), TableView.text(t));
    }

    @Test
    void partitionsMarkTheDefaultAndSayNoLimitWhereThereIsNone() {
        Table t = PartitionTable.of(
                "hpc", SlurmPartitions.overview(RecordedTransport.recorded("slurm/partitions-overview.txt")));
        assertEquals("yes", t.stringColumn("default").get(0));
        assertEquals("no limit", t.stringColumn("max time").get(0));
        assertEquals("0:10:00", t.stringColumn("max time").get(1));
        assertEquals("1", t.stringColumn("nodes free").get(0));
        assertEquals("2", t.stringColumn("total").get(1));
    }
}
