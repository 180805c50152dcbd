package org.hpckernel.magic.hpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hpckernel.cluster.JobId;
import org.hpckernel.cluster.JobSpec;
import org.hpckernel.cluster.profile.ProfileStore;
import org.hpckernel.cluster.usage.JobUsage;
import org.hpckernel.cluster.usage.UsageStore;
import org.hpckernel.ledger.Ledger;
import org.hpckernel.magic.CommandMagic;
import org.hpckernel.magic.LiveDisplay;
import org.hpckernel.magic.MagicCall;
import org.hpckernel.magic.MagicContext;
import org.hpckernel.session.Hpc;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

/** The magics' side: --dry-run's worst case, %hpc jobs --cost, %hpc efficiency and the wait line on the local profile. */
class EfficiencyMagicTest {

    @TempDir
    Path tmp;

    Hpc hpc;
    CommandMagic magic;
    MagicContext context;
    final List<Object> shown = new ArrayList<>();
    final StringBuilder printed = new StringBuilder();

    @BeforeEach
    void session() throws Exception {
        Path profiles = tmp.resolve("profiles.yaml");
        Files.writeString(
                profiles,
                "current: here\nprofiles:\n"
                        + "- name: here\n  host: localhost\n  scheduler: local\n  workdir: \"" + tmp.resolve("work")
                        + "\"\n"
                        + "- name: priced\n  host: localhost\n  scheduler: local\n  workdir: \"" + tmp.resolve("work2")
                        + "\"\n"
                        + "  price: {unit: points, core-hour: 0.5, gpu-hour: 2.0, partitions: {rt_F: {node-hour: 3.0}}}\n");
        hpc = new Hpc(new ProfileStore(profiles), Ledger.open(tmp.resolve("ledger.db")));
        magic = HpcMagic.create(() -> hpc);
        context = new MagicContext() {
            public LiveDisplay show(Object value) {
                shown.add(value);
                return v -> {};
            }

            public void print(String text) {
                printed.append(text);
            }

            public String ask(String prompt, boolean secret) {
                return "";
            }

            public Path workingDirectory() {
                return tmp;
            }
        };
    }

    @AfterEach
    void close() {
        hpc.close();
    }

    Object run(String body, String... args) throws Exception {
        return magic.run(
                body == null ? MagicCall.line("hpc", List.of(args)) : MagicCall.cell("hpc", List.of(args), body),
                context);
    }

    @Test
    void aDryRunOnAPricedProfileShowsTheWorstCase() throws Exception {
        String script = (String) run(
                "echo hi",
                "submit",
                "--profile",
                "priced",
                "--cpus",
                "4",
                "--time",
                "02:00:00",
                "--array",
                "1-5",
                "--dry-run");
        assertTrue(
                script.startsWith(
                        "# Worst case (5 tasks): 10.00 node-h, 40.00 core-h = 20.00 points (requested resources × time limit)\n"),
                script);
        String unpriced = (String) run("echo hi", "submit", "--cpus", "4", "--time", "02:00:00", "--dry-run");
        assertTrue(!unpriced.contains("Worst case"), unpriced);
        String noTime = (String) run("echo hi", "submit", "--profile", "priced", "--dry-run");
        assertTrue(noTime.startsWith("# Worst case: not known without --time"), noTime);
    }

    @Test
    void jobsCostSumsByDayAndProfileFromTheLedger() throws Exception {
        Ledger ledger = hpc.ledger();
        record(ledger, "priced", "11", "2026-11-27T10:00:00Z");
        record(ledger, "priced", "12", "2026-11-27T11:00:00Z");
        record(ledger, "priced", "13", "2026-11-28T11:00:00Z");
        UsageStore store = new UsageStore(ledger);
        store.save("priced", "11", List.of(ran("11", Duration.ofHours(1), 4, 0, "cpu"))); // 4 core-h = 2 points
        store.save(
                "priced",
                "12",
                List.of(
                        ran("12_0", Duration.ofMinutes(30), 2, 1, "cpu"), // 1 core-h + 0.5 GPU-h = 1.5
                        ran("12_1", Duration.ofMinutes(30), 2, 1, "cpu"))); // the same
        store.save("priced", "13", List.of(ran("13", Duration.ofHours(2), 80, 8, "rt_F"))); // 2 node-h x 3.0 = 6
        Table t = (Table) run(null, "jobs", "--cost", "--profile", "priced");
        assertEquals(3, t.rowCount(), t.print());
        assertTrue(t.row(0).getString("day").equals("2026-11-27") && t.row(0).getInt("jobs") == 2, t.print());
        assertEquals("5.00 points", t.row(0).getString("cost"), t.print());
        assertEquals("6.00", t.row(0).getString("core-hours"));
        assertEquals("6.00 points", t.row(1).getString("cost"), t.print());
        assertEquals("total", t.row(2).getString("day"));
        assertEquals(3, t.row(2).getInt("jobs"));
        assertEquals("11.00 points", t.row(2).getString("cost"), t.print());
    }

    @Test
    void efficiencyOnTheLocalProfileSaysWhatItCannotKnow() throws Exception {
        var cluster = hpc.cluster("here");
        JobId id = cluster.submit(JobSpec.builder()
                .name("short")
                .timeLimit(Duration.ofMinutes(5))
                .script("sleep 1")
                .build());
        cluster.await(List.of(id), Duration.ofSeconds(60), s -> {});
        String text = (String) run(null, "efficiency", id.value());
        Table t = (Table) shown.get(0);
        assertEquals(id.value(), t.row(0).getString("job"));
        assertEquals("00:05:00", t.row(0).getString("time limit"));
        assertEquals("n/a", t.row(0).getString("CPU efficiency"));
        assertTrue(text.contains("measures no CPU time or memory"), text);
        String waited = (String) run(null, "wait", id.value());
        assertTrue(waited.contains("Efficiency: CPU n/a, memory peak n/a, ran 00:00:0"), waited);
    }

    @Test
    void aSchedulerWithoutAccountingNeverBreaksTheWaitLine() throws Exception {
        Files.writeString(
                tmp.resolve("profiles.yaml"),
                "\n- name: fugaku\n  host: fugaku.example.org\n  scheduler: pjm\n",
                java.nio.file.StandardOpenOption.APPEND);
        String line = EfficiencyLine.of(hpc.cluster("fugaku"), List.of(JobId.of("123")));
        assertTrue(
                line.startsWith("Efficiency unavailable: Fujitsu PJM's statistics (pjstat -s) are not read yet"), line);
        assertEquals(1, line.split("\n").length);
    }

    private static void record(Ledger ledger, String profile, String id, String submittedAt) throws Exception {
        ledger.submitted("t" + id, profile, id, "job" + id, "/w/" + id, "{}", "");
        ledger.stateSeen(profile, id, "COMPLETED", Optional.of(0), "", "ACCOUNTING");
        ledger.write(c -> {
            try (var ps = c.prepareStatement("UPDATE jobs SET submitted_at = ? WHERE profile = ? AND job_id = ?")) {
                ps.setString(1, submittedAt);
                ps.setString(2, profile);
                ps.setString(3, id);
                return ps.executeUpdate();
            }
        });
    }

    private static JobUsage ran(String id, Duration elapsed, int cpus, int gpus, String partition) {
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
                1,
                "RSS",
                partition,
                "");
    }
}
