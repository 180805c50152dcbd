package org.hpckernel.cluster.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.hpckernel.cluster.FailureExplainer;
import org.hpckernel.cluster.JobDirectory;
import org.hpckernel.cluster.JobId;
import org.hpckernel.cluster.JobState;
import org.hpckernel.cluster.JobStatus;
import org.hpckernel.cluster.NeverStarts;
import org.hpckernel.cluster.RecordedTransport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Pending reasons that mean "never": read from squeue rows recorded on the localhost Slurm 22.05.8
 * (poll-never-starts.txt) and, for reasons this cluster cannot produce, from hand-written rows using
 * Slurm 22.05's reason strings (job_reason_string, src/common/slurm_protocol_defs.c).
 */
class SlurmNeverStartsTest {

    private static Map<JobId, JobStatus> parse(String file, String... ids) {
        Map<JobId, JobDirectory> jobs = new LinkedHashMap<>();
        for (String id : ids) {
            jobs.put(JobId.of(id), new JobDirectory("/home/hpcuser/hpc-kernel/jobs/j" + id));
        }
        return SlurmStatusParser.parse(RecordedTransport.recorded("slurm/" + file), jobs);
    }

    @Test
    void recordedNeverStartsAreSettledWithWhatToDo() {
        var s = parse("poll-never-starts.txt", "73", "74", "81", "80");
        JobStatus time = s.get(JobId.of("73"));
        assertEquals(JobState.PENDING, time.state());
        assertEquals("PartitionTimeLimit (will never start)", time.reason());
        assertTrue(time.neverStarts() && time.isSettled());
        String advice = FailureExplainer.suggestion(time, "");
        assertTrue(
                advice.contains("--time is above the partition's MaxTime") && advice.contains("%hpc cancel 73"),
                advice);

        JobStatus config = s.get(JobId.of("74"));
        assertTrue(config.neverStarts(), config.reason());
        assertTrue(FailureExplainer.suggestion(config, "").contains("scontrol show partition"));

        JobStatus dependency = s.get(JobId.of("81"));
        assertTrue(dependency.neverStarts());
        assertTrue(FailureExplainer.suggestion(dependency, "").contains("afterany"));

        assertFalse(s.get(JobId.of("80")).neverStarts(), "a FAILED job is settled, not never-starting");
    }

    @Test
    void theWaitSummaryNamesTheReasonOnceAndWhatToDo() {
        JobStatus time = parse("poll-never-starts.txt", "73").get(JobId.of("73"));
        String text = FailureExplainer.explain(time, "");
        assertTrue(text.startsWith("Job 73 will never start: it is PENDING (PartitionTimeLimit)."), text);
        assertTrue(text.contains("Suggestion: its --time is above"), text);
    }

    @ParameterizedTest
    @CsvSource({
        "90,QOSMaxWallDurationPerJobLimit,sacctmgr show qos",
        "91,InvalidAccount,sacctmgr show assoc",
        "92,InvalidQOS,format=account,qos",
        "97,PartitionNodeLimit,--nodes",
        "98,AssocMaxWallDurationPerJobLimit,association"
    })
    void handWrittenNeverStartReasonsAreSettled(String id, String reason, String advice) {
        JobStatus s = parse("poll-never-starts-handmade.txt", id).get(JobId.of(id));
        assertEquals(reason + " (will never start)", s.reason());
        assertTrue(s.isSettled());
        assertTrue(FailureExplainer.suggestion(s, "").contains(advice), FailureExplainer.suggestion(s, ""));
    }

    @ParameterizedTest
    @CsvSource({
        "93,UnavailableNodes:gpu[07-08]",
        "94,Reserved for maintenance",
        "95,Resources",
        "96,Priority",
        "99,JobHeldAdmin"
    })
    void reasonsThatCanStillClearKeepTheWaitGoing(String id, String reason) {
        JobStatus s = parse("poll-never-starts-handmade.txt", id).get(JobId.of(id));
        assertEquals(JobState.PENDING, s.state());
        assertTrue(s.reason().contains(reason), s.reason());
        assertFalse(s.isSettled(), s.reason());
    }

    @Test
    void aMissingNodeGetsAHintButNoVerdict() {
        JobStatus s = parse("poll-never-starts-handmade.txt", "93").get(JobId.of("93"));
        String hint = FailureExplainer.suggestion(s, "");
        assertTrue(hint.contains("sinfo -N") && hint.contains("--nodelist"), hint);
    }

    @Test
    void reasonsAreMatchedAsWholeNames() {
        assertTrue(NeverStarts.reason("QOSMaxMemoryPerJob").isPresent());
        assertFalse(NeverStarts.reason("QOSMaxMemoryPerJobX").isPresent());
        assertFalse(NeverStarts.reason("Dependency").isPresent(), "an unfinished dependency is a normal wait");
        assertFalse(
                new JobStatus(
                                JobId.of("1"),
                                JobState.RUNNING,
                                java.util.Optional.empty(),
                                java.util.Optional.empty(),
                                "PartitionTimeLimit",
                                JobStatus.Source.QUEUE)
                        .neverStarts(),
                "only a pending job can never start");
    }
}
