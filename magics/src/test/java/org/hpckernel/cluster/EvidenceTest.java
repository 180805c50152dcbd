package org.hpckernel.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.hpckernel.ledger.Ledger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** States are ranked by their evidence: what the scheduler said is never overwritten by what an exit file suggests. */
class EvidenceTest {

    private static final JobDirectory DIR = new JobDirectory("/w/jobs/x");

    private static Optional<JobStatus> fromExitFile(String json) {
        return ExitFiles.status(
                JobId.of("7"), DIR, Optional.empty(), ExitFiles.parse("@@exit /w/jobs/x/exit " + json + "\n"));
    }

    @Test
    void aSigtermAtTheTimeLimitIsTimeoutAndBeforeItACancel() {
        assertEquals(
                JobState.TIMEOUT,
                fromExitFile(
                                "{\"exit_code\":143,\"signal\":15,\"end\":\"t\",\"host\":\"n1\",\"elapsed\":61,\"limit\":60}")
                        .orElseThrow()
                        .state());
        assertEquals(
                JobState.CANCELLED,
                fromExitFile(
                                "{\"exit_code\":143,\"signal\":15,\"end\":\"t\",\"host\":\"n1\",\"elapsed\":12,\"limit\":60}")
                        .orElseThrow()
                        .state());
        assertEquals(
                JobState.CANCELLED,
                fromExitFile("{\"exit_code\":143,\"signal\":15,\"end\":\"t\",\"host\":\"n1\"}")
                        .orElseThrow()
                        .state(),
                "an exit file from before limits were recorded");
        assertEquals(
                JobState.FAILED,
                fromExitFile("{\"exit_code\":3,\"signal\":0,\"end\":\"t\",\"host\":\"n1\",\"elapsed\":2,\"limit\":60}")
                        .orElseThrow()
                        .state());
    }

    @Test
    void withAccountingDownTheExitFileAnswersAndTheQueueStaysSilent() {
        // squeue no longer has the job, sacct cannot reach slurmdbd: the exit file is the only evidence
        String out = "@@squeue 0\nsacct: error: Problem talking to the database: Connection refused\n@@sacct 1\n"
                + "@@exit /w/jobs/x/exit {\"exit_code\":143,\"signal\":15,\"end\":\"t\",\"host\":\"n1\",\"elapsed\":75,\"limit\":60}\n";
        JobStatus s = new org.hpckernel.cluster.slurm.SlurmScheduler()
                .parsePoll(out, Map.of(JobId.of("7"), DIR))
                .get(JobId.of("7"));
        assertEquals(JobState.TIMEOUT, s.state(), s.toString());
        assertEquals(JobStatus.Source.EXIT_FILE, s.source());
    }

    @Test
    void aFinalStateFromTheSchedulerIsNotOverwrittenByAnInferenceAndAnInferenceIsAskedAgain(@TempDir Path tmp)
            throws Exception {
        try (Ledger ledger = Ledger.open(tmp.resolve("l.db"))) {
            ledger.submissionStarted("t", "p", "/d", "job", "{}", "h");
            ledger.submitted("t", "p", "7", "job", "/d", "{}", "h");
            ledger.stateSeen("p", "7", "CANCELLED", Optional.of(143), "exit file", "EXIT_FILE");
            assertTrue(ledger.job("p", "7").orElseThrow().inferred(), "asked about again until the scheduler confirms");
            ledger.stateSeen("p", "7", "TIMEOUT", Optional.of(0), "TimeLimit", "ACCOUNTING");
            assertEquals("TIMEOUT", ledger.job("p", "7").orElseThrow().state());
            assertFalse(ledger.job("p", "7").orElseThrow().inferred());
            ledger.stateSeen("p", "7", "CANCELLED", Optional.of(143), "exit file", "EXIT_FILE");
            assertEquals("TIMEOUT", ledger.job("p", "7").orElseThrow().state(), "accounting outranks the exit file");
            assertEquals(
                    2,
                    ledger.history("p", "7").stream()
                            .filter(h -> !h[0].equals("PENDING"))
                            .count());
        }
    }

    @Test
    void aRefusedSubmissionMakesLastSayItWasRefused(@TempDir Path tmp) throws Exception {
        try (Ledger ledger = Ledger.open(tmp.resolve("l.db"))) {
            ledger.submissionStarted("a", "p", "/d1", "first", "{}", "h");
            ledger.submitted("a", "p", "7", "first", "/d1", "{}", "h");
            Thread.sleep(5);
            ledger.submissionStarted("b", "p", "/d2", "second", "{}", "h");
            ledger.notSubmitted("b", "Invalid partition name specified");
            Cluster c = new Cluster(
                    new org.hpckernel.cluster.profile.Profile(
                            "p",
                            "localhost",
                            null,
                            null,
                            null,
                            null,
                            null,
                            "slurm",
                            "/w",
                            null,
                            null,
                            java.util.List.of()),
                    new RecordedTransport(),
                    new BatchProtocol(new org.hpckernel.cluster.slurm.SlurmScheduler(), new RecordedTransport()),
                    ledger);
            var e = org.junit.jupiter.api.Assertions.assertThrows(
                    org.hpckernel.HpcException.class, () -> c.resolve("last"));
            assertTrue(
                    e.getMessage().contains("was not submitted")
                            && e.getMessage().contains("Invalid partition"),
                    e.getMessage());
        }
    }

    @Test
    void aSigtermJustShortOfTheLimitAsTheScriptCountsIsTheLimitsTheSchedulerStartedEarlier() {
        // a 60 s limit: the script starts up to 6 s after the scheduler's clock on a loaded node
        assertEquals(
                JobState.TIMEOUT,
                fromExitFile("{\"exit_code\":143,\"signal\":15,\"elapsed\":57,\"limit\":60}")
                        .orElseThrow()
                        .state());
        assertEquals(
                JobState.CANCELLED,
                fromExitFile("{\"exit_code\":143,\"signal\":15,\"elapsed\":40,\"limit\":60}")
                        .orElseThrow()
                        .state());
        assertEquals(5, ExitFiles.lateStartGrace(20));
        assertEquals(30, ExitFiles.lateStartGrace(86_400));
        assertEquals(0, ExitFiles.lateStartGrace(0));
    }
}
