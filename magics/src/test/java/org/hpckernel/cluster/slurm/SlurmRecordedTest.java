package org.hpckernel.cluster.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.hpckernel.cluster.FailureExplainer;
import org.hpckernel.cluster.JobDirectory;
import org.hpckernel.cluster.JobId;
import org.hpckernel.cluster.JobSpec;
import org.hpckernel.cluster.JobState;
import org.hpckernel.cluster.JobStatus;
import org.hpckernel.cluster.RecordedTransport;
import org.hpckernel.cluster.SubmitFailed;
import org.junit.jupiter.api.Test;

/** Slurm's parsers and rendering against outputs recorded on the localhost Slurm 22.05 (see recorded/README.md). */
class SlurmRecordedTest {

    private static final String ROOT = "/home/hpcuser/hpc-kernel-it/jobs/j";

    private static Map<JobId, JobDirectory> jobs(String... ids) {
        Map<JobId, JobDirectory> m = new LinkedHashMap<>();
        for (String id : ids) {
            m.put(
                    JobId.of(id),
                    new JobDirectory(ROOT + JobId.of(id).arrayParent().value()));
        }
        return m;
    }

    private static Map<JobId, JobStatus> parse(String file, String... ids) {
        return SlurmStatusParser.parse(RecordedTransport.recorded("slurm/" + file), jobs(ids));
    }

    private static JobStatus of(Map<JobId, JobStatus> states, String id) {
        return states.get(JobId.of(id));
    }

    @Test
    void jobsStillInTheQueueGetTheirNormalisedStatesAndExitFilesGiveTheCodes() {
        var s = parse("poll-in-queue.txt", "349", "350", "351", "353", "354", "21", "352", "360");
        assertEquals(JobState.COMPLETED, of(s, "349").state());
        assertEquals(JobState.FAILED, of(s, "350").state());
        assertEquals(Optional.of(3), of(s, "350").exitCode());
        assertEquals("NonZeroExitCode", of(s, "350").reason());
        assertEquals(JobState.CANCELLED, of(s, "351").state());
        assertEquals(JobState.RUNNING, of(s, "354").state());
        assertEquals(JobState.TIMEOUT, of(s, "21").state());
        assertEquals(Optional.of(15), of(s, "21").signal(), "the trap saw the TERM of the time limit");
    }

    @Test
    void arrayTasksComeBackUnderTheirParentWithUnderscoreIds() {
        var s = parse("poll-in-queue.txt", "352", "360");
        for (int i = 1; i <= 4; i++) {
            assertEquals(JobState.COMPLETED, of(s, "352_" + i).state());
        }
        assertEquals(JobState.COMPLETED, of(s, "352").state());
        assertEquals(JobState.RUNNING, of(s, "360").state(), "an array runs while one task runs");
        assertEquals(JobState.RUNNING, of(s, "360_0").state());
        assertEquals(JobState.PENDING, of(s, "360_3").state());
        assertEquals("JobArrayTaskLimit", of(s, "360_3").reason(), "the throttle shows as the reason");
    }

    @Test
    void aJobWhoseAfterokParentFailedIsPendingForeverAndSaysSo() {
        JobStatus child = of(parse("poll-in-queue.txt", "353"), "353");
        assertEquals(JobState.PENDING, child.state());
        assertTrue(child.neverStarts());
        assertTrue(child.isSettled());
        String why = FailureExplainer.explain(child, "");
        assertTrue(why.contains("will never start") && why.contains("%hpc cancel 353"), why);
    }

    @Test
    void aJobNobodyKnowsIsUnknownNeverCompleted() {
        JobStatus s = of(parse("poll-in-queue.txt", "9999"), "9999");
        assertEquals(JobState.UNKNOWN, s.state());
        assertFalse(s.isSettled());
    }

    @Test
    void accountingAnswersForJobsThatLeftTheQueue() {
        var s = parse("poll-from-accounting.txt", "21", "349", "350", "351", "353", "354", "352", "360");
        assertEquals(JobState.TIMEOUT, of(s, "354").state());
        assertEquals(JobState.CANCELLED, of(s, "351").state());
        assertEquals("by 1001", of(s, "351").reason(), "who cancelled it");
        assertEquals(JobState.FAILED, of(s, "350").state());
        assertEquals(Optional.of(3), of(s, "350").exitCode());
        assertEquals(Optional.of(143), of(s, "21").exitCode(), "the exit file beats the TIMEOUT job line's 0:0");
        assertEquals("", of(s, "352_3").reason(), "no stale JobArrayTaskLimit on a COMPLETED task");
        assertEquals(JobStatus.Source.ACCOUNTING, of(s, "349").source());
    }

    @Test
    void aPendingRangeRowStandsForEachTaskNotListedOnItsOwn() {
        var s = parse("poll-from-accounting.txt", "360");
        assertEquals(JobState.RUNNING, of(s, "360_2").state(), "the task's own row beats the range row");
        assertEquals(JobState.PENDING, of(s, "360_3").state());
        assertFalse(s.containsKey(JobId.of("360_[2-3%1]")));
        assertEquals(JobState.RUNNING, of(s, "360").state());
        assertEquals(
                JobState.PENDING,
                of(parse("poll-from-accounting.txt", "360_3"), "360_3").state(),
                "a task asked for by id");
    }

    @Test
    void whenSqueueAndSacctFailOnlyExitFilesSpeakAndHalfWrittenOnesAreIgnored() {
        var s = parse("poll-controller-down.txt", "350", "361", "349");
        assertEquals(JobState.FAILED, of(s, "350").state());
        assertEquals(JobStatus.Source.EXIT_FILE, of(s, "350").source());
        assertEquals(JobState.UNKNOWN, of(s, "361").state());
        assertEquals(JobState.UNKNOWN, of(s, "349").state());
    }

    @Test
    void aJobNameWithAPipeDoesNotShiftTheColumns() {
        String out = "77|a|b c|FAILED|NonZeroExitCode\n@@squeue 0\n";
        JobStatus s = SlurmStatusParser.parse(out, jobs("77")).get(JobId.of("77"));
        assertEquals(JobState.FAILED, s.state());
        assertEquals("NonZeroExitCode", s.reason());
        String acct = "@@squeue 0\n78|x|y|OUT_OF_MEMORY|0:125|None\n@@sacct 0\n";
        JobStatus oom = SlurmStatusParser.parse(acct, jobs("78")).get(JobId.of("78"));
        assertEquals(JobState.OUT_OF_MEMORY, oom.state());
        assertTrue(FailureExplainer.suggestion(oom, "").contains("--mem"));
    }

    @Test
    void slurmStateSpellingsAreNormalised() {
        assertEquals(JobState.CANCELLED, SlurmStates.parse("CANCELLED by 1001"));
        assertEquals(JobState.OUT_OF_MEMORY, SlurmStates.parse("OUT_OF_MEMORY"));
        assertEquals(JobState.NODE_FAIL, SlurmStates.parse("NODE_FAIL"));
        assertEquals(JobState.NODE_FAIL, SlurmStates.parse("BOOT_FAIL"));
        assertEquals(JobState.PREEMPTED, SlurmStates.parse("PREEMPTED"));
        assertEquals(JobState.FAILED, SlurmStates.parse("DEADLINE"));
        assertEquals(JobState.RUNNING, SlurmStates.parse("COMPLETING"));
        assertEquals(JobState.PENDING, SlurmStates.parse("REQUEUED"));
        assertEquals(JobState.UNKNOWN, SlurmStates.parse("SOMETHING_NEW"));
    }

    @Test
    void renderKeepsTheUsersSbatchLinesUnlessAnOptionOverridesThem() {
        JobSpec spec = JobSpec.builder()
                .name("train")
                .timeLimit(Duration.ofMinutes(90))
                .memory("4G")
                .array(JobSpec.ArraySpec.parse("1-30%5"))
                .dependency(JobSpec.Dependency.parse("afterany:41"))
                .script("#!/bin/bash\n#SBATCH --time=00:05:00\n#SBATCH --constraint=skylake\necho hi\n")
                .build();
        String script = new org.hpckernel.cluster.BatchProtocol(new SlurmScheduler(), new RecordedTransport())
                .render(spec, new JobDirectory("/w/jobs/x"));
        assertTrue(script.startsWith("#!/bin/bash\n#SBATCH --job-name=train\n"), script);
        assertTrue(script.contains("#SBATCH --comment=hpck:"), "every job carries its submission's token: " + script);
        assertTrue(script.contains("#SBATCH --time=01:30:00\n"), script);
        assertFalse(script.contains("--time=00:05:00"), "the option overrides the user's line");
        assertTrue(script.contains("#SBATCH --constraint=skylake\n"), "a user line nobody overrides is kept");
        assertTrue(script.contains("#SBATCH --output=/w/jobs/x/logs/%x-%A_%a.out\n"), script);
        assertTrue(
                script.contains("#SBATCH --array=1-30%5\n") && script.contains("#SBATCH --dependency=afterany:41\n"),
                script);
        int lastDirective = script.lastIndexOf("#SBATCH");
        int firstCommand = script.indexOf("export HPC_JOB_DIR");
        assertTrue(lastDirective < firstCommand, "directives before the first command, or Slurm ignores them");
    }

    @Test
    void aNewlineInAnOptionIsRefusedBeforeAnythingIsSent() {
        RecordedTransport t = new RecordedTransport();
        JobSpec spec = JobSpec.builder()
                .name("x")
                .partition("debug\n#SBATCH --uid=0")
                .script("true")
                .build();
        assertThrows(
                IllegalArgumentException.class,
                () -> new org.hpckernel.cluster.BatchProtocol(new SlurmScheduler(), t)
                        .submit(spec, new JobDirectory("/w/jobs/x")));
        assertTrue(t.commands.isEmpty());
    }

    @Test
    void submitMakesTheLogFoldersFirstAndIsIdempotentThroughTheReceipt() throws Exception {
        RecordedTransport t = new RecordedTransport().onSubmit("sbatch --parsable", 0, "4242\n", "");
        JobSpec spec = JobSpec.builder()
                .name("p")
                .workingDirectory("/home/u/wd")
                .stdout("logs/%x-%j.log")
                .script("true")
                .build();
        JobId id = new org.hpckernel.cluster.BatchProtocol(new SlurmScheduler(), t)
                .submit(spec, new JobDirectory("/w/jobs/x"))
                .id();
        assertEquals(JobId.of("4242"), id);
        String c = t.lastCommand();
        assertTrue(c.contains("mkdir -p '/w/jobs/x/logs' '/home/u/wd' '/home/u/wd/logs' ||"), c);
        assertTrue(c.startsWith("cd '/w/jobs/x' || exit 97; if [ -s jobid ]; then"), c);
        assertTrue(
                c.contains("if mkdir .submit.lock 2>/dev/null; then") && c.contains("setsid sh -c"),
                "one detached submission: " + c);
        assertTrue(t.files.containsKey("/w/jobs/x/job.sh") && t.files.containsKey("/w/jobs/x/user-script"));
    }

    @Test
    void aRejectedSubmitSaysWhatSlurmSaidAndWhatToDo() {
        RecordedTransport t = new RecordedTransport()
                .onSubmit(
                        "sbatch --parsable",
                        1,
                        "",
                        "sbatch: error: Batch job submission failed: Invalid partition name specified\n");
        JobSpec spec =
                JobSpec.builder().name("p").partition("nosuch").script("true").build();
        SubmitFailed e = assertThrows(
                SubmitFailed.class,
                () -> new org.hpckernel.cluster.BatchProtocol(new SlurmScheduler(), t)
                        .submit(spec, new JobDirectory("/w/jobs/x")));
        assertTrue(
                e.getMessage().contains("Invalid partition name")
                        && e.getMessage().contains("sinfo"),
                e.getMessage());
    }

    @Test
    void aFullControllerIsReportedWithItsMessage() {
        RecordedTransport t = new RecordedTransport()
                .onSubmit(
                        "sbatch --parsable",
                        1,
                        "",
                        "sbatch: error: Slurm temporarily unable to accept job, sleeping and retrying\n"
                                + "sbatch: error: Batch job submission failed: Resource temporarily unavailable\n");
        SubmitFailed e = assertThrows(
                SubmitFailed.class,
                () -> new org.hpckernel.cluster.BatchProtocol(new SlurmScheduler(), t)
                        .submit(JobSpec.builder().script("true").build(), new JobDirectory("/w/jobs/y")));
        assertTrue(
                e.getMessage().contains("Resource temporarily unavailable")
                        && e.getMessage().contains("MaxJobCount"),
                e.getMessage());
    }

    @Test
    void pollIsOneRemoteCallForAllJobsAndAFailedCallIsUnknown() throws Exception {
        RecordedTransport ok =
                new RecordedTransport().on("squeue", 0, RecordedTransport.recorded("slurm/poll-in-queue.txt"));
        var states = new org.hpckernel.cluster.BatchProtocol(new SlurmScheduler(), ok).poll(jobs("349", "350", "352"));
        assertEquals(1, ok.commands.size());
        assertTrue(ok.lastCommand().contains("squeue -h -r -t all")
                && ok.lastCommand().contains("sacct -X -P -n"));
        assertFalse(ok.lastCommand().contains("--json"));
        assertEquals(JobState.COMPLETED, of(states, "349").state());
        RecordedTransport broken = new RecordedTransport(); // answers nothing: every call fails with an IOException
        var unknown = new org.hpckernel.cluster.BatchProtocol(new SlurmScheduler(), broken).poll(jobs("349"));
        assertEquals(JobState.UNKNOWN, of(unknown, "349").state());
        assertTrue(
                of(unknown, "349").reason().contains("status call failed"),
                of(unknown, "349").reason());
    }

    @Test
    void slurmTimesRoundUpToWholeMinutes() {
        assertEquals("00:01:00", SlurmScheduler.slurmTime(Duration.ofSeconds(5)));
        assertEquals("01:30:00", SlurmScheduler.slurmTime(Duration.ofMinutes(90)));
        assertEquals("2-00:01:00", SlurmScheduler.slurmTime(Duration.ofDays(2).plusSeconds(30)));
    }
}
