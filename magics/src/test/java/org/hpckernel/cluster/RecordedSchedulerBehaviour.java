package org.hpckernel.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every backend must show, for schedulers that cannot run here (PBS, PJM) and for
 * Grid Engine's parsers: the same tests against recorded outputs through {@link RecordedTransport},
 * asserting on the exact commands sent and the states read. Grid Engine and Slurm also run the live
 * suite ({@link SchedulerBehaviour}).
 */
public abstract class RecordedSchedulerBehaviour {

    protected static final JobDirectory DIR = new JobDirectory("/home/alice/hpc-kernel/jobs/20261122-train-ab12");

    protected abstract Scheduler scheduler(Transport transport);

    /** Answers the submit command with the scheduler's recorded reply. */
    protected abstract void recordSubmit(RecordedTransport t);

    protected abstract JobId submittedId();

    /** The start of the submit command as the scheduler's CLI takes it, e.g. {@code qsub -terse }. */
    protected abstract String submitCommandStart();

    /** The combined output of one poll call for {@link #expectedStates()}, from recordings. */
    protected abstract String recordedPollOutput();

    protected abstract Map<JobId, JobState> expectedStates();

    /** A job in {@link #expectedStates()} that failed with exit code 3, if the recordings carry one. */
    protected abstract JobId failedWithExit3();

    protected abstract String expectedCancelCommand(JobId id);

    /** The directive lines an array {@code 1-4%2} and an afterok dependency on {@link #submittedId()} render to. */
    protected abstract List<String> arrayAndDependencyLines();

    protected abstract String pollCommandStart();

    protected JobSpec.Builder job() {
        return JobSpec.builder().name("train").script("python train.py --lr 0.1");
    }

    @Test
    public void submitUploadsBothScriptsAndSendsOneSubmitCommandReturningTheWholeId() throws IOException {
        RecordedTransport t = new RecordedTransport();
        recordSubmit(t);
        JobId id = scheduler(t).submit(job().build(), DIR).id();
        assertEquals(submittedId(), id);
        assertEquals(1, t.commands.size(), t.commands.toString());
        assertTrue(t.lastCommand().contains(submitCommandStart()), t.lastCommand());
        assertTrue(t.lastCommand().contains(Shell.quote(DIR.script())), t.lastCommand());
        assertTrue(
                t.lastCommand().contains("mkdir -p " + Shell.quote(DIR.logs())),
                "the log folder exists before the job: " + t.lastCommand());
        assertTrue(
                t.lastCommand().contains("[ -s jobid ]") && t.lastCommand().contains("mkdir .submit.lock"),
                "a retried submit reads the receipt, and one submission holds the lock: " + t.lastCommand());
        assertTrue(new String(t.files.get(DIR.script()), StandardCharsets.UTF_8).startsWith("#!/bin/bash\n"));
        assertEquals(
                "#!/bin/bash\npython train.py --lr 0.1",
                new String(t.files.get(DIR.userScript()), StandardCharsets.UTF_8));
    }

    @Test
    public void statusOfAllJobsIsOneRemoteCallAndEveryStateIsRead() throws IOException {
        RecordedTransport t = new RecordedTransport().on(pollCommandStart(), 0, recordedPollOutput());
        Map<JobId, JobDirectory> jobs = new LinkedHashMap<>();
        expectedStates().keySet().forEach(id -> jobs.put(id, DIR));
        Map<JobId, JobStatus> states = scheduler(t).poll(jobs);
        assertEquals(1, t.commands.size());
        assertTrue(t.lastCommand().startsWith(pollCommandStart()), t.lastCommand());
        expectedStates()
                .forEach((id, state) -> assertEquals(state, states.get(id).state(), id + ": " + states.get(id)));
    }

    @Test
    public void aFailingJobReportsItsExitCode() throws IOException {
        RecordedTransport t = new RecordedTransport().on(pollCommandStart(), 0, recordedPollOutput());
        JobId failed = failedWithExit3();
        JobStatus s = scheduler(t).poll(Map.of(failed, DIR)).get(failed);
        assertEquals(JobState.FAILED, s.state(), s.toString());
        assertEquals(3, s.exitCode().orElseThrow());
    }

    @Test
    public void aJobNoSourceKnowsIsUnknownNeverCompleted() throws IOException {
        RecordedTransport t = new RecordedTransport().on(pollCommandStart(), 0, recordedPollOutput());
        JobId ghost = JobId.of(submittedId().value().replaceFirst("^\\d+", "777777"));
        JobStatus s = scheduler(t).poll(Map.of(ghost, DIR)).get(ghost);
        assertEquals(JobState.UNKNOWN, s.state(), s.toString());
    }

    @Test
    public void theExitFileDecidesWhenTheSchedulerNoLongerKnowsTheJob() throws IOException {
        JobId ghost = JobId.of(submittedId().value().replaceFirst("^\\d+", "777777"));
        String exit = "@@exit " + DIR.exitFile(java.util.Optional.empty())
                + " {\"exit_code\":0,\"signal\":0,\"end\":\"2026-11-22T10:00:00Z\",\"host\":\"node1\"}\n";
        RecordedTransport t = new RecordedTransport().on(pollCommandStart(), 0, recordedPollOutput() + exit);
        JobStatus s = scheduler(t).poll(Map.of(ghost, DIR)).get(ghost);
        assertEquals(JobState.COMPLETED, s.state(), s.toString());
        assertEquals(JobStatus.Source.EXIT_FILE, s.source());
    }

    @Test
    public void aFailedStatusCallLeavesEveryJobUnknown() throws IOException {
        RecordedTransport t = new RecordedTransport(); // no answers: the call fails
        Map<JobId, JobStatus> s = scheduler(t).poll(Map.of(submittedId(), DIR));
        assertEquals(JobState.UNKNOWN, s.get(submittedId()).state());
        assertTrue(s.get(submittedId()).reason().contains("status call failed"), s.toString());
    }

    @Test
    public void cancelSendsOneCommandWithTheWholeId() throws IOException {
        RecordedTransport t = new RecordedTransport().on("", 0, "");
        scheduler(t).cancel(List.of(submittedId()));
        assertEquals(List.of(expectedCancelCommand(submittedId())), t.commands);
    }

    @Test
    public void arraysAndDependenciesAreRenderedAsThisSchedulerTakesThem() {
        String script = scheduler(new RecordedTransport())
                .render(
                        job().array(JobSpec.ArraySpec.parse("1-4%2"))
                                .dependency(new JobSpec.Dependency(JobSpec.Dependency.Kind.AFTER_OK, submittedId()))
                                .build(),
                        DIR);
        for (String line : arrayAndDependencyLines()) {
            assertTrue(script.contains(line + "\n"), "missing '" + line + "' in\n" + script);
        }
    }

    @Test
    public void modulesContainerEnvironmentAndTheExitTrapAreRenderedTheSameWay() {
        String script = scheduler(new RecordedTransport())
                .render(
                        job().module("cuda/12.1")
                                .env("WANDB_MODE", "offline")
                                .container(new JobSpec.Container("apptainer", "/images/torch.sif", true))
                                .timeLimit(Duration.ofMinutes(90))
                                .build(),
                        DIR);
        assertTrue(script.contains("module load 'cuda/12.1'\n"), script);
        assertTrue(script.contains("export WANDB_MODE='offline'\n"), script);
        assertTrue(script.contains("'apptainer' exec --nv '/images/torch.sif' \"$HPC_JOB_DIR/user-script\""), script);
        assertTrue(script.contains("trap '_hpc_rc=$?;"), "the exit-file trap: " + script);
        assertTrue(script.contains("01:30:00"), "a 90-minute limit: " + script);
    }

    @Test
    public void aHostileNameAndValuesNeverReachAShellUnquoted() {
        String hostile = "$(touch /tmp/pwned) `id` it's";
        String script = scheduler(new RecordedTransport())
                .render(
                        JobSpec.builder()
                                .name(hostile)
                                .env("X", hostile)
                                .script("true")
                                .build(),
                        DIR);
        for (String line : script.split("\n")) {
            if (line.contains("touch /tmp/pwned")) {
                assertTrue(line.startsWith("export X='"), "only the quoted value may hold it: " + line);
            }
        }
        assertFalse(script.contains("`id`\n"), script);
    }
}
