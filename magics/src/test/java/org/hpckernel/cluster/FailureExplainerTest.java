package org.hpckernel.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hpckernel.cluster.slurm.SlurmStatusParser;
import org.junit.jupiter.api.Test;

/** Advice that is right, on outputs recorded on the localhost Slurm 22.05.8 (recorded/README.md). */
class FailureExplainerTest {

    private static JobStatus polled(String file) {
        Map<JobId, JobDirectory> jobs = Map.of(JobId.of("84"), new JobDirectory("/home/hpcuser/hpc-kernel/jobs/j84"));
        return SlurmStatusParser.parse(RecordedTransport.recorded("slurm/" + file), jobs)
                .get(JobId.of("84"));
    }

    private static JobStatus completed(String id) {
        return new JobStatus(
                JobId.of(id), JobState.COMPLETED, Optional.of(0), Optional.empty(), "", JobStatus.Source.ACCOUNTING);
    }

    @Test
    void exit0Colon53SaysTheOutputFileCouldNotBeOpened() {
        JobStatus fromAccounting = polled("poll-launch-failure-accounting.txt");
        assertEquals(Optional.of(53), fromAccounting.signal());
        String text = FailureExplainer.explain(fromAccounting, "");
        assertTrue(text.startsWith("Job 84 ended FAILED, before its script ran."), text);
        assertTrue(text.contains("could not open the job's output or error file") && text.contains("mkdir -p"), text);
        assertFalse(text.contains("exit code") || text.contains("signal 53"), text);
    }

    @Test
    void theQueuesJobLaunchFailureGetsTheSameAdviceNotExitCodeMinusOne() {
        JobStatus fromQueue = polled("poll-launch-failure-queue.txt");
        assertEquals("JobLaunchFailure", fromQueue.reason());
        String advice = FailureExplainer.suggestion(fromQueue, "");
        assertTrue(advice.contains("output or error file"), advice);
        assertFalse(advice.contains("-1"), advice);
    }

    @Test
    void missingModuleCommandSaysHowToCheckAndFixNotAddModule() {
        String bash = RecordedTransport.recorded("slurm/stderr-command-not-found-bash.txt");
        JobStatus failed = new JobStatus(
                JobId.of("86"),
                JobState.FAILED,
                Optional.of(127),
                Optional.empty(),
                "NonZeroExitCode",
                JobStatus.Source.ACCOUNTING);
        String advice = FailureExplainer.suggestion(failed, bash);
        assertTrue(
                advice.contains("type module")
                        && advice.contains("#!/bin/bash -l")
                        && advice.contains("source /etc/profile"),
                advice);
        assertFalse(advice.contains("add --module"), advice);
        String dash = RecordedTransport.recorded("slurm/stderr-module-not-found-sh.txt");
        assertTrue(FailureExplainer.suggestion(failed, dash).contains("type module"));
    }

    @Test
    void otherMissingCommandsAreNamed() {
        JobStatus failed = new JobStatus(
                JobId.of("9"), JobState.FAILED, Optional.of(127), Optional.empty(), "", JobStatus.Source.EXIT_FILE);
        String advice =
                FailureExplainer.suggestion(failed, "/spool/slurm_script: line 3: nosuchtool: command not found\n");
        assertTrue(advice.contains("(nosuchtool)"), advice);
    }

    @Test
    void aCompletedJobWithCommandNotFoundGetsAWarning() {
        String bash = RecordedTransport.recorded("slurm/stderr-command-not-found-bash.txt");
        String warning =
                FailureExplainer.completedWarning(completed("86"), bash).orElseThrow();
        assertTrue(
                warning.startsWith(
                        "Warning: job 86 is COMPLETED, but its stderr says module, nosuchtool were not found"),
                warning);
        assertTrue(warning.contains("set -e") && warning.contains("type module"), warning);
        String dash = RecordedTransport.recorded("slurm/stderr-module-not-found-sh.txt");
        assertTrue(FailureExplainer.completedWarning(completed("85"), dash)
                .orElseThrow()
                .contains("module was not found"));
    }

    @Test
    void noWarningWithoutEvidence() {
        assertEquals(
                Optional.empty(),
                FailureExplainer.completedWarning(completed("1"), "error: file not found\nModuleNotFoundError: x\n"));
        JobStatus failed = new JobStatus(
                JobId.of("2"), JobState.FAILED, Optional.of(1), Optional.empty(), "", JobStatus.Source.EXIT_FILE);
        assertEquals(Optional.empty(), FailureExplainer.completedWarning(failed, "x: command not found"));
        assertEquals(
                List.of("foo", "bar"),
                FailureExplainer.missingCommands(
                        "bash: foo: command not found\nsh: 1: bar: not found\nfoo: not found\n"));
    }

    @Test
    void aFailedArrayIsExplainedByItsTasksNotByAnExitCodeItDoesNotHave() {
        JobStatus parent = ExitFiles.summarise(
                JobId.of("570"),
                java.util.List.of(
                        new JobStatus(
                                JobId.of("570_1"),
                                JobState.COMPLETED,
                                java.util.Optional.of(0),
                                java.util.Optional.empty(),
                                "",
                                JobStatus.Source.QUEUE),
                        new JobStatus(
                                JobId.of("570_2"),
                                JobState.FAILED,
                                java.util.Optional.of(2),
                                java.util.Optional.empty(),
                                "",
                                JobStatus.Source.QUEUE)),
                JobStatus.Source.QUEUE);
        String why = FailureExplainer.explain(parent, "");
        org.junit.jupiter.api.Assertions.assertTrue(
                why.contains("task 570_2: FAILED") && why.contains("%hpc logs 570 lists every task"), why);
        org.junit.jupiter.api.Assertions.assertFalse(why.contains("-1"), why);
    }
}
