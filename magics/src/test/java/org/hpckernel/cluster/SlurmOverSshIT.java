package org.hpckernel.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.hpckernel.cluster.slurm.SlurmScheduler;
import org.hpckernel.cluster.ssh.SshTransport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Real Slurm (with slurmdbd) on localhost, reached over real SSH as the test user. */
class SlurmOverSshIT extends SchedulerBehaviour {

    private static CountingTransport transport;
    private static Cluster cluster;

    @BeforeAll
    static void connect() throws Exception {
        transport = new CountingTransport(new SshTransport(TestCluster.target(), Prompter.NONE));
        cluster = new Cluster(
                profile("testslurm", "slurm", "~/hpc-kernel-it"),
                transport,
                new org.hpckernel.cluster.BatchProtocol(new SlurmScheduler(), transport),
                newLedger());
    }

    @AfterAll
    static void disconnect() {
        transport.close();
    }

    @Override
    Cluster cluster() {
        return cluster;
    }

    @Override
    CountingTransport transport() {
        return transport;
    }

    @Test
    void aJobPastItsTimeLimitEndsInTimeout() throws Exception {
        // Slurm checks limits about every 30 s: a 1-minute limit ends after 60-100 s
        JobStatus s = runToEnd(JobSpec.builder()
                .name("slowpoke")
                .timeLimit(Duration.ofMinutes(1))
                .script("sleep 600")
                .build());
        assertEquals(JobState.TIMEOUT, s.state(), s.toString());
        assertTrue(cluster.explain(s).contains("--time"), cluster.explain(s));
    }

    @Test
    void aChainResumesAfterATimeoutAndStopsOnAFailure() throws Exception {
        // Slurm's limit is whole minutes, checked about every 30 s (KillWait=2 here): link 1 ends after 60-100 s
        chainsResumeAfterATimeoutAndStopOnAFailure(Duration.ofMinutes(1), Duration.ofSeconds(200));
    }

    @Test
    void aRejectedSubmissionSaysWhyAndWhatToDo() {
        var e = assertThrows(
                SubmitFailed.class,
                () -> cluster.submit(JobSpec.builder()
                        .name("nowhere")
                        .partition("nosuch")
                        .script("true")
                        .build()));
        // the partitions are read once (sinfo) and checked before sbatch, which would say "invalid partition"
        assertTrue(
                e.getMessage().contains("no partition 'nosuch'")
                        && e.getMessage().contains("debug (default), short"),
                e.getMessage());
    }

    @Test
    void outputPatternsInAMissingFolderStillWork() throws Exception {
        JobStatus s = runToEnd(JobSpec.builder()
                .name("patterned")
                .workingDirectory("~/hpc-kernel-it/wd-" + System.nanoTime())
                .stdout("logs/%x-%j.log")
                .script("echo patterned")
                .build());
        assertEquals(JobState.COMPLETED, s.state(), s.toString());
        assertEquals("patterned\n", cluster.tail(s.id(), false, 1));
    }

    @Test
    void aDroppedConnectionIsReopenedAndNothingIsSubmittedTwice() throws Exception {
        String name = "after-drop-" + System.nanoTime();
        JobSpec spec = JobSpec.builder().name(name).script("true").build();
        JobDirectory dir = new JobDirectory(cluster.workRoot() + "/jobs/drop-" + System.nanoTime());
        JobId first = cluster.scheduler().submit(spec, dir).id();
        try {
            transport.inner.exec("kill -9 $PPID", Duration.ofSeconds(5)); // the server side of our session dies
        } catch (java.io.IOException cut) {
            // the kill may cut this very call
        }
        JobId again = cluster.scheduler().submit(spec, dir).id();
        assertEquals(first, again);
        String count = transport
                .inner
                .exec("squeue -h -t all -n " + name + " -o %i | wc -l", Duration.ofSeconds(30))
                .stdout()
                .strip();
        assertEquals("1", count);
    }
}
