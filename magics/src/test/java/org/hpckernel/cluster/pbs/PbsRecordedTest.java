package org.hpckernel.cluster.pbs;

import static org.hpckernel.cluster.RecordedTransport.recorded;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hpckernel.cluster.JobId;
import org.hpckernel.cluster.JobSpec;
import org.hpckernel.cluster.JobState;
import org.hpckernel.cluster.JobStatus;
import org.hpckernel.cluster.RecordedSchedulerBehaviour;
import org.hpckernel.cluster.RecordedTransport;
import org.hpckernel.cluster.Scheduler;
import org.hpckernel.cluster.Transport;
import org.junit.jupiter.api.Test;

/** PBS Pro / OpenPBS against outputs reconstructed from its documentation (see recorded/README.md). */
class PbsRecordedTest extends RecordedSchedulerBehaviour {

    @Override
    protected Scheduler scheduler(Transport transport) {
        return new org.hpckernel.cluster.BatchProtocol(new PbsScheduler(), transport);
    }

    @Override
    protected void recordSubmit(RecordedTransport t) {
        t.onSubmit("qsub ", 0, recorded("pbs/qsub.out"), "");
    }

    @Override
    protected JobId submittedId() {
        return JobId.of("4242.pbs-server");
    }

    @Override
    protected String submitCommandStart() {
        return "&& qsub '\\''";
    }

    @Override
    protected String pollCommandStart() {
        return "_o=$(qstat -t -f -F json -x ";
    }

    @Override
    protected String recordedPollOutput() {
        return recorded("pbs/qstat-f-F-json-x.json") + "\n@@json 0\n";
    }

    @Override
    protected Map<JobId, JobState> expectedStates() {
        Map<JobId, JobState> m = new LinkedHashMap<>();
        m.put(JobId.of("4242.pbs-server"), JobState.COMPLETED);
        m.put(JobId.of("4244.pbs-server"), JobState.FAILED);
        m.put(JobId.of("4245.pbs-server"), JobState.TIMEOUT);
        m.put(JobId.of("4246.pbs-server"), JobState.CANCELLED);
        m.put(JobId.of("4247.pbs-server"), JobState.PENDING);
        m.put(JobId.of("4248.pbs-server"), JobState.RUNNING);
        m.put(JobId.of("4243[].pbs-server"), JobState.RUNNING);
        m.put(JobId.of("4243[2].pbs-server"), JobState.FAILED);
        return m;
    }

    @Override
    protected JobId failedWithExit3() {
        return JobId.of("4244.pbs-server");
    }

    @Override
    protected String expectedCancelCommand(JobId id) {
        return "qdel '" + id.value() + "'";
    }

    @Override
    protected List<String> arrayAndDependencyLines() {
        return List.of("#PBS -J 1-4%2", "#PBS -W depend=afterok:4242.pbs-server");
    }

    @Test
    void anArrayParentComesBackWithItsSubjobs() throws IOException {
        RecordedTransport t = new RecordedTransport().on("qstat", 0, recordedPollOutput());
        Map<JobId, JobStatus> s = new org.hpckernel.cluster.BatchProtocol(new PbsScheduler(), t)
                .poll(Map.of(JobId.of("4243[].pbs-server"), DIR));
        assertEquals(JobState.COMPLETED, s.get(JobId.of("4243[1].pbs-server")).state());
        assertEquals(JobState.FAILED, s.get(JobId.of("4243[2].pbs-server")).state());
        assertEquals(JobState.RUNNING, s.get(JobId.of("4243[3].pbs-server")).state());
        assertEquals(2, JobId.of("4243[2].pbs-server").arrayIndex().orElseThrow());
    }

    @Test
    void withoutJsonTheBriefTableIsReadByColumnNamesAndFinishedJobsWaitForTheExitFile() {
        String out = "@@err "
                + recorded("pbs/qstat-json-unsupported.err").lines().findFirst().orElse("") + "\n"
                + recorded("pbs/qstat-x.txt") + "@@brief 0\n";
        Map<JobId, JobStatus> s = PbsStatusParser.parse(
                out,
                Map.of(
                        JobId.of("4242.pbs-server"),
                        DIR,
                        JobId.of("4247.pbs-server"),
                        DIR,
                        JobId.of("4248.pbs-server"),
                        DIR));
        assertEquals(JobState.PENDING, s.get(JobId.of("4247.pbs-server")).state());
        assertEquals(JobState.RUNNING, s.get(JobId.of("4248.pbs-server")).state());
        assertEquals(
                JobState.UNKNOWN,
                s.get(JobId.of("4242.pbs-server")).state(),
                "F without an exit status is not success");
        String exit = "@@exit " + DIR.exitFile(java.util.Optional.empty())
                + " {\"exit_code\":3,\"signal\":0,\"end\":\"x\",\"host\":\"n1\"}\n";
        JobStatus decided = PbsStatusParser.parse(out + exit, Map.of(JobId.of("4242.pbs-server"), DIR))
                .get(JobId.of("4242.pbs-server"));
        assertEquals(JobState.FAILED, decided.state());
        assertEquals(3, decided.exitCode().orElseThrow());
    }

    @Test
    void thePollCommandFallsBackToTheBriefListingInTheSameCall() {
        String cmd = new PbsScheduler().pollCommand(Map.of(JobId.of("4242.pbs-server"), DIR));
        assertTrue(
                cmd.contains("qstat -t -f -F json -x '4242.pbs-server'")
                        && cmd.contains("qstat -t -x '4242.pbs-server'"),
                cmd);
    }

    @Test
    void resourcesRenderAsOneSelectChunkAndWalltime() {
        String s = new org.hpckernel.cluster.BatchProtocol(new PbsScheduler(), new RecordedTransport())
                .render(
                        JobSpec.builder()
                                .name("gpu")
                                .script("true")
                                .nodes(2)
                                .tasks(8)
                                .cpusPerTask(2)
                                .gpus(JobSpec.Gpus.parse("a100:1"))
                                .memory("16G")
                                .timeLimit(Duration.ofHours(2))
                                .partition("workq")
                                .build(),
                        DIR);
        assertTrue(s.contains("#PBS -l select=2:ncpus=8:mpiprocs=4:ngpus=1:mem=16gb\n"), s);
        assertTrue(s.contains("#PBS -l walltime=02:00:00\n") && s.contains("#PBS -q workq\n"), s);
    }

    /** ohtaman/docker-compose-hpc home/examples/{job,mnist,mpi}.sh directive lines. */
    @Test
    void theDirectivesOfDockerComposeHpcExamplesAreKeptAndRead() {
        String mpi =
                "#!/bin/sh\n#PBS -q workq\n#PBS -l nodes=2:ppn=2\n#PBS -l mem=2G\n\nmodule load mpi\nmpirun hostname";
        String rendered = new org.hpckernel.cluster.BatchProtocol(new PbsScheduler(), new RecordedTransport())
                .render(JobSpec.builder().name("mpi").script(mpi).build(), DIR);
        assertTrue(
                rendered.contains("#PBS -q workq\n")
                        && rendered.contains("#PBS -l nodes=2:ppn=2\n")
                        && rendered.contains("#PBS -l mem=2G\n"),
                rendered);
        assertFalse(rendered.contains("select="), "the user's nodes= stays alone: " + rendered);
        JobSpec read = JobSpec.builder().script(mpi).build();
        assertEquals("workq", read.partition().orElseThrow());
        assertEquals(2, read.resources().nodes().orElseThrow());
        assertEquals(2, read.resources().tasksPerNode().orElseThrow(), "ppn counts processes per node");
        assertEquals("2G", read.resources().memory().orElseThrow());

        String job = "#!/bin/sh\n#PBS -q workq\n#PBS -l mem=2G\n\nsleep 10\nhostname\n";
        String withTime = new org.hpckernel.cluster.BatchProtocol(new PbsScheduler(), new RecordedTransport())
                .render(
                        JobSpec.builder()
                                .name("job")
                                .script(job)
                                .timeLimit(Duration.ofMinutes(10))
                                .build(),
                        DIR);
        assertTrue(
                withTime.contains("#PBS -l mem=2G\n")
                        && withTime.contains("#PBS -l walltime=00:10:00\n")
                        && !withTime.contains("select="),
                withTime);
        String mnist =
                "#!/bin/sh\n#PBS -q workq\n#PBS -l nodes=1:ppn=1\n#PBS -l mem=2G\n\ncd \"${PBS_O_WORKDIR:-$(pwd)}\"\npython mnist.py";
        assertEquals(
                1, JobSpec.builder().script(mnist).build().resources().nodes().orElseThrow());
    }

    @Test
    void anArrayParentDependencyUsesAfterokarray() {
        assertEquals(
                "afterokarray:4243[].pbs-server",
                PbsScheduler.depend(
                        new JobSpec.Dependency(JobSpec.Dependency.Kind.AFTER_OK, JobId.of("4243[].pbs-server"))));
        assertEquals(
                JobId.of("4243[].pbs-server"),
                new PbsScheduler()
                        .parseSubmitted(recorded("pbs/qsub-array.out"))
                        .orElseThrow());
    }
}
