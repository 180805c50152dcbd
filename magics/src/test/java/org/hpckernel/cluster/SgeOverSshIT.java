package org.hpckernel.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.hpckernel.cluster.ssh.SshTransport;
import org.hpckernel.session.Schedulers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real Grid Engine 8.1.9 on localhost ({@code install/test-sge.sh up}), reached over the real SSH
 * of {@code install/test-cluster.sh up} as the test user: the same behaviour suite as Slurm.
 */
class SgeOverSshIT extends SchedulerBehaviour {

    private static CountingTransport transport;
    private static Cluster cluster;

    @BeforeAll
    static void connect() throws Exception {
        transport = new CountingTransport(new SshTransport(TestCluster.target(), Prompter.NONE));
        ExecResult up = transport.inner.exec("timeout 10 qstat -xml >/dev/null", Duration.ofSeconds(20));
        if (!up.ok()) {
            throw new IllegalStateException(
                    "Grid Engine does not answer (" + up.stderr().strip() + "): run `sudo install/test-sge.sh up` "
                            + "after `sudo install/test-cluster.sh up`");
        }
        cluster = new Cluster(
                profile("testsge", "sge", "~/hpc-kernel-it-sge"),
                transport,
                Schedulers.create("sge", transport, null),
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
    void aChainResumesAfterATimeoutAndStopsOnAFailure() throws Exception {
        // h_rt kills link 1 with SIGKILL (no trap): link 2 judges it by its start and the state file
        chainsResumeAfterATimeoutAndStopOnAFailure(Duration.ofSeconds(5), ENDS_WITHIN);
    }

    @Test
    void aJobPastItsHardRunTimeEndsInTimeout() throws Exception {
        JobStatus s = runToEnd(JobSpec.builder()
                .name("slowpoke")
                .timeLimit(Duration.ofSeconds(5))
                .script("sleep 600")
                .build());
        assertEquals(JobState.TIMEOUT, s.state(), s.toString());
        assertEquals(JobStatus.Source.ACCOUNTING, s.source());
    }

    @Test
    void anArrayStartingAtZeroSeesTheIndicesItAskedFor() throws Exception {
        JobStatus s = runToEnd(JobSpec.builder()
                .name("zero")
                .array(JobSpec.ArraySpec.parse("0-1"))
                .script("echo index $HPC_ARRAY_TASK_ID")
                .build());
        assertEquals(JobState.COMPLETED, s.state(), s.toString());
        assertEquals("index 0\n", cluster.tail(JobId.of(s.id().value() + "_0"), false, 1));
        assertEquals("index 1\n", cluster.tail(JobId.of(s.id().value() + "_1"), false, 1));
    }

    @Test
    void aRejectedSubmissionSaysWhyAndWhatToDo() {
        var e = assertThrows(
                SubmitFailed.class,
                () -> cluster.submit(JobSpec.builder()
                        .name("nowhere")
                        .partition("nosuch.q")
                        .script("true")
                        .build()));
        assertTrue(
                e.getMessage().contains("Grid Engine (qsub)") && e.getMessage().contains("qconf"), e.getMessage());
    }

    @Test
    void theProbeReportsArraysAccountingAndTheDefaultQueue() throws Exception {
        SchedulerProbe.Capabilities c = SchedulerProbe.probe(cluster, ENDS_WITHIN);
        assertEquals(JobState.COMPLETED, c.tinyJob(), c.describe());
        assertTrue(c.arrays() && c.accounting(), c.describe());
        assertEquals("all.q", c.defaultQueue(), c.describe());
    }
}
