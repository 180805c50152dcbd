package org.hpckernel.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.hpckernel.cluster.slurm.SlurmScheduler;
import org.junit.jupiter.api.Test;

/** A submit whose scheduler timed out is looked up by its token, never called refused (recorded answers). */
class UncertainSubmitTest {

    private static final JobDirectory DIR = new JobDirectory("/w/jobs/stalled");
    private static final String TIMED_OUT =
            "sbatch: error: Batch job submission failed: Socket timed out on send/recv operation\n";

    @Test
    void aTimedOutSbatchWhoseJobIsInTheQueueIsThatJob() throws Exception {
        String token = BatchProtocol.token(DIR);
        RecordedTransport t = new RecordedTransport()
                .onSubmit("sbatch --parsable", 1, "", TIMED_OUT)
                .on("squeue -h -u", 0, "41|\n42|hpck:" + token + "\n@@squeue 0\n@@sacct 0\n");
        Scheduler.Submission s = new BatchProtocol(new SlurmScheduler(), t)
                .submit(JobSpec.builder().name("x").script("true").build(), DIR);
        assertEquals(JobId.of("42"), s.id());
        assertTrue(
                s.note().contains("Socket timed out") && s.note().contains("took the job after all: job 42"), s.note());
        assertEquals("42", new String(t.files.get(DIR.receipt())), "the receipt answers any retry");
    }

    @Test
    void aSubmissionLeftOpenIsResolvedFromItsFolderAndByToken() throws Exception {
        String token = BatchProtocol.token(DIR);
        JobDirectory refused = new JobDirectory("/w/jobs/refused");
        JobDirectory unsent = new JobDirectory("/w/jobs/unsent");
        RecordedTransport t = new RecordedTransport()
                .on(
                        "printf '@@dir %s\\n' ",
                        0,
                        "@@dir /w/jobs/stalled\n@@rc 1\n\n@@stderr\n" + TIMED_OUT
                                + "@@dir /w/jobs/refused\n@@rc 1\n\n@@stderr\nsbatch: error: Invalid partition name specified\n"
                                + "@@dir /w/jobs/unsent\n@@unsent\n")
                .on("squeue -h -u", 0, "42|hpck:" + token + "\n@@squeue 0\n@@sacct 0\n")
                .on("rmdir .submit.lock", 0, "");
        Map<JobDirectory, Scheduler.Outcome> o =
                new BatchProtocol(new SlurmScheduler(), t).reconcile(List.of(DIR, refused, unsent));
        assertEquals(Scheduler.Outcome.submitted(JobId.of("42")), o.get(DIR));
        assertEquals(Scheduler.Outcome.Kind.NOT_SUBMITTED, o.get(refused).kind());
        assertTrue(
                o.get(refused).reason().contains("Invalid partition"),
                o.get(refused).reason());
        assertEquals(Scheduler.Outcome.Kind.NOT_SUBMITTED, o.get(unsent).kind());
    }

    @Test
    void anUncertainSubmissionNeverFoundIsResolvedByTheJobsStartFileOrByTime() throws Exception {
        JobDirectory ran = new JobDirectory("/w/jobs/ran");
        JobDirectory fresh = new JobDirectory("/w/jobs/fresh");
        JobDirectory old = new JobDirectory("/w/jobs/old");
        RecordedTransport t = new RecordedTransport()
                .on(
                        "printf '@@dir %s\\n' ",
                        0,
                        "@@dir /w/jobs/ran\n@@meta 900 77\n@@rc 1\n\n@@stderr\n" + TIMED_OUT
                                + "@@dir /w/jobs/fresh\n@@meta 30 \n@@rc 1\n\n@@stderr\n" + TIMED_OUT
                                + "@@dir /w/jobs/old\n@@meta 700 \n@@rc 1\n\n@@stderr\n" + TIMED_OUT)
                .on("squeue -h -u", 0, "41|hpck:someone-else\n@@squeue 0\n@@sacct 0\n")
                .on("rmdir .submit.lock", 0, "");
        Map<JobDirectory, Scheduler.Outcome> o =
                new BatchProtocol(new SlurmScheduler(), t).reconcile(List.of(ran, fresh, old));
        assertEquals(Scheduler.Outcome.submitted(JobId.of("77")), o.get(ran), "the job's own start file names it");
        assertEquals("77", new String(t.files.get(ran.receipt())));
        assertEquals(
                Scheduler.Outcome.Kind.PENDING,
                o.get(fresh).kind(),
                o.get(fresh).reason());
        assertEquals(Scheduler.Outcome.Kind.NOT_SUBMITTED, o.get(old).kind());
        assertTrue(
                o.get(old).reason().contains("Socket timed out")
                        && o.get(old).reason().contains("11 minutes"),
                o.get(old).reason());
        assertTrue(
                t.commands.stream().anyMatch(c -> c.contains("/w/jobs/old") && c.contains("rmdir .submit.lock")),
                "the folder is freed for a retry");
    }

    @Test
    void aLongUncertainSubmissionStaysOpenWhileTheSchedulerCannotAnswer() throws Exception {
        JobDirectory old = new JobDirectory("/w/jobs/old");
        RecordedTransport t = new RecordedTransport()
                .on("printf '@@dir %s\\n' ", 0, "@@dir /w/jobs/old\n@@meta 7200 \n@@rc 1\n\n@@stderr\n" + TIMED_OUT)
                .on(
                        "squeue -h -u",
                        0,
                        "squeue: error: Unable to contact slurm controller (connect failure)\n@@squeue 1\n"
                                + "sacct: error: Problem talking to the database: Connection refused\n@@sacct 1\n");
        Scheduler.Outcome o = new BatchProtocol(new SlurmScheduler(), t)
                .reconcile(List.of(old))
                .get(old);
        assertEquals(
                Scheduler.Outcome.Kind.PENDING, o.kind(), "a controller still down may hold the job: " + o.reason());
        assertTrue(t.commands.stream().noneMatch(c -> c.contains("rmdir .submit.lock")), "the folder is kept");
    }
}
