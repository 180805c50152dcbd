package org.hpckernel.cluster.pjm;

import static org.hpckernel.cluster.RecordedTransport.recorded;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hpckernel.cluster.HpcOpsRequest;
import org.hpckernel.cluster.JobId;
import org.hpckernel.cluster.JobSpec;
import org.hpckernel.cluster.JobState;
import org.hpckernel.cluster.JobStatus;
import org.hpckernel.cluster.RecordedSchedulerBehaviour;
import org.hpckernel.cluster.RecordedTransport;
import org.hpckernel.cluster.Scheduler;
import org.hpckernel.cluster.Transport;
import org.junit.jupiter.api.Test;

/** Fujitsu PJM against outputs reconstructed from the Fugaku guide and HPC-Ops (see recorded/README.md). */
class PjmRecordedTest extends RecordedSchedulerBehaviour {

    @Override
    protected Scheduler scheduler(Transport transport) {
        return new org.hpckernel.cluster.BatchProtocol(new PjmScheduler(), transport);
    }

    @Override
    protected void recordSubmit(RecordedTransport t) {
        t.onSubmit("pjsub ", 0, recorded("pjm/pjsub.out"), "");
    }

    @Override
    protected JobId submittedId() {
        return JobId.of("12345");
    }

    @Override
    protected String submitCommandStart() {
        return "&& pjsub '\\''";
    }

    @Override
    protected String pollCommandStart() {
        return "pjstat -E ";
    }

    @Override
    protected String recordedPollOutput() {
        return recorded("pjm/pjstat.txt") + "@@pjstat 0\n" + recorded("pjm/pjstat-H-ec.txt")
                + recorded("pjm/pjstat-H.txt") + "@@pjstat-H 0\n";
    }

    @Override
    protected Map<JobId, JobState> expectedStates() {
        Map<JobId, JobState> m = new LinkedHashMap<>();
        m.put(JobId.of("12347"), JobState.PENDING);
        m.put(JobId.of("12348"), JobState.RUNNING);
        m.put(JobId.of("12346"), JobState.RUNNING);
        m.put(JobId.of("12346[2]"), JobState.PENDING);
        m.put(JobId.of("12345"), JobState.COMPLETED);
        m.put(JobId.of("12349"), JobState.CANCELLED);
        m.put(JobId.of("12350"), JobState.FAILED);
        m.put(JobId.of("12351"), JobState.FAILED);
        return m;
    }

    @Override
    protected JobId failedWithExit3() {
        return JobId.of("12351");
    }

    @Override
    protected String expectedCancelCommand(JobId id) {
        return "pjdel '" + id.value() + "'";
    }

    @Override
    protected List<String> arrayAndDependencyLines() {
        return List.of("#PJM --bulk --sparam 1-4", "#PJM --step --sparam jid=12345,sd=ec!=0:all");
    }

    @Test
    void anHpcOpsRequestBecomesTheGenkaiPjsubLine() throws IOException {
        // HPC-Ops: rscgrp is .env's RESOURCE_GROUP (the partition); group/project are W&B names, not -L/-g
        JobSpec spec = HpcOpsRequest.apply(
                        "{\"node\": 1, \"vnode_core\": 4, \"gpu\": 1, \"elapse\": \"01:00:00\", \"group\": \"exp\","
                                + " \"project\": \"gk77\", \"run\": \"r1\"}",
                        JobSpec.builder())
                .name("train")
                .partition("b-batch")
                .build();
        RecordedTransport t = new RecordedTransport().onSubmit("pjsub", 0, recorded("pjm/pjsub.out"), "");
        new org.hpckernel.cluster.BatchProtocol(new PjmScheduler(), t).submit(spec, DIR);
        String script = new String(t.files.get(DIR.script()), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(
                script.contains(
                        "#PJM -L rscgrp=b-batch,node=1,vnode-core=4,gpu=1,elapse=01:00:00\n#PJM -N train\n#PJM -j\n#PJM -o "
                                + DIR.logs() + "/pjm.out\n"),
                script);
        assertTrue(t.lastCommand().contains("pjsub '\\''" + DIR.script()), t.lastCommand());
    }

    @Test
    void anEndedJobWithoutAnExitCodeColumnWaitsForItsExitFile() {
        String out = "@@pjstat 0\n" + recorded("pjm/pjstat-H.txt") + "@@pjstat-H 0\n";
        assertEquals(
                JobState.UNKNOWN,
                PjmStatusParser.parse(out, Map.of(JobId.of("12345"), DIR))
                        .get(JobId.of("12345"))
                        .state());
        String exit = "@@exit " + DIR.exitFile(Optional.empty())
                + " {\"exit_code\":0,\"signal\":0,\"end\":\"x\",\"host\":\"n1\"}\n";
        JobStatus s = PjmStatusParser.parse(out + exit, Map.of(JobId.of("12345"), DIR))
                .get(JobId.of("12345"));
        assertEquals(JobState.COMPLETED, s.state());
        assertEquals(JobStatus.Source.EXIT_FILE, s.source());
    }

    @Test
    void columnsAreFoundByNameWhateverTheirOrderAndDatesKeepTheirBlank() {
        String reordered =
                "ST  JOB_ID  START_DATE      JOB_NAME\nRUN 500     11/17 09:01:41  a\nQUE 501     -               b\n";
        Map<String, JobStatus> rows = PjmStatusParser.table(reordered);
        assertEquals(JobState.RUNNING, rows.get("500").state());
        assertEquals(JobState.PENDING, rows.get("501").state());
        assertEquals(
                List.of("12348", "train", "NM", "RUN", "alice", "11/17 09:01:41"),
                PjmStatusParser.values("12348      train      NM RUN alice    11/17 09:01:41")
                        .subList(0, 6));
    }

    @Test
    void bulkSubJobsAreIndexedAndTheirLogsAreTheJobsOwn() throws IOException {
        assertEquals(2, JobId.of("12346[2]").arrayIndex().orElseThrow());
        RecordedTransport t = new RecordedTransport();
        t.write(DIR.logs() + "/stdout.2", "task 2\n".getBytes(), 0644);
        String script = new org.hpckernel.cluster.BatchProtocol(new PjmScheduler(), t)
                .render(
                        JobSpec.builder()
                                .name("x")
                                .script("true")
                                .array(JobSpec.ArraySpec.parse("1-3"))
                                .build(),
                        DIR);
        t.write(DIR.script(), script.getBytes(), 0755);
        assertEquals(
                "task 2\n",
                new org.hpckernel.cluster.BatchProtocol(new PjmScheduler(), t)
                        .logs(JobId.of("12346[2]"), DIR, false, 0)
                        .text());
        assertTrue(
                script.contains("exec >> \"$HPC_JOB_DIR/logs/stdout${HPC_ARRAY_TASK_ID:+.$HPC_ARRAY_TASK_ID}\" "
                        + "2>> \"$HPC_JOB_DIR/logs/stderr${HPC_ARRAY_TASK_ID:+.$HPC_ARRAY_TASK_ID}\"\n"),
                script);
    }
}
