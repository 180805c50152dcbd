package org.hpckernel.cluster.sge;

import static org.hpckernel.cluster.RecordedTransport.recorded;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hpckernel.cluster.JobDirectory;
import org.hpckernel.cluster.JobId;
import org.hpckernel.cluster.JobSpec;
import org.hpckernel.cluster.JobState;
import org.hpckernel.cluster.JobStatus;
import org.hpckernel.cluster.RecordedSchedulerBehaviour;
import org.hpckernel.cluster.RecordedTransport;
import org.hpckernel.cluster.Scheduler;
import org.hpckernel.cluster.Transport;
import org.junit.jupiter.api.Test;

/** Grid Engine against outputs captured from this project's real Grid Engine 8.1.9 (see recorded/README.md). */
class SgeRecordedTest extends RecordedSchedulerBehaviour {

    @Override
    protected Scheduler scheduler(Transport transport) {
        return new org.hpckernel.cluster.BatchProtocol(new SgeScheduler(), transport);
    }

    @Override
    protected void recordSubmit(RecordedTransport t) {
        t.onSubmit("qsub -terse", 0, recorded("sge/qsub-terse.out"), "");
    }

    @Override
    protected JobId submittedId() {
        return JobId.of("1");
    }

    @Override
    protected String submitCommandStart() {
        return "qsub -terse ";
    }

    @Override
    protected String pollCommandStart() {
        return "_q=$(qstat -xml -g d -u \"$(id -un)\"";
    }

    /** After the jobs left the queue: qstat lists none, qacct has their records. */
    @Override
    protected String recordedPollOutput() {
        return recorded("sge/qstat-xml-empty.xml") + "@@qstat 0\n"
                + "@@qacct 1\n" + recorded("sge/qacct-failed.txt") + "@@qacct-rc 0\n"
                + "@@qacct 2\n" + recorded("sge/qacct-array.txt") + "@@qacct-rc 0\n"
                + "@@qacct 4\n" + recorded("sge/qacct-qdel-running.txt") + "@@qacct-rc 0\n"
                + "@@qacct 5\n" + recorded("sge/qacct-h_rt.txt") + "@@qacct-rc 0\n"
                + "@@qacct 777777\n" + recorded("sge/qacct-unknown.txt") + "@@qacct-rc 1\n";
    }

    @Override
    protected Map<JobId, JobState> expectedStates() {
        Map<JobId, JobState> m = new LinkedHashMap<>();
        m.put(JobId.of("1"), JobState.FAILED);
        m.put(JobId.of("2"), JobState.COMPLETED);
        m.put(JobId.of("2_3"), JobState.COMPLETED);
        m.put(JobId.of("4"), JobState.CANCELLED);
        m.put(JobId.of("5"), JobState.TIMEOUT);
        return m;
    }

    @Override
    protected JobId failedWithExit3() {
        return JobId.of("1");
    }

    @Override
    protected String expectedCancelCommand(JobId id) {
        return "qdel " + id.value();
    }

    @Override
    protected List<String> arrayAndDependencyLines() {
        return List.of("#$ -t 2-5", "#$ -tc 2", "#$ -hold_jid 1");
    }

    @Test
    void whileJobsLiveQstatGivesRunningPendingHeldAndEveryArrayTask() throws IOException {
        String out = recorded("sge/qstat-xml-g-d.xml") + "@@qstat 0\n";
        Map<JobId, JobDirectory> jobs = new LinkedHashMap<>();
        for (String id : List.of("1", "2", "3")) {
            jobs.put(JobId.of(id), DIR);
        }
        Map<JobId, JobStatus> s = SgeStatusParser.parse(out, jobs);
        assertEquals(JobState.RUNNING, s.get(JobId.of("1")).state());
        assertEquals(JobState.RUNNING, s.get(JobId.of("2")).state(), "an array with a running task runs");
        assertEquals(JobState.RUNNING, s.get(JobId.of("2_0")).state(), "Grid Engine task 1 is index 0 here");
        assertEquals(JobState.PENDING, s.get(JobId.of("2_3")).state());
        assertEquals(JobState.PENDING, s.get(JobId.of("3")).state());
        JobStatus held = SgeStatusParser.parse(
                        recorded("sge/qstat-xml-hold.xml") + "@@qstat 0\n", Map.of(JobId.of("6"), DIR))
                .get(JobId.of("6"));
        assertEquals(JobState.PENDING, held.state());
        assertTrue(held.reason().contains("held"), held.reason());
    }

    @Test
    void theRangeFormOfPendingTasksIsExpanded() {
        Map<String, JobStatus> q = SgeStatusParser.parseQstatXml(recorded("sge/qstat-xml-running.xml"));
        assertEquals(List.of("1", "2_0", "2_1", "2_2", "2_3", "3"), List.copyOf(q.keySet()));
    }

    @Test
    void aJobGoneFromTheQueueButNotYetInAccountingIsUnknownNotDone() throws IOException {
        String out =
                recorded("sge/qstat-xml-empty.xml") + "@@qstat 0\n@@qacct 3\nerror: job id 3 not found\n@@qacct-rc 1\n";
        JobStatus s = SgeStatusParser.parse(out, Map.of(JobId.of("3"), DIR)).get(JobId.of("3"));
        assertEquals(JobState.UNKNOWN, s.state());
        assertTrue(s.reason().contains("qacct"), s.reason());
    }

    @Test
    void aFailedQstatIsUnknownEvenWithAccountingSilent() {
        String out = "error: commlib error: got select error (Connection refused)\n@@qstat 1\n";
        JobStatus s = SgeStatusParser.parse(out, Map.of(JobId.of("1"), DIR)).get(JobId.of("1"));
        assertEquals(JobState.UNKNOWN, s.state());
        assertTrue(s.reason().contains("Connection refused"), s.reason());
    }

    @Test
    void qacctIsAskedOnlyForJobsTheQueueNoLongerShows() {
        String cmd = new SgeScheduler().pollCommand(Map.of(JobId.of("7"), DIR));
        assertTrue(cmd.contains("*\"<JB_job_number>$j</JB_job_number>\"*) ;;"), cmd);
        assertTrue(cmd.contains("qacct -j \"$j\""), cmd);
    }

    @Test
    void terseArrayIdsGiveTheJobNumberAndTasksAreCancelledOneByOne() {
        assertEquals(
                JobId.of("2"),
                new SgeScheduler()
                        .parseSubmitted(recorded("sge/qsub-terse-array.out"))
                        .orElseThrow());
        assertEquals("qdel 2 -t 4", new SgeScheduler().cancelCommand(List.of(JobId.of("2_3"))));
    }

    @Test
    void aJobCarriesItsTokenInItsContextAndIsFoundByItInQstat() {
        SgeScheduler sge = new SgeScheduler();
        String script = new org.hpckernel.cluster.BatchProtocol(sge, new RecordedTransport())
                .render(JobSpec.builder().name("t").script("true").build(), DIR);
        assertTrue(script.contains("#$ -ac hpck=" + org.hpckernel.cluster.BatchProtocol.token(DIR) + "\n"), script);
        String qstat = recorded("sge/qstat-j-lookup.out");
        assertEquals(java.util.Optional.of(JobId.of("251")), sge.parseLookup(qstat, "0123456789abcdef"));
        assertEquals(
                java.util.Optional.of(JobId.of("252")),
                sge.parseLookup(qstat, "fedcba9876543210"),
                "an array, beside another context variable");
        assertEquals(java.util.Optional.empty(), sge.parseLookup(qstat, "0123456789abcde"), "a token is matched whole");
        String none = recorded("sge/qstat-j-lookup-none.out");
        assertEquals(java.util.Optional.empty(), sge.parseLookup(none, "0123456789abcdef"));
        // a full answer (jobs, or none) lets a long-missing job count as not submitted; a silent qmaster does not
        assertTrue(sge.lookupAnswered(qstat) && sge.lookupAnswered(none));
        assertTrue(
                !sge.lookupAnswered("@@qstat 124\n") && !sge.lookupAnswered("@@qstat 1\n"),
                "qstat timed out, or failed otherwise");
    }

    @Test
    void resourcesBecomeHrtVmemAndAParallelEnvironment() {
        String s = new org.hpckernel.cluster.BatchProtocol(new SgeScheduler(), new RecordedTransport())
                .render(
                        JobSpec.builder()
                                .name("big")
                                .script("true")
                                .cpusPerTask(4)
                                .memory("2G")
                                .timeLimit(java.time.Duration.ofMinutes(5))
                                .partition("all.q")
                                .build(),
                        DIR);
        assertTrue(
                s.contains("#$ -pe smp 4\n")
                        && s.contains("#$ -l h_vmem=2G\n")
                        && s.contains("#$ -l h_rt=00:05:00\n")
                        && s.contains("#$ -q all.q\n"),
                s);
    }

    @Test
    void logsResolveGridEngineNamesForJobsAndTasks() {
        assertEquals(
                "/d/logs/arr.o2.4",
                new SgeScheduler()
                        .logPath(
                                "/d/logs/$JOB_NAME.o$JOB_ID.$TASK_ID",
                                "arr",
                                JobId.of("2_3"),
                                "alice",
                                java.util.Optional.empty()));
        assertEquals(
                "/d/logs/one.o9",
                new SgeScheduler()
                        .logPath(
                                "/d/logs/$JOB_NAME.o$JOB_ID",
                                "one",
                                JobId.of("9"),
                                "alice",
                                java.util.Optional.empty()));
    }
}
