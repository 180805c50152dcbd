package org.hpckernel.ledger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
            assertEquals(List.of("PENDING", "RUNNING", "FAILED"), again.history("c", "42").stream().map(h -> h[0]).toList());
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
}
