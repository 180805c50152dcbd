package org.hpckernel.cluster.pjm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import org.hpckernel.cluster.JobState;
import org.hpckernel.cluster.Partition;
import org.hpckernel.cluster.QueuedJob;
import org.hpckernel.cluster.RecordedTransport;
import org.junit.jupiter.api.Test;

/** pjstat, pjshowrsc --rscgrp and pjacl --rg from the Fugaku user guide's examples. */
class PjmQueueTest {

    /** The cluster's clock line our command adds after pjstat's table. */
    private static final String NOW = "@@now 2026-11-17T10:01:41\n";

    @Test
    void runningJobsHaveAYearFromTheClustersClockAndTimeLeft() {
        List<QueuedJob> jobs = PjmQueueParser.parse(RecordedTransport.recorded("pjm/pjstat-fugaku-doc.txt") + NOW);
        assertEquals(4, jobs.size());
        QueuedJob first = jobs.get(0);
        assertEquals("238", first.id());
        assertEquals("job.sh", first.name());
        assertEquals("user1", first.user());
        assertEquals(JobState.RUNNING, first.state());
        assertEquals(Optional.of(LocalDateTime.of(2026, 11, 17, 9, 1, 41)), first.start());
        assertEquals(Optional.of(Duration.ZERO), first.timeLeft()); // one hour allowed, one hour run
        assertEquals(12, first.nodes());
        assertEquals(Optional.empty(), jobs.get(2).timeLeft()); // a step job shows no limit ("-")
    }

    @Test
    void aBracketedEstimateIsAStartAndADateAheadIsLastYears() {
        String table = "\nJOB_ID  JOB_NAME  MD  ST   USER   START_DATE      ELAPSE_LIM  NODE_REQUIRE\n"
                + "300     wait.sh   NM  QUE  user1  (11/18 08:00)<  0002:00:00  4\n";
        QueuedJob waiting = PjmQueueParser.parse(table + NOW).get(0);
        assertEquals(JobState.PENDING, waiting.state());
        assertEquals(Optional.of(LocalDateTime.of(2026, 11, 18, 8, 0)), waiting.start());
        assertEquals(Optional.of(Duration.ofHours(2)), waiting.timeLeft());
        assertEquals(
                Optional.of(LocalDateTime.of(2025, 12, 31, 23, 0)),
                PjmQueueParser.yearless("12/31 23:00:00", LocalDateTime.of(2026, 1, 1, 1, 0)));
    }

    @Test
    void aPartitionIsRefusedBecausePjstatDoesNotNameGroups() {
        assertThrows(IllegalArgumentException.class, () -> PjmQueueParser.command(false, Optional.of("small")));
        assertEquals(
                "pjstat -A && echo \"@@now $(date +%Y-%m-%dT%H:%M:%S)\"",
                PjmQueueParser.command(true, Optional.empty()));
    }

    @Test
    void resourceGroupsHaveNodeCountsAndTheirAclLimits() {
        String out = RecordedTransport.recorded("pjm/pjshowrsc-rscgrp-fugaku-doc.txt") + "@@rscgrp group1\n"
                + RecordedTransport.recorded("pjm/pjacl-rg-small-fugaku-doc.txt");
        List<Partition> groups = PjmResourceGroups.parse(out);
        assertEquals(
                List.of("group1", "group2", "group3"),
                groups.stream().map(Partition::name).toList());
        Partition g1 = groups.get(0);
        assertEquals(Optional.of(new Partition.Nodes(24, 12, 0, 36)), g1.nodes());
        assertEquals(Optional.of(Duration.ofHours(72)), g1.maxTime());
        assertEquals("1-384 nodes a job; default elapse 00:01:00", g1.note());
        assertEquals(Optional.empty(), groups.get(1).maxTime());
    }
}
