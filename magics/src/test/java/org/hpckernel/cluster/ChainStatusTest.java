package org.hpckernel.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.hpckernel.cluster.slurm.SlurmScheduler;
import org.junit.jupiter.api.Test;

/** One state for a chain's links, from the verdicts its links wrote and the scheduler's word on the array. */
class ChainStatusTest {

    private static final JobId ID = JobId.of("123");

    private static JobStatus scheduler(JobState state, String reason) {
        return new JobStatus(ID, state, Optional.empty(), Optional.empty(), reason, JobStatus.Source.QUEUE);
    }

    @Test
    void beforeAnyLinkEndsTheChainIsWhatTheSchedulerSays() {
        JobStatus s = ChainStatus.of(ID, 3, scheduler(JobState.RUNNING, ""), "");
        assertEquals(JobState.RUNNING, s.state());
        assertEquals("chain 0/3 RUNNING", ChainStatus.label(s));
        assertEquals(
                "chain 0/3 PENDING",
                ChainStatus.label(ChainStatus.of(ID, 3, scheduler(JobState.PENDING, "Priority"), "")));
    }

    @Test
    void aTimeoutWithProgressKeepsTheChainRunningWhileTheNextLinkWaits() {
        // the array's parent reads TIMEOUT-then-PENDING on Slurm; the chain goes on
        JobStatus s = ChainStatus.of(
                ID,
                3,
                scheduler(JobState.PENDING, "JobArrayTaskLimit"),
                "1 next TIMEOUT time limit, with progress: HPC_CHAIN_STATE changed\n");
        assertEquals(JobState.RUNNING, s.state());
        assertEquals("chain 1/3 RUNNING", ChainStatus.label(s));
        assertEquals(
                "1/3 links ended: link 2 waiting to start; link 1: time limit, with progress: HPC_CHAIN_STATE changed",
                s.reason());
    }

    @Test
    void aLinkThatTouchedTheDoneFileCompletesTheChainWhateverTheCancelledLinksSay() {
        JobStatus s = ChainStatus.of(
                ID,
                3,
                scheduler(JobState.CANCELLED, "task 123_3: CANCELLED"),
                "1 next TIMEOUT time limit, with progress: HPC_CHAIN_STATE changed\n2 stop COMPLETED finished: the link touched HPC_CHAIN_DONE\n");
        assertEquals(JobState.COMPLETED, s.state());
        assertEquals(Optional.of(0), s.exitCode());
        assertEquals("chain 2/3 COMPLETED", ChainStatus.label(s));
        assertEquals(
                "2/3 links ended: link 2 finished the work (finished: the link touched HPC_CHAIN_DONE)", s.reason());
        assertEquals(JobStatus.Source.QUEUE, s.source(), "ended by the scheduler's word: not asked again");
    }

    @Test
    void aFailedLinkFailsTheChainWithItsExitCodeAndSaysWhichLinksWereCancelled() {
        JobStatus s = ChainStatus.of(ID, 3, scheduler(JobState.RUNNING, ""), "1 stop FAILED exit code 3\n");
        assertEquals(JobState.FAILED, s.state());
        assertEquals(Optional.of(3), s.exitCode());
        assertEquals("1/3 links ended: stopped at link 1: exit code 3; links 2-3 cancelled", s.reason());
        assertEquals(JobStatus.Source.EXIT_FILE, s.source(), "the scheduler has not confirmed the end yet");
    }

    @Test
    void aTimeoutWithoutProgressIsTimeout() {
        JobStatus s = ChainStatus.of(
                ID,
                2,
                scheduler(JobState.TIMEOUT, ""),
                "1 stop TIMEOUT time limit without progress: HPC_CHAIN_STATE (/j/chain.state) did not change during the link\n");
        assertEquals(JobState.TIMEOUT, s.state());
        assertEquals("chain 1/2 TIMEOUT", ChainStatus.label(s));
        assertTrue(FailureExplainer.suggestion(s, "")
                .startsWith("a link reached its time limit without changing HPC_CHAIN_STATE"));
    }

    @Test
    void runningOutOfLinksSaysTheWorkMayNotBeDone() {
        JobStatus s = ChainStatus.of(
                ID,
                2,
                scheduler(JobState.TIMEOUT, ""),
                "1 next TIMEOUT time limit, with progress: HPC_CHAIN_STATE changed\n2 end TIMEOUT time limit, with progress: HPC_CHAIN_STATE changed\n");
        assertEquals(JobState.TIMEOUT, s.state());
        assertEquals(
                "2/2 links ended: all 2 links ran; the last: time limit, with progress: HPC_CHAIN_STATE changed "
                        + "(the work may not be done: a new chain resumes with --env HPC_CHAIN_STATE=PATH)",
                s.reason());
        assertTrue(FailureExplainer.suggestion(s, "")
                .startsWith("every link ran and the last one reached its time limit"));
    }

    @Test
    void aChainCancelledAsAWholeIsCancelled() {
        JobStatus s = ChainStatus.of(
                ID, 3, scheduler(JobState.CANCELLED, "task 123_2: CANCELLED"), "1 next COMPLETED exit 0\n");
        assertEquals(JobState.CANCELLED, s.state());
        assertEquals("chain 1/3 CANCELLED", ChainStatus.label(s));
    }

    @Test
    void chainsAsTheLocalhostSlurmReportedThem() {
        // recorded live (see recorded/README.md): the array parents read CANCELLED (the later links were cancelled)
        Map<JobId, JobDirectory> jobs = new LinkedHashMap<>();
        jobs.put(JobId.of("3465"), new JobDirectory("/home/hpcuser/hpc-kernel-it/jobs/j3465"));
        jobs.put(JobId.of("3467"), new JobDirectory("/home/hpcuser/hpc-kernel-it/jobs/j3467"));
        Map<JobId, JobStatus> polled =
                new SlurmScheduler().parsePoll(RecordedTransport.recorded("slurm/poll-chain.txt"), jobs);
        assertEquals(JobState.CANCELLED, polled.get(JobId.of("3467")).state());

        JobStatus ok = ChainStatus.of(
                JobId.of("3465"), 3, polled.get(JobId.of("3465")), RecordedTransport.recorded("slurm/chain-3465.log"));
        assertEquals("chain 2/3 COMPLETED", ChainStatus.label(ok));
        JobStatus bad = ChainStatus.of(
                JobId.of("3467"), 3, polled.get(JobId.of("3467")), RecordedTransport.recorded("slurm/chain-3467.log"));
        assertEquals("chain 1/3 FAILED", ChainStatus.label(bad));
        assertEquals(Optional.of(3), bad.exitCode());
        assertEquals(
                JobStatus.Source.QUEUE, bad.source(), "the scheduler has seen the array end: the chain's end stands");
    }

    @Test
    void theLedgerKnowsAChainByItsStoredSpec() throws Exception {
        var json = new com.fasterxml.jackson.databind.ObjectMapper()
                .registerModule(new com.fasterxml.jackson.datatype.jdk8.Jdk8Module())
                .registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule());
        assertEquals(
                Optional.of(30),
                ChainStatus.links(json.writeValueAsString(
                        JobSpec.builder().chain(30).script("true").build())));
        // a param named chain is not a chain
        assertEquals(
                Optional.empty(),
                ChainStatus.links(json.writeValueAsString(
                        JobSpec.builder().param("chain", 5).script("true").build())));
        assertEquals(Optional.empty(), ChainStatus.links("{\"name\":\"stored before chains existed\"}"));
        assertEquals(
                "chain 2/3 COMPLETED", ChainStatus.label("COMPLETED", "2/3 links ended: link 2 finished the work"));
    }

    @Test
    void anUnknownArrayStaysUnknown() {
        JobStatus s = ChainStatus.of(ID, 3, JobStatus.unknown(ID, "status call failed"), "1 next COMPLETED exit 0\n");
        assertEquals(JobState.UNKNOWN, s.state());
    }
}
