package org.hpckernel.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.hpckernel.cluster.profile.Profile;
import org.hpckernel.ledger.Ledger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

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
        return cluster().await(List.of(id), ENDS_WITHIN, s -> {}).get(id);
    }

    /** Link 1 saves step 1 and sleeps past the limit; link 2 resumes from it, saves step 2 and ends the chain. */
    static final String RESUMING_LINK = "step=$(cat \"$HPC_CHAIN_STATE\" 2>/dev/null || echo 0)\n"
            + "echo \"link $HPC_CHAIN_LINK resumes at step $step\"\n"
            + "if [ \"$step\" = 0 ]; then echo 1 > \"$HPC_CHAIN_STATE\"; sleep 600; fi\n"
            + "echo 2 > \"$HPC_CHAIN_STATE\"; touch \"$HPC_CHAIN_DONE\"\n";

    /**
     * Two chains of 3 links at once: one whose link 1 times out after saving its state, resumed and
     * finished by link 2 (link 3 cancelled); one whose link 1 exits 3 (links 2-3 cancelled). Each is
     * ONE row of the status table, saying how far it got and why it ended.
     */
    void chainsResumeAfterATimeoutAndStopOnAFailure(Duration limit, Duration endsWithin) throws Exception {
        JobId resumed = cluster()
                .submit(JobSpec.builder()
                        .name("chain-ok")
                        .timeLimit(limit)
                        .chain(3)
                        .script(RESUMING_LINK)
                        .build());
        JobId failed = cluster()
                .submit(JobSpec.builder()
                        .name("chain-bad")
                        .timeLimit(limit)
                        .chain(3)
                        .script("echo link $HPC_CHAIN_LINK; exit 3")
                        .build());
        Map<JobId, JobStatus> end = cluster().await(List.of(resumed, failed), endsWithin, s -> {});

        JobStatus ok = end.get(resumed);
        assertEquals(JobState.COMPLETED, ok.state(), ok.toString());
        assertEquals("chain 2/3 COMPLETED", ChainStatus.label(ok));
        JobDirectory dir = cluster().directoryOf(resumed);
        assertEquals("2\n", new String(transport().read(dir.path() + "/chain.state", 0, 100)), "link 2 saved its step");
        String log = new String(transport().read(dir.path() + "/" + ChainScript.LOG, 0, 4096));
        assertTrue(
                log.startsWith("1 next TIMEOUT time limit, with progress")
                        && log.contains("\n2 stop COMPLETED finished"),
                log);
        assertEquals("link 2 resumes at step 1\n", cluster().tail(JobId.of(resumed.value() + "_2"), false, 5));

        JobStatus bad = end.get(failed);
        assertEquals(JobState.FAILED, bad.state(), bad.toString());
        assertEquals(java.util.Optional.of(3), bad.exitCode());
        assertEquals("1/3 links ended: stopped at link 1: exit code 3; links 2-3 cancelled", bad.reason());
        JobDirectory badDir = cluster().directoryOf(failed);
        assertEquals(0, transport().read(badDir.path() + "/exit.2", 0, 100).length, "link 2 never ran the script");

        // %hpc status: each chain is one row, however many links its array has
        tech.tablesaw.api.Table table = org.hpckernel.magic.hpc.StatusTable.of(
                cluster(),
                cluster().status(List.of(resumed, failed)),
                Map.of(resumed.value(), "chain-ok", failed.value(), "chain-bad"));
        assertEquals(
                List.of(resumed.value(), failed.value()),
                table.stringColumn("job").asList(),
                table.print());
        assertEquals(
                List.of("chain 2/3 COMPLETED", "chain 1/3 FAILED"),
                table.stringColumn("state").asList(),
                table.print());
    }

    @Test
    void aScriptRunsAndItsOutputIsInTheLog() throws Exception {
        JobStatus s = runToEnd(JobSpec.builder()
                .name("hello")
                .script("echo \"hello from $(hostname)\"\necho to-err >&2")
                .build());
        assertEquals(JobState.COMPLETED, s.state(), s.toString());
        assertTrue(
                cluster().tail(s.id(), false, 5).startsWith("hello from "),
                cluster().tail(s.id(), false, 5));
        assertEquals("to-err\n", cluster().tail(s.id(), true, 5));
    }

    @Test
    void aPythonScriptWithAShebangRunsUnderPython() throws Exception {
        JobStatus s = runToEnd(JobSpec.builder()
                .name("py")
                .script("#!/usr/bin/env python3\nimport sys\nprint('python', sys.version_info[0])")
                .build());
        assertEquals(JobState.COMPLETED, s.state());
        assertEquals("python 3\n", cluster().tail(s.id(), false, 1));
    }

    @Test
    void aJsonRequestInTheHpcOpsShapeRunsWithItsParams() throws Exception {
        // HPC-Ops' meaning: project/group/jobtype/run are W&B names (the job's environment), the request is params.json
        JobSpec spec = HpcOpsRequest.apply(
                        "{\"node\": 1, \"vnode_core\": 1, \"elapse\": \"00:05:00\", \"run\": \"r1\", \"group\": \"g\", "
                                + "\"params\": {\"lr\": 0.1, \"clf\": \"RF\"}}",
                        JobSpec.builder())
                .name("req")
                .script("echo \"$WANDB_PROJECT $WANDB_RUN_GROUP $WANDB_NAME\"; cat $HPC_PARAMS")
                .build();
        JobStatus s = runToEnd(spec);
        assertEquals(JobState.COMPLETED, s.state());
        String out = cluster().logs(s.id(), false, 0).text();
        assertTrue(out.startsWith("hpc-ops g r1\n") && out.contains("\"params\":{\"lr\":0.1,\"clf\":\"RF\"}"), out);
    }

    @Test
    void aScriptThatExits3IsFailedWithExitCode3AndAnExplanation() throws Exception {
        JobStatus s = runToEnd(JobSpec.builder()
                .name("fails")
                .script("echo about to fail >&2\nexit 3")
                .build());
        assertEquals(JobState.FAILED, s.state());
        assertEquals(3, s.exitCode().orElseThrow());
        String why = cluster().explain(s);
        assertTrue(why.contains("exit code 3") && why.contains("about to fail") && why.contains("Suggestion"), why);
    }

    @Test
    void hostileNamesAndEnvironmentValuesReachTheJobUnchanged() throws Exception {
        String hostile = "$(touch /tmp/pwned) `id` it's \"q\" 実験";
        JobStatus s = runToEnd(JobSpec.builder()
                .name("hostile $(id) 'x'")
                .env("HOSTILE", hostile)
                .script("printf '%s' \"$HOSTILE\"")
                .build());
        assertEquals(JobState.COMPLETED, s.state());
        assertEquals(hostile, cluster().logs(s.id(), false, 0).text());
    }

    @Test
    void anArrayWithAThrottleRunsEveryTaskAndADependentJobRunsAfterIt() throws Exception {
        JobId array = cluster()
                .submit(JobSpec.builder()
                        .name("arr")
                        .array(JobSpec.ArraySpec.parse("1-4%2"))
                        .script(
                                "echo task $HPC_ARRAY_TASK_ID > $HPC_JOB_DIR/out.$HPC_ARRAY_TASK_ID; echo task $HPC_ARRAY_TASK_ID")
                        .build());
        JobId after = cluster()
                .submit(JobSpec.builder()
                        .name("after")
                        .dependency(new JobSpec.Dependency(JobSpec.Dependency.Kind.AFTER_OK, array))
                        .script("cat " + cluster().directoryOf(array).path() + "/out.* | wc -l")
                        .build());
        Map<JobId, JobStatus> end = cluster().await(List.of(array, after), ENDS_WITHIN, s -> {});
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
            ids.add(cluster()
                    .submit(JobSpec.builder().name("many" + i).script("true").build()));
        }
        int before = transport().execs.get();
        Map<JobId, JobStatus> states = cluster().status(ids);
        assertEquals(1, transport().execs.get() - before);
        assertTrue(states.keySet().containsAll(ids));
        cluster().await(ids, ENDS_WITHIN, s -> {});
    }

    @Test
    void followingALogFetchesOnlyNewBytes() throws Exception {
        JobId id = cluster()
                .submit(JobSpec.builder()
                        .name("slow")
                        .script("for i in 1 2 3; do echo line $i; sleep 1; done")
                        .build());
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
        JobStatus s = runToEnd(JobSpec.builder()
                .name("chatty")
                .script(
                        "yes 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx' | head -n 100000\necho 'epoch 9 実験'\necho done")
                .build());
        assertEquals(JobState.COMPLETED, s.state(), s.toString());
        assertEquals("epoch 9 実験\ndone\n", cluster().tail(s.id(), false, 2));
        Scheduler.LogChunk end = cluster().tailFrom(s.id(), false, 1);
        assertEquals(
                cluster().logs(s.id(), false, end.nextOffset()).nextOffset(),
                end.nextOffset(),
                "following starts at the end");
    }

    @Test
    void aCancelledJobIsCancelled() throws Exception {
        JobId id = cluster()
                .submit(JobSpec.builder().name("long").script("sleep 300").build());
        long deadline = System.nanoTime() + ENDS_WITHIN.toNanos();
        while (cluster().status(List.of(id)).get(id).state() != JobState.RUNNING && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        cluster().cancel(List.of(id));
        JobStatus s = cluster().await(List.of(id), ENDS_WITHIN, x -> {}).get(id);
        assertEquals(JobState.CANCELLED, s.state(), s.toString());
    }

    @Test
    void aNewSessionOnTheSameLedgerStillKnowsEarlierJobs() throws Exception {
        JobId id = cluster()
                .submit(JobSpec.builder().name("remembered").script("echo kept").build());
        cluster().await(List.of(id), ENDS_WITHIN, s -> {});
        try (Ledger again = Ledger.open(ledgerFile)) {
            assertTrue(again.jobs(cluster().profile().name()).stream()
                    .anyMatch(r -> r.jobId().equals(id.value()) && r.name().equals("remembered")));
            Cluster fresh =
                    new Cluster(cluster().profile(), transport(), cluster().scheduler(), again);
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
        var e = assertThrows(org.hpckernel.HpcException.class, () -> cluster().status(List.of(JobId.of("999999999"))));
        assertTrue(e.getMessage().contains("%hpc jobs"), e.getMessage());
        assertFalse(e.getMessage().isBlank());
    }

    static Profile profile(String name, String scheduler, String workdir) {
        return new Profile(name, "localhost", null, null, null, null, null, scheduler, workdir, null, null, List.of());
    }
}
