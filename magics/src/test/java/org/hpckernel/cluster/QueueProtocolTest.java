package org.hpckernel.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.hpckernel.cluster.pbs.PbsScheduler;
import org.hpckernel.cluster.pjm.PjmScheduler;
import org.hpckernel.cluster.slurm.SlurmScheduler;
import org.junit.jupiter.api.Test;

/** The protocol's queue, partitions and dry run over recorded answers: one command each, errors said as the scheduler's. */
class QueueProtocolTest {

    @Test
    void thePbsQueueIsOneCommandAndItsJobsAreRead() throws IOException {
        RecordedTransport t =
                new RecordedTransport().on("qselect", 0, RecordedTransport.recorded("pbs/qstat-f-aiida-pbspro.txt"));
        List<QueuedJob> jobs = new BatchProtocol(new PbsScheduler(), t)
                .queue(true, Optional.empty())
                .orElseThrow();
        assertEquals(1, t.commands.size());
        assertEquals(6, jobs.size());
    }

    @Test
    void aQueryThatFailsSilentlyIsTheSchedulersErrorNotAnEmptyQueue() {
        RecordedTransport t = new RecordedTransport()
                .onError("squeue", 1, "slurm_load_jobs error: Unable to contact slurm controller (connect failure)\n");
        var e = assertThrows(
                IOException.class, () -> new BatchProtocol(new SlurmScheduler(), t).queue(false, Optional.empty()));
        assertEquals(
                "Slurm (sbatch) did not list its queue: slurm_load_jobs error: Unable to contact slurm controller (connect failure)",
                e.getMessage());
    }

    @Test
    void pjmRefusesAPartitionItCannotFilterBy() {
        var e = assertThrows(
                IllegalArgumentException.class,
                () -> new BatchProtocol(new PjmScheduler(), new RecordedTransport())
                        .queue(false, Optional.of("small")));
        assertTrue(e.getMessage().contains("resource group"), e.getMessage());
    }

    @Test
    void aDryRunChecksTheLimitsThenAsksSlurmWithAScratchScriptItRemoves() throws IOException {
        RecordedTransport t = new RecordedTransport()
                .on("%P|%l|%m|%D|%G|%a", 0, RecordedTransport.recorded("slurm/sinfo-partitions.txt"))
                .on("sbatch --test-only", 0, RecordedTransport.recorded("slurm/sbatch-test-only.err"));
        BatchProtocol slurm = new BatchProtocol(new SlurmScheduler(), t);
        JobSpec spec = JobSpec.builder()
                .name("dry")
                .timeLimit(Duration.ofMinutes(1))
                .script("true")
                .build();
        Optional<String> start = slurm.dryRun(
                spec, new JobDirectory("/home/alice/hpc-kernel/jobs/<new job>"), "/home/alice/hpc-kernel/dry-run/x.sh");
        assertTrue(
                start.orElseThrow().startsWith("Slurm estimates it would start at 2026-11-29 19:28:41"),
                start.toString());
        assertTrue(new String(t.files.get("/home/alice/hpc-kernel/dry-run/x.sh")).contains("#SBATCH --job-name=dry"));
        assertTrue(
                t.lastCommand()
                                .contains(
                                        "timeout 10 sh -c 'sbatch --test-only '\\''/home/alice/hpc-kernel/dry-run/x.sh'\\'' 2>&1'")
                        && t.lastCommand().endsWith("; rm -f '/home/alice/hpc-kernel/dry-run/x.sh'"),
                t.lastCommand());
        JobSpec tooLong = spec.toBuilder()
                .partition("short")
                .timeLimit(Duration.ofMinutes(20))
                .build();
        var e = assertThrows(SubmitFailed.class, () -> slurm.dryRun(tooLong, new JobDirectory("/x"), "/y.sh"));
        assertTrue(e.getMessage().contains("never start"), e.getMessage());
    }
}
