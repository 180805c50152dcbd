package org.hpckernel.cluster.slurm;

import static org.hpckernel.cluster.RecordedTransport.recorded;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.hpckernel.cluster.usage.ByteSize;
import org.hpckernel.cluster.usage.Clock;
import org.hpckernel.cluster.usage.JobUsage;
import org.hpckernel.cluster.usage.UsageUnavailable;
import org.junit.jupiter.api.Test;

/** sacct rows read with seff's maths: the recorded real outputs, and seff's own printed numbers. */
class SlurmUsageTest {

    private static final List<String> REPORTSEFF = List.of(
            "AdminComment",
            "AllocCPUS",
            "Elapsed",
            "JobID",
            "JobIDRaw",
            "MaxRSS",
            "NNodes",
            "NTasks",
            "ReqMem",
            "State",
            "Timelimit",
            "TotalCPU");
    private static final List<String> REPORTSEFF_NO_LIMIT = List.of(
            "AdminComment",
            "AllocCPUS",
            "Elapsed",
            "JobID",
            "JobIDRaw",
            "MaxRSS",
            "NNodes",
            "NTasks",
            "ReqMem",
            "State",
            "TotalCPU");

    private static String pct(Optional<Double> f) {
        return String.format(Locale.ROOT, "%.2f%%", f.orElseThrow() * 100);
    }

    /** A sacct answer in our query's columns, built from what seff printed (seff reads the same numbers from slurmdbd). */
    private static JobUsage fromSeff(
            String cpus, String elapsed, String totalCpu, String reqMem, String allocTres, String stepMem)
            throws Exception {
        long seconds = Clock.parse(elapsed).orElseThrow().toSeconds();
        String rows = "1|1|COMPLETED|" + elapsed + "|" + seconds + "|" + totalCpu + "|" + cpus + "|1|p|" + reqMem + "|"
                + allocTres + "|||UNLIMITED\n"
                + "1.batch|1.batch|COMPLETED|" + elapsed + "|" + seconds + "|" + totalCpu + "|" + cpus + "|1||||"
                + stepMem + "|mem=" + stepMem + "|\n"
                + "@@sacct 0\n";
        return SlurmUsageParser.parse(rows).get(0);
    }

    @Test
    void seffsMemoryAbove100PercentIsReproduced() throws Exception {
        // seff_mem_over_100pct_villena.txt: 24 cores, CPU Utilized 1-18:50:52, wall 02:52:18, 361.24 GB of 195.31 GB
        String seff = recorded("slurm/seff_mem_over_100pct_villena.txt");
        JobUsage u = fromSeff(
                "24",
                "02:52:18",
                "1-18:50:52",
                "200000M",
                "billing=24,cpu=24,mem=200000M,node=1",
                Math.round(361.24 * 1024 * 1024) + "K");
        assertTrue(
                seff.contains("CPU Efficiency: " + pct(u.cpuEfficiency()) + " of " + Clock.format(u.coreWalltime())
                        + " core-walltime"),
                seff);
        assertTrue(
                seff.contains(
                        "Memory Utilized: " + ByteSize.format(u.peakMemory().orElseThrow())),
                seff);
        assertTrue(
                seff.contains("Memory Efficiency: " + pct(u.memoryEfficiency()) + " of "
                        + ByteSize.format(u.memoryRequest().orElseThrow())),
                seff);
        assertEquals("184.95%", pct(u.memoryEfficiency()));
    }

    @Test
    void seffsMultiDayCpuTimeAndPerCpuMemoryAreReproduced() throws Exception {
        // 52 cores of 7000 MB each (ReqMem 7000Mc, no mem in AllocTRES): seff's 355.47 GB
        String seff = recorded("slurm/seff_multiday_cpu_time_villena.txt");
        JobUsage u = fromSeff(
                "52",
                "2-16:19:04",
                "98-04:21:35",
                "7000Mc",
                "billing=52,cpu=52,node=1",
                Math.round(164.65 * 1024 * 1024) + "K");
        assertTrue(
                seff.contains("CPU Efficiency: " + pct(u.cpuEfficiency()) + " of " + Clock.format(u.coreWalltime())
                        + " core-walltime"),
                seff);
        assertTrue(seff.contains("CPU Utilized: " + Clock.format(u.cpuTime().orElseThrow())), seff);
        assertTrue(
                seff.contains("Memory Efficiency: " + pct(u.memoryEfficiency()) + " of "
                        + ByteSize.format(u.memoryRequest().orElseThrow())),
                seff);
    }

    @Test
    void seffsTerabytesAndCoreWalltimeAreReproduced() throws Exception {
        String seff = recorded("slurm/ulhpc_seff_TB_units.txt");
        JobUsage u = fromSeff(
                "64",
                "1-13:59:19",
                "87-16:58:22",
                "0",
                "billing=64,cpu=64,node=1",
                Math.round(1.64 * 1024 * 1024 * 1024) + "K");
        assertTrue(
                seff.contains("CPU Efficiency: " + pct(u.cpuEfficiency()) + " of " + Clock.format(u.coreWalltime())
                        + " core-walltime"),
                seff);
        assertTrue(
                seff.contains(
                        "Memory Utilized: " + ByteSize.format(u.peakMemory().orElseThrow())),
                seff);
    }

    @Test
    void reportseffRowsReadByColumnName() {
        JobUsage u = SlurmUsageParser.parse(
                        recorded("slurm/reportseff_sacct_P_caretpipe_24418435.txt"), REPORTSEFF, "^|^")
                .get(0);
        assertEquals("24418435", u.id().value());
        assertEquals("99.75%", pct(u.cpuEfficiency())); // 01:27:29 of 01:27:42 on 1 CPU
        assertEquals(1024L * 1024 * 1024, u.memoryRequest().orElseThrow()); // 1Gn on 1 node
        assertEquals(499092L * 1024, u.peakMemory().orElseThrow()); // the batch step, not the extern one
        assertEquals("47.60%", pct(u.memoryEfficiency()));
        assertEquals(Optional.of(Duration.ofHours(3)), u.timeLimit());
    }

    @Test
    void anArrayTaskKeepsItsArrayIdAndSubSecondCpuTime() {
        List<JobUsage> all = SlurmUsageParser.parse(
                recorded("slurm/reportseff_sacct_P_caretpipe_24221219.txt"), REPORTSEFF_NO_LIMIT, "^|^");
        assertEquals(1, all.size());
        JobUsage u = all.get(0);
        assertEquals("24220929_421", u.id().value());
        assertEquals(Duration.ofMillis(9 * 60_000 + 28_052), u.cpuTime().orElseThrow());
        assertEquals("98.96%", pct(u.cpuEfficiency()));
        assertEquals(16000L * 1024 * 1024, u.memoryRequest().orElseThrow()); // 16000Mn
        assertEquals("34.58%", pct(u.memoryEfficiency()));
    }

    @Test
    void perCpuMemoryIsMultipliedByTheCpus() {
        JobUsage u = SlurmUsageParser.parse(
                        recorded("slurm/reportseff_sacct_P_caretpipe_23000381.txt"), REPORTSEFF, "^|^")
                .get(0);
        assertEquals(8, u.cpus());
        assertEquals(8 * 4000L * 1024 * 1024, u.memoryRequest().orElseThrow()); // 4000Mc x 8
        assertEquals("0.00%", pct(u.cpuEfficiency()));
        assertEquals("FAILED", u.state());
    }

    @Test
    void theLocalhostSlurmsAnswerGivesTheJobAndEachArrayTask() throws Exception {
        List<JobUsage> all = SlurmUsageParser.parse(recorded("slurm/sacct-usage.txt"));
        assertEquals(
                List.of("3457", "3479_1", "3479_2"),
                all.stream().map(u -> u.id().value()).toList());
        JobUsage job = all.get(0);
        assertEquals(214648L * 1024, job.peakMemory().orElseThrow());
        assertEquals(
                500L * 1024 * 1024,
                job.memoryRequest().orElseThrow()); // ReqMem: this Slurm does not count memory in AllocTRES
        assertEquals("98.15%", pct(job.cpuEfficiency())); // 5.889 s of 6 s
        assertEquals("debug", job.partition());
        assertEquals(2, all.get(1).cpus());
        assertEquals(Optional.of(Duration.ofMinutes(10)), all.get(1).timeLimit());
    }

    @Test
    void aJobShorterThanTheSamplingIntervalSaysWhyItHasNoMemory() throws Exception {
        JobUsage u = SlurmUsageParser.parse(recorded("slurm/sacct-usage-no-samples.txt"))
                .get(0);
        assertTrue(u.peakMemory().isEmpty());
        assertTrue(u.note().contains("JobAcctGatherFrequency"), u.note());
        assertEquals("99.97%", pct(u.cpuEfficiency()));
    }

    @Test
    void aFailedSacctIsUnavailableNotEmpty() {
        var e = assertThrows(
                UsageUnavailable.class,
                () -> SlurmUsageParser.parse(
                        "sacct: error: Problem talking to the database: Connection refused\n@@sacct 1\n"));
        assertTrue(e.getMessage().contains("Connection refused"), e.getMessage());
    }

    @Test
    void theQueryQuotesTheIds() {
        assertEquals(
                "sacct -P -n -o JobID,JobIDRaw,State,Elapsed,ElapsedRaw,TotalCPU,NCPUS,NNodes,Partition,ReqMem,AllocTRES,MaxRSS,TRESUsageInTot,"
                        + "Timelimit -j '1,2_3' 2>&1; echo \"@@sacct $?\"",
                SlurmUsageParser.command(List.of("1", "2_3")));
    }
}
