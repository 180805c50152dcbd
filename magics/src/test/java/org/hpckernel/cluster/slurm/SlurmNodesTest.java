package org.hpckernel.cluster.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hpckernel.cluster.FailureExplainer;
import org.hpckernel.cluster.JobDirectory;
import org.hpckernel.cluster.JobId;
import org.hpckernel.cluster.JobStatus;
import org.hpckernel.cluster.RecordedTransport;
import org.junit.jupiter.api.Test;

/** ReqNodeNotAvail is final only when the node it names does not exist. */
class SlurmNodesTest {

    private static Map<JobId, JobStatus> handmade(String... ids) {
        Map<JobId, JobDirectory> jobs = new LinkedHashMap<>();
        for (String id : ids) {
            jobs.put(JobId.of(id), new JobDirectory("/home/u/hpc-kernel/jobs/j" + id));
        }
        return SlurmStatusParser.parse(RecordedTransport.recorded("slurm/poll-never-starts-handmade.txt"), jobs);
    }

    @Test
    void hostListsExpandAsSlurmWritesThem() {
        assertEquals(List.of("gpu07", "gpu08", "gpu10", "cpu1"), SlurmNodes.expand("gpu[07-08,10],cpu1"));
        assertEquals(List.of("localhost"), SlurmNodes.expand("localhost"));
        assertEquals(List.of("n1", "n2", "m001"), SlurmNodes.expand("n[1-2],m[001]"));
        assertEquals(Set.of("localhost", "node2"), SlurmNodes.parse("localhost\nnode2\n\n"));
    }

    @Test
    void aNodeTheClusterDoesNotHaveMeansNever() {
        JobStatus gone = SlurmNodes.markMissingNodes(handmade("93"), Set.of("gpu01", "gpu02"))
                .get(JobId.of("93"));
        assertTrue(gone.isSettled(), gone.reason());
        assertTrue(gone.reason().contains("NoSuchNode: gpu07,gpu08"), gone.reason());
        assertTrue(
                FailureExplainer.suggestion(gone, "").contains("does not have"), FailureExplainer.suggestion(gone, ""));
    }

    @Test
    void aNodeThatExistsButIsDownIsWaitedFor() {
        JobStatus down = SlurmNodes.markMissingNodes(handmade("93"), Set.of("gpu07", "gpu08"))
                .get(JobId.of("93"));
        assertFalse(down.isSettled(), down.reason());
        assertFalse(
                SlurmNodes.markMissingNodes(handmade("94"), Set.of("gpu07"))
                        .get(JobId.of("94"))
                        .isSettled(),
                "reserved, no node list");
        assertFalse(
                SlurmNodes.markMissingNodes(handmade("93"), Set.of())
                        .get(JobId.of("93"))
                        .isSettled(),
                "no node list: no verdict");
    }
}
