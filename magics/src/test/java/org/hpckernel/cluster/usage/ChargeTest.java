package org.hpckernel.cluster.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hpckernel.cluster.JobId;
import org.hpckernel.cluster.JobSpec;
import org.hpckernel.cluster.profile.PriceTable;
import org.hpckernel.cluster.profile.Profile;
import org.hpckernel.cluster.profile.ProfileStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Price tables, the worst case of a submission, and what jobs spent. */
class ChargeTest {

    /** ABCI's rt_F: 3.0 points per hour for a whole 8-GPU node; elsewhere 0.01 per core-hour and 1 per GPU-hour. */
    private static final PriceTable ABCI = PriceTable.parse(
                    List.of("unit=points", "core-hour=0.01", "gpu-hour=1", "rt_F:node-hour=3.0"))
            .orElseThrow();

    private static JobUsage ran(String id, Duration elapsed, int nodes, int cpus, int gpus, String partition) {
        return new JobUsage(
                JobId.of(id),
                "COMPLETED",
                elapsed,
                Optional.empty(),
                cpus,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                gpus,
                nodes,
                "RSS",
                partition,
                "");
    }

    @Test
    void aSmallAmountKeepsTwoSignificantDigitsInsteadOfReadingAsNothing() {
        assertEquals("0.0017", PriceTable.number(6.0 / 3600));
        assertEquals("0.00", PriceTable.number(0));
        assertEquals("0.01", PriceTable.number(0.01));
        assertEquals("122.40", PriceTable.number(122.4));
    }

    @Test
    void aPartitionsOwnRatesReplaceTheProfiles() {
        assertEquals(
                6.0,
                ABCI.rates("rt_F").cost(1, 2, 80, 16),
                1e-9); // 2 nodes x 1 h x 3.0: cores and GPUs are in the node price
        assertEquals(0.8 + 2.0, ABCI.rates("other").cost(2, 1, 40, 1), 1e-9); // 80 core-h x 0.01 + 2 GPU-h x 1
        assertEquals("12.50 points", ABCI.format(12.5));
    }

    @Test
    void badPriceWordsSayWhatIsAccepted() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PriceTable.parse(List.of("cpu-hour=1")))
                .getMessage()
                .contains("core-hour"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PriceTable.parse(List.of("core-hour=cheap")))
                .getMessage()
                .contains("not a number"));
        assertThrows(IllegalArgumentException.class, () -> PriceTable.parse(List.of("core-hour=-1")));
        assertTrue(PriceTable.parse(List.of()).isEmpty());
    }

    @Test
    void aPriceTableIsReadFromProfilesYaml(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("profiles.yaml");
        Files.writeString(file, """
                profiles:
                - name: abci
                  host: abci.example.org
                  scheduler: pbs
                  price:
                    unit: points
                    gpu-hour: 1.0
                    partitions:
                      rt_F: {node-hour: 3.0}
                """);
        PriceTable p = new ProfileStore(file).require("abci").priceOpt().orElseThrow();
        assertEquals("points", p.unit());
        assertEquals(3.0, p.rates("rt_F").nodeHour());
        assertEquals(1.0, p.rates("gpu").gpuHour());
        // written back as read
        ProfileStore store = new ProfileStore(dir.resolve("again.yaml"));
        store.save(new ProfileStore(file).require("abci"));
        assertEquals(p, store.require("abci").priceOpt().orElseThrow());
        assertTrue(Files.readString(dir.resolve("again.yaml")).contains("node-hour: 3.0"));
        assertTrue(new ProfileStore(file).require("local").priceOpt().isEmpty());
    }

    @Test
    void theWorstCaseIsTheRequestTimesTheLimitTimesTheTasks() {
        JobSpec array = JobSpec.builder()
                .script("true")
                .nodes(2)
                .tasksPerNode(4)
                .cpusPerTask(2)
                .gpus(JobSpec.Gpus.parse("8"))
                .timeLimit(Duration.ofMinutes(90))
                .array(JobSpec.ArraySpec.parse("1-10"))
                .partition("gpu")
                .build();
        Charge c = Charge.worstCase(array, Optional.of(ABCI)).orElseThrow();
        assertEquals(2 * 1.5 * 10, c.nodeHours(), 1e-9);
        assertEquals(16 * 1.5 * 10, c.coreHours(), 1e-9); // 2 nodes x 4 tasks x 2 CPUs
        assertEquals(8 * 1.5 * 10, c.gpuHours(), 1e-9);
        assertEquals(240 * 0.01 + 120 * 1.0, c.cost(), 1e-9);
        assertEquals("30.00 node-h, 240.00 core-h, 120.00 GPU-h = 122.40 points", c.describe(Optional.of(ABCI)));
        JobSpec whole = array.toBuilder().partition("rt_F").build();
        assertEquals(
                30 * 3.0,
                Charge.worstCase(whole, Optional.of(ABCI)).orElseThrow().cost(),
                1e-9);
        assertTrue(
                Charge.worstCase(JobSpec.builder().script("true").build(), Optional.of(ABCI))
                        .isEmpty(),
                "no --time, no worst case");
    }

    @Test
    void spentIsElapsedTimesWhatWasAllocatedPerPartition() {
        Charge c = Charge.spent(
                List.of(
                        ran("1_0", Duration.ofMinutes(30), 1, 4, 0, "cpu"),
                        ran("1_1", Duration.ofMinutes(90), 1, 4, 0, "cpu"),
                        ran("2", Duration.ofHours(2), 1, 80, 8, "rt_F")),
                Optional.of(ABCI));
        assertEquals(0.5 + 1.5 + 2, c.nodeHours(), 1e-9);
        assertEquals(2 + 6 + 160, c.coreHours(), 1e-9);
        assertEquals(16, c.gpuHours(), 1e-9);
        assertEquals(8 * 0.01 + 2 * 3.0, c.cost(), 1e-9);
        assertEquals("4.00 node-h, 168.00 core-h, 16.00 GPU-h", c.describe(Optional.empty()));
    }

    @Test
    void aProfileWithoutPriceKeepsItsOldConstructors() {
        Profile p = new Profile("x", "h", null, null, null, null, null, "slurm", null, null, null, List.of(), Map.of());
        assertTrue(p.priceOpt().isEmpty());
    }
}
