package org.hpckernel.cluster;

import org.hpckernel.cluster.profile.Profile;
import org.hpckernel.ledger.Ledger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The behaviour every backend must show, run for real: the same tests against Slurm over SSH and
 * against the local executor.
 */
abstract class SchedulerBehaviour {

    static final Duration ENDS_WITHIN = Duration.ofSeconds(120);
    static Path ledgerFile;
    static Ledger ledger;

    /** The cluster under test, over a transport that counts remote commands. */
    abstract Cluster cluster();

    abstract CountingTransport transport();

    static Ledger newLedger() throws IOException {
        ledgerFile = Files.createTempDirectory("hpc-ledger").resolve("ledger.db");
        ledger = Ledger.open(ledgerFile);
        return ledger;
    }

    @AfterAll
    static void closeLedger() {
        if (ledger != null) {
            ledger.close();
        }
    }

    JobStatus runToEnd(JobSpec spec) throws Exception {
        JobId id = cluster().submit(spec);
        return cluster().await(List.of(id), ENDS_WITHIN, s -> { }).get(id);
    }

    @Test
    void aScriptRunsAndItsOutputIsInTheLog() throws Exception {
        JobStatus s = runToEnd(JobSpec.builder().name("hello").script("echo \"hello from $(hostname)\"\necho to-err >&2").build());
        assertEquals(JobState.COMPLETED, s.state(), s.toString());
        assertTrue(cluster().tail(s.id(), false, 5).startsWith("hello from "), cluster().tail(s.id(), false, 5));
        assertEquals("to-err\n", cluster().tail(s.id(), true, 5));
    }

    @Test
    void aPythonScriptWithAShebangRunsUnderPython() throws Exception {
        JobStatus s = runToEnd(JobSpec.builder().name("py").script("#!/usr/bin/env python3\nimport sys\nprint('python', sys.version_info[0])").build());
        assertEquals(JobState.COMPLETED, s.state());
        assertEquals("python 3\n", cluster().tail(s.id(), false, 1));
    }

    @Test
    void aJsonRequestInTheHpcOpsShapeRunsWithItsParams() throws Exception {
        // HPC-Ops' meaning: project/group/jobtype/run are W&B names (the job's environment), the request is params.json
        JobSpec spec = HpcOpsRequest.apply("{\"node\": 1, \"vnode_core\": 1, \"elapse\": \"00:05:00\", \"run\": \"r1\", \"group\": \"g\", "
                + "\"params\": {\"lr\": 0.1, \"clf\": \"RF\"}}", JobSpec.builder()).name("req")
                .script("echo \"$WANDB_PROJECT $WANDB_RUN_GROUP $WANDB_NAME\"; cat $HPC_PARAMS").build();
        JobStatus s = runToEnd(spec);
        assertEquals(JobState.COMPLETED, s.state());
        String out = cluster().logs(s.id(), false, 0).text();
        assertTrue(out.startsWith("hpc-ops g r1\n") && out.contains("\"params\":{\"lr\":0.1,\"clf\":\"RF\"}"), out);
    }

    @Test
    void aScriptThatExits3IsFailedWithExitCode3AndAnExplanation() throws Exception {
        JobStatus s = runToEnd(JobSpec.builder().name("fails").script("echo about to fail >&2\nexit 3").build());
        assertEquals(JobState.FAILED, s.state());
        assertEquals(3, s.exitCode().orElseThrow());
        String why = cluster().explain(s);
        assertTrue(why.contains("exit code 3") && why.contains("about to fail") && why.contains("Suggestion"), why);
    }

    @Test
    void hostileNamesAndEnvironmentValuesReachTheJobUnchanged() throws Exception {
        String hostile = "$(touch /tmp/pwned) `id` it's \"q\" 実験";
        JobStatus s = runToEnd(JobSpec.builder().name("hostile $(id) 'x'").env("HOSTILE", hostile).script("printf '%s' \"$HOSTILE\"").build());
        assertEquals(JobState.COMPLETED, s.state());
        assertEquals(hostile, cluster().logs(s.id(), false, 0).text());
    }

    @Test
    void anArrayWithAThrottleRunsEveryTaskAndADependentJobRunsAfterIt() throws Exception {
        JobId array = cluster().submit(JobSpec.builder().name("arr").array(JobSpec.ArraySpec.parse("1-4%2"))
                .script("echo task $HPC_ARRAY_TASK_ID > $HPC_JOB_DIR/out.$HPC_ARRAY_TASK_ID; echo task $HPC_ARRAY_TASK_ID").build());
        JobId after = cluster().submit(JobSpec.builder().name("after").dependency(new JobSpec.Dependency(JobSpec.Dependency.Kind.AFTER_OK, array))
                .script("cat " + cluster().directoryOf(array).path() + "/out.* | wc -l").build());
        Map<JobId, JobStatus> end = cluster().await(List.of(array, after), ENDS_WITHIN, s -> { });
        assertEquals(JobState.COMPLETED, end.get(array).state(), end.toString());
        assertEquals(JobState.COMPLETED, end.get(after).state(), end.toString());
        assertEquals("4", cluster().tail(after, false, 1).strip());
        for (int i = 1; i <= 4; i++) {
            JobId task = JobId.of(array.value() + "_" + i);
            assertEquals(JobState.COMPLETED, end.get(task).state(), end.toString());
            assertEquals("task " + i + "\n", cluster().tail(task, false, 1));
        }
    }

    @Test
    void statusOfManyJobsTakesOneRemoteCall() throws Exception {
        List<JobId> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(cluster().submit(JobSpec.builder().name("many" + i).script("true").build()));
        }
        int before = transport().execs.get();
        Map<JobId, JobStatus> states = cluster().status(ids);
        assertEquals(1, transport().execs.get() - before);
        assertTrue(states.keySet().containsAll(ids));
        cluster().await(ids, ENDS_WITHIN, s -> { });
    }

    @Test
    void followingALogFetchesOnlyNewBytes() throws Exception {
        JobId id = cluster().submit(JobSpec.builder().name("slow").script("for i in 1 2 3; do echo line $i; sleep 1; done").build());
        StringBuilder seen = new StringBuilder();
        long offset = 0;
        long deadline = System.nanoTime() + ENDS_WITHIN.toNanos();
        while (!seen.toString().contains("line 3") && System.nanoTime() < deadline) {
            Scheduler.LogChunk chunk = cluster().logs(id, false, offset);
            assertTrue(chunk.nextOffset() >= offset);
            seen.append(chunk.text());
            offset = chunk.nextOffset();
            Thread.sleep(200);
        }
        assertEquals("line 1\nline 2\nline 3\n", seen.toString());
    }

    @Test
    void theTailOfALogLongerThanOneReadIsItsEnd() throws Exception {
        // 6 MB of lines, more than one 4 MB read, then the lines the user wants to see
        JobStatus s = runToEnd(JobSpec.builder().name("chatty")
                .script("yes 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx' | head -n 100000\necho 'epoch 9 実験'\necho done").build());
        assertEquals(JobState.COMPLETED, s.state(), s.toString());
        assertEquals("epoch 9 実験\ndone\n", cluster().tail(s.id(), false, 2));
        Scheduler.LogChunk end = cluster().tailFrom(s.id(), false, 1);
        assertEquals(cluster().logs(s.id(), false, end.nextOffset()).nextOffset(), end.nextOffset(), "following starts at the end");
    }

    @Test
    void aCancelledJobIsCancelled() throws Exception {
        JobId id = cluster().submit(JobSpec.builder().name("long").script("sleep 300").build());
        long deadline = System.nanoTime() + ENDS_WITHIN.toNanos();
        while (cluster().status(List.of(id)).get(id).state() != JobState.RUNNING && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        cluster().cancel(List.of(id));
        JobStatus s = cluster().await(List.of(id), ENDS_WITHIN, x -> { }).get(id);
        assertEquals(JobState.CANCELLED, s.state(), s.toString());
    }

    @Test
    void aNewSessionOnTheSameLedgerStillKnowsEarlierJobs() throws Exception {
        JobId id = cluster().submit(JobSpec.builder().name("remembered").script("echo kept").build());
        cluster().await(List.of(id), ENDS_WITHIN, s -> { });
        try (Ledger again = Ledger.open(ledgerFile)) {
            assertTrue(again.jobs(cluster().profile().name()).stream().anyMatch(r -> r.jobId().equals(id.value()) && r.name().equals("remembered")));
            Cluster fresh = new Cluster(cluster().profile(), transport(), cluster().scheduler(), again);
            assertEquals(JobState.COMPLETED, fresh.status(List.of(id)).get(id).state());
            assertEquals("kept\n", fresh.tail(id, false, 1));
        }
    }

    @Test
    void submittingTheSameJobDirectoryTwiceNeverSubmitsTwice() throws Exception {
        JobSpec spec = JobSpec.builder().name("once").script("true").build();
        JobDirectory dir = new JobDirectory(cluster().workRoot() + "/jobs/idempotent-" + System.nanoTime());
        JobId first = cluster().scheduler().submit(spec, dir).id();
        JobId retried = cluster().scheduler().submit(spec, dir).id();
        assertEquals(first, retried);
    }

    @Test
    void anUnknownJobIdIsRefusedWithAHint() {
        var e = assertThrows(org.hpckernel.magic.MagicException.class, () -> cluster().status(List.of(JobId.of("999999999"))));
        assertTrue(e.getMessage().contains("%hpc jobs"), e.getMessage());
        assertFalse(e.getMessage().isBlank());
    }

    static Profile profile(String name, String scheduler, String workdir) {
        return new Profile(name, "localhost", null, null, null, null, null, scheduler, workdir, null, null, List.of());
    }
}
