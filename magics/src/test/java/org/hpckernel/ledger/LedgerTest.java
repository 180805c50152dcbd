package org.hpckernel.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LedgerTest {

    @Test
    void jobsAndTheirStateHistorySurviveReopening(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("ledger.db");
        try (Ledger ledger = Ledger.open(file)) {
            ledger.submissionStarted("t1", "c", "/w/jobs/1");
            ledger.submitted("t1", "c", "42", "train", "/w/jobs/1", "{}", "abc");
            ledger.stateSeen("c", "42", "RUNNING", Optional.empty(), "");
            ledger.stateSeen("c", "42", "RUNNING", Optional.empty(), "");
            ledger.stateSeen("c", "42", "FAILED", Optional.of(3), "NonZeroExitCode");
        }
        try (Ledger again = Ledger.open(file)) {
            JobRecord r = again.job("c", "42").orElseThrow();
            assertEquals("FAILED", r.state());
            assertEquals(Optional.of(3), r.exitCode());
            assertEquals(
                    List.of("PENDING", "RUNNING", "FAILED"),
                    again.history("c", "42").stream().map(h -> h[0]).toList());
        }
    }

    @Test
    void twoKernelsWritingAtOnceLoseNothing(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("ledger.db");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<?>> done = new ArrayList<>();
        for (int k = 0; k < 2; k++) {
            int kernel = k;
            done.add(pool.submit(() -> {
                try (Ledger ledger = Ledger.open(file)) {
                    for (int i = 0; i < 100; i++) {
                        String id = kernel + "-" + i;
                        ledger.submissionStarted("t" + id, "c", "/d/" + id);
                        ledger.submitted("t" + id, "c", id, "job", "/d/" + id, "{}", "h");
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        try (Ledger ledger = Ledger.open(file)) {
            assertEquals(200, ledger.jobs("c").size());
            assertTrue(ledger.jobs(null).size() >= 200);
        }
    }

    @Test
    void threeKernelProcessesOpeningANewLedgerAtOnceLoseNothing(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("new").resolve("ledger.db");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Process> kernels = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            kernels.add(new ProcessBuilder(
                            java,
                            "-cp",
                            System.getProperty("java.class.path"),
                            LedgerWriter.class.getName(),
                            file.toString(),
                            "k" + k,
                            "40")
                    .redirectErrorStream(true)
                    .start());
        }
        for (Process p : kernels) {
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "a writer process hung");
            String out = new String(p.getInputStream().readAllBytes());
            assertEquals(0, p.exitValue(), out);
        }
        try (Ledger ledger = Ledger.open(file)) {
            assertEquals(120, ledger.jobs("c").size());
            assertTrue(ledger.jobs("c").stream().allMatch(r -> r.state().equals("COMPLETED")));
            assertEquals(
                    List.of("PENDING", "RUNNING", "COMPLETED"),
                    ledger.history("c", "k2-39").stream().map(h -> h[0]).toList());
        }
    }

    @Test
    void threadsOpeningANewLedgerAtTheSameMomentAllSucceed(@TempDir Path dir) throws Exception {
        int alone;
        try (Ledger ledger = Ledger.open(dir.resolve("alone").resolve("ledger.db"))) {
            alone = ledger.schemaVersion(Ledger.JOBS);
        }
        for (int round = 0; round < 10; round++) {
            Path file = dir.resolve("r" + round).resolve("ledger.db");
            CyclicBarrier together = new CyclicBarrier(4);
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<?>> done = new ArrayList<>();
            for (int k = 0; k < 4; k++) {
                int kernel = k;
                done.add(pool.submit(() -> {
                    together.await();
                    try (Ledger ledger = Ledger.open(file)) {
                        ledger.submissionStarted("t" + kernel, "c", "/d");
                        ledger.submitted("t" + kernel, "c", "j" + kernel, "job", "/d", "{}", "h");
                        ledger.stateSeen("c", "j" + kernel, "RUNNING", Optional.empty(), "");
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            pool.shutdown();
            // every kernel's rows are there once, and the schema was created once, not half by each
            try (Ledger ledger = Ledger.open(file)) {
                assertEquals(
                        List.of("j0", "j1", "j2", "j3"),
                        ledger.jobs("c").stream().map(JobRecord::jobId).sorted().toList());
                for (JobRecord r : ledger.jobs("c")) {
                    assertEquals("RUNNING", r.state(), r.toString());
                    assertEquals("job", r.name());
                    assertEquals(
                            List.of("PENDING", "RUNNING"),
                            ledger.history("c", r.jobId()).stream()
                                    .map(h -> h[0])
                                    .toList(),
                            r.jobId());
                }
                assertEquals(List.of(), ledger.openSubmissions("c"), "every submission is closed by its job");
                assertEquals(alone, ledger.schemaVersion(Ledger.JOBS), "round " + round);
            }
        }
    }

    @Test
    void anotherComponentAddsItsTablesOnceInOrder(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("ledger.db");
        List<String> sweeps = List.of(
                "CREATE TABLE sweeps (id TEXT PRIMARY KEY, name TEXT NOT NULL)",
                "CREATE TABLE trials (sweep TEXT NOT NULL, number INTEGER NOT NULL); INSERT INTO sweeps VALUES ('s0', 'seeded')");
        try (Ledger ledger = Ledger.open(file)) {
            assertEquals(0, ledger.schemaVersion("sweeps"));
            ledger.migrate("sweeps", sweeps.subList(0, 1));
            assertEquals(1, ledger.schemaVersion("sweeps"));
        }
        try (Ledger ledger = Ledger.open(file)) {
            ledger.migrate("sweeps", sweeps);
            ledger.migrate("sweeps", sweeps); // nothing left to do: the seed row is not inserted twice
            assertEquals(2, ledger.schemaVersion("sweeps"));
            assertEquals(2, ledger.schemaVersion(Ledger.JOBS));
            assertEquals(1, (int) ledger.read(db -> {
                try (Statement s = db.createStatement();
                        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM sweeps")) {
                    rs.next();
                    return rs.getInt(1);
                }
            }));
        }
    }

    @Test
    void aFailingMigrationStepChangesNothing(@TempDir Path dir) throws Exception {
        try (Ledger ledger = Ledger.open(dir.resolve("ledger.db"))) {
            assertThrows(
                    IOException.class,
                    () -> ledger.migrate("broken", List.of("CREATE TABLE half (x INTEGER); THIS IS NOT SQL")));
            assertEquals(0, ledger.schemaVersion("broken"));
            ledger.migrate(
                    "broken", List.of("CREATE TABLE half (x INTEGER)")); // the table was rolled back, so this works
            assertEquals(1, ledger.schemaVersion("broken"));
        }
    }

    @Test
    void aLedgerFromANewerVersionIsRefusedWithAHint(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("ledger.db");
        try (Ledger ledger = Ledger.open(file)) {
            ledger.migrate("sweeps", List.of("CREATE TABLE a (x)", "CREATE TABLE b (x)"));
            IOException e =
                    assertThrows(IOException.class, () -> ledger.migrate("sweeps", List.of("CREATE TABLE a (x)")));
            assertTrue(e.getMessage().contains("update hpc-kernel"), e.getMessage());
        }
    }

    @Test
    void aLedgerWrittenBeforePerComponentVersionsKeepsItsJobs(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("ledger.db");
        try (Ledger ledger = Ledger.open(file)) {
            ledger.submissionStarted("t", "c", "/d");
            ledger.submitted("t", "c", "7", "old", "/d", "{}", "h");
            // the layout of the first release: one counter, no component
            ledger.write(db -> {
                try (Statement s = db.createStatement()) {
                    s.execute("DROP TABLE schema_versions");
                    s.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)");
                    s.execute("INSERT INTO schema_version VALUES (1)");
                    for (String column : List.of("name", "spec_json", "script_sha256", "outcome", "reason")) {
                        s.execute("ALTER TABLE submissions DROP COLUMN " + column);
                    }
                    s.execute("ALTER TABLE jobs DROP COLUMN state_source");
                }
                return null;
            });
        }
        try (Ledger again = Ledger.open(file)) {
            assertEquals(2, again.schemaVersion(Ledger.JOBS), "the first release's file gets the later steps");
            assertEquals("old", again.job("c", "7").orElseThrow().name());
            assertEquals("QUEUE", again.job("c", "7").orElseThrow().stateSource());
        }
    }
}
