package org.hpckernel.cluster.pbs;

import static org.hpckernel.cluster.RecordedTransport.recorded;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.hpckernel.cluster.usage.JobUsage;
import org.junit.jupiter.api.Test;

/** {@code qstat -xf} as real PBS servers printed it (az-hop OpenPBS, a PBS Pro cluster via aiida's fixture). */
class PbsUsageTest {

    @Test
    void aFinishedJobsResourcesUsedAgainstItsList() {
        JobUsage u = PbsUsageParser.parse(recorded("pbs/azhop_openpbs_qstat_fx_finished.txt"))
                .get(0);
        assertEquals("8.scheduler", u.id().value());
        assertEquals("COMPLETED", u.state());
        assertEquals(120, u.cpus());
        assertEquals(2700.0 / (55 * 120), u.cpuEfficiency().orElseThrow(), 1e-9); // cput 00:45:00 over 00:00:55 x 120
        assertEquals(29380680L * 1024, u.peakMemory().orElseThrow());
        assertTrue(u.memoryRequest().isEmpty(), "no Resource_List.mem and no mem in the select");
        assertEquals(Optional.of(Duration.ofHours(1)), u.timeLimit());
        assertEquals("workq", u.partition());
    }

    @Test
    void hoursPastNinetyNineAndWrappedLinesRead() {
        List<JobUsage> all = PbsUsageParser.parse(recorded("pbs/aiida_pbspro_qstat_f_multi.txt"));
        assertEquals(6, all.size());
        JobUsage u = all.stream()
                .filter(j -> j.id().value().equals("69301.mycluster"))
                .findFirst()
                .orElseThrow();
        assertEquals(
                Duration.ofHours(4090).plusMinutes(56).plusSeconds(3),
                u.cpuTime().orElseThrow());
        assertEquals(Duration.ofHours(64).plusMinutes(26).plusSeconds(16), u.elapsed());
        assertEquals(0.9920, u.cpuEfficiency().orElseThrow(), 0.0001);
        assertEquals(4, u.nodes());
        assertEquals("RUNNING", u.state());
        JobUsage queued = all.get(0);
        assertTrue(queued.notStarted());
    }

    @Test
    void theSelectsChunkMemoryIsTheRequestWhenMemIsUnset() {
        assertEquals(Optional.of(40L << 30), PbsUsageParser.selectMemory("2:ncpus=8:mem=16gb+1:ncpus=4:mem=8gb"));
        assertEquals(Optional.empty(), PbsUsageParser.selectMemory("15:ncpus=16"));
    }
}
