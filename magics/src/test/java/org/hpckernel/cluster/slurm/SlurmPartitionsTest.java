package org.hpckernel.cluster.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.hpckernel.cluster.JobSpec;
import org.hpckernel.cluster.RecordedTransport;
import org.junit.jupiter.api.Test;

/** Partition limits from sinfo recorded on the localhost Slurm 22.05.8 (and a hand-written larger cluster), and refusals from them. */
class SlurmPartitionsTest {

    private static final List<SlurmPartitions.Partition> LOCAL =
            SlurmPartitions.parse(RecordedTransport.recorded("slurm/sinfo-partitions.txt"));
    private static final List<SlurmPartitions.Partition> BIG =
            SlurmPartitions.parse(RecordedTransport.recorded("slurm/sinfo-partitions-handmade.txt"));

    private static JobSpec.Builder job() {
        return JobSpec.builder().script("true");
    }

    @Test
    void theRecordedPartitionsAreRead() {
        assertEquals(2, LOCAL.size());
        SlurmPartitions.Partition debug = LOCAL.get(0);
        assertEquals("debug", debug.name());
        assertTrue(debug.isDefault() && debug.up());
        assertEquals(Optional.empty(), debug.maxTime());
        assertEquals(OptionalLong.of(21694), debug.memoryMb());
        assertEquals(1, debug.nodes());
        assertEquals(Optional.of(Map.of()), debug.gpusPerNode());
        SlurmPartitions.Partition shortOne = LOCAL.get(1);
        assertFalse(shortOne.isDefault());
        assertEquals(Optional.of(Duration.ofMinutes(10)), shortOne.maxTime());
    }

    @Test
    void rowsOfOnePartitionAreMerged() {
        SlurmPartitions.Partition gpu =
                BIG.stream().filter(p -> p.name().equals("gpu")).findFirst().orElseThrow();
        assertEquals(12, gpu.nodes());
        assertEquals(OptionalLong.of(515000), gpu.memoryMb());
        assertEquals(Optional.of(Map.of("a100", 4, "v100", 2, "", 4)), gpu.gpusPerNode());
        assertEquals(Optional.of(Duration.ofDays(2)), gpu.maxTime());
        SlurmPartitions.Partition cpu = BIG.get(0);
        assertEquals(OptionalLong.empty(), cpu.memoryMb(), "192000+ : the largest node is not known");
        assertEquals(Optional.of(Duration.ofMinutes(30)), BIG.get(2).maxTime());
        assertFalse(BIG.get(3).up());
    }

    @Test
    void aTimeAboveTheNamedPartitionsLimitIsRefusedWithWhereItFits() {
        String why = SlurmPartitions.refusal(
                        job().partition("short")
                                .timeLimit(Duration.ofMinutes(20))
                                .build(),
                        LOCAL)
                .orElseThrow();
        assertTrue(why.contains("partition short allows --time 00:10:00 at most (asked 00:20:00)"), why);
        assertTrue(why.contains("--partition debug"), why);
        assertEquals(
                Optional.empty(),
                SlurmPartitions.refusal(
                        job().partition("short")
                                .timeLimit(Duration.ofMinutes(10))
                                .build(),
                        LOCAL));
        assertEquals(
                Optional.empty(),
                SlurmPartitions.refusal(job().timeLimit(Duration.ofDays(30)).build(), LOCAL),
                "the default has no limit");
    }

    @Test
    void moreThanAnyPartitionHasIsRefusedAsSuch() {
        String nodes = SlurmPartitions.refusal(job().nodes(5).build(), LOCAL).orElseThrow();
        assertTrue(
                nodes.contains("has 1 node (asked --nodes 5)")
                        && nodes.contains("No partition of this cluster allows that much"),
                nodes);
        String mem =
                SlurmPartitions.refusal(job().memory("999G").build(), LOCAL).orElseThrow();
        assertTrue(mem.contains("has 21694M of memory per node (asked --mem 999G)"), mem);
        assertEquals(
                Optional.empty(), SlurmPartitions.refusal(job().memory("8G").build(), LOCAL));
        String gpus = SlurmPartitions.refusal(
                        job().gpus(JobSpec.Gpus.parse("1")).build(), LOCAL)
                .orElseThrow();
        assertTrue(gpus.contains("has no GPUs"), gpus);
    }

    @Test
    void anUnknownPartitionIsNamedWithTheRealOnes() {
        String why =
                SlurmPartitions.refusal(job().partition("gpu").build(), LOCAL).orElseThrow();
        assertTrue(why.contains("no partition 'gpu'") && why.contains("debug (default), short"), why);
    }

    @Test
    void withoutAPartitionTheDefaultIsCheckedAndTheFittingOnesSuggested() {
        String why = SlurmPartitions.refusal(
                        job().gpus(JobSpec.Gpus.parse("a100:2")).build(), BIG)
                .orElseThrow();
        assertTrue(why.contains("partition cpu (the default, as none was given) has no a100 GPUs"), why);
        assertTrue(why.endsWith("use --partition gpu, which allows it."), why);
        assertTrue(SlurmPartitions.refusal(
                        job().partition("gpu")
                                .gpus(JobSpec.Gpus.parse("a100:8"))
                                .build(),
                        BIG)
                .orElseThrow()
                .contains("has 4 a100 GPUs per node"));
        assertEquals(
                Optional.empty(),
                SlurmPartitions.refusal(job().memory("1T").build(), BIG),
                "cpu's largest node is not known: no verdict");
        assertEquals(
                Optional.empty(),
                SlurmPartitions.refusal(
                        job().partition("debug,gpu")
                                .timeLimit(Duration.ofHours(5))
                                .build(),
                        BIG),
                "a list fits when one of its partitions does");
    }

    @Test
    void scontrolGivesThePartitionsOwnLimitsAndNoVerdictOnGpus() {
        List<SlurmPartitions.Partition> parts =
                SlurmPartitions.parseScontrol(RecordedTransport.recorded("slurm/scontrol-partitions.txt"));
        assertEquals(
                List.of("debug", "short"),
                parts.stream().map(SlurmPartitions.Partition::name).toList());
        assertTrue(parts.get(0).isDefault() && parts.get(0).up());
        assertEquals(Optional.empty(), parts.get(0).maxTime());
        assertEquals(Optional.of(Duration.ofMinutes(10)), parts.get(1).maxTime());
        assertEquals(1, parts.get(1).nodes());
        assertEquals(OptionalLong.empty(), parts.get(1).memoryMb(), "MaxMemPerNode=UNLIMITED");
        assertEquals(Optional.empty(), parts.get(1).gpusPerNode());
        assertTrue(SlurmPartitions.refusal(
                        job().partition("short")
                                .timeLimit(Duration.ofMinutes(11))
                                .build(),
                        parts)
                .isPresent());
        assertEquals(
                Optional.empty(),
                SlurmPartitions.refusal(job().gpus(JobSpec.Gpus.parse("a100:1")).build(), parts));
    }

    @Test
    void slurmsTimeAndMemoryFormsAreRead() {
        assertEquals(Optional.of(Duration.ofMinutes(10)), SlurmPartitions.parseTime("10:00"));
        assertEquals(Optional.of(Duration.ofHours(2)), SlurmPartitions.parseTime("2:00:00"));
        assertEquals(Optional.of(Duration.ofDays(1).plusHours(12)), SlurmPartitions.parseTime("1-12"));
        assertEquals(Optional.of(Duration.ofDays(7)), SlurmPartitions.parseTime("7-00:00:00"));
        assertEquals(Optional.empty(), SlurmPartitions.parseTime("infinite"));
        assertEquals(OptionalLong.of(4096), SlurmPartitions.memoryMb("4G"));
        assertEquals(OptionalLong.of(500), SlurmPartitions.memoryMb("500"));
        assertEquals(OptionalLong.of(2), SlurmPartitions.memoryMb("2000K"));
        assertEquals(OptionalLong.empty(), SlurmPartitions.memoryMb("lots"));
    }
}
