package org.hpckernel.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.hpckernel.cluster.sge.SgeScheduler;
import org.hpckernel.cluster.slurm.SlurmScheduler;
import org.hpckernel.cluster.ssh.SshTransport;
import org.hpckernel.cluster.usage.JobUsage;
import org.hpckernel.cluster.usage.RightSizing;
import org.hpckernel.ledger.Ledger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A job that holds ~200 MB and burns 5 s of CPU time, on the localhost Slurm (sacct) and Grid Engine
 * (qacct): the efficiency read back shows that peak and that CPU time (its share of the elapsed time
 * depends on how busy the shared machine is, so that share is checked as computed, not bounded). Slurm samples memory every
 * JobAcctGatherFrequency seconds (30 here), so the job asks for a sample every second itself.
 */
class EfficiencyOverSshIT {

    private static final String BURN = """
            python3 - <<'PY'
            import time
            b = bytearray(200 * 1024 * 1024)
            for i in range(0, len(b), 4096):
                b[i] = 1
            t = time.process_time()
            while time.process_time() - t < 5:
                pass
            PY
            """;
    private static final long MIB = 1024L * 1024;

    private static SshTransport transport;
    private static Ledger ledger;

    @BeforeAll
    static void connect() throws Exception {
        transport = new SshTransport(TestCluster.target(), Prompter.NONE);
        ledger = Ledger.open(Files.createTempDirectory("hpc-ledger").resolve("ledger.db"));
    }

    @AfterAll
    static void disconnect() {
        transport.close();
        ledger.close();
    }

    private static Cluster cluster(String scheduler, BatchSystem system) {
        return new Cluster(
                SchedulerBehaviour.profile("eff-" + scheduler, scheduler, "~/hpc-kernel-it-eff"),
                transport,
                new BatchProtocol(system, transport),
                ledger);
    }

    @Test
    void slurmAndGridEngineShowThePeakAndABusyCpu() throws Exception {
        Cluster slurm = cluster("slurm", new SlurmScheduler());
        Cluster sge = cluster("sge", new SgeScheduler());
        JobSpec.Builder job = JobSpec.builder().name("burn").memory("1G").timeLimit(Duration.ofMinutes(10));
        JobId onSlurm = slurm.submit(
                job.script("#!/bin/bash\n#SBATCH --acctg-freq=task=1\n" + BURN).build());
        JobId onSge = sge.submit(job.script("#!/bin/bash\n" + BURN).build());
        for (var c : List.of(slurm, sge)) {
            JobId id = c == slurm ? onSlurm : onSge;
            JobStatus end = c.await(List.of(id), Duration.ofMinutes(5), s -> {}).get(id);
            assertEquals(JobState.COMPLETED, end.state(), end.toString());
            JobUsage u = usageOnceAccounted(c, id);
            long peak = u.peakMemory().orElseThrow(() -> new AssertionError("no memory peak: " + u));
            assertTrue(
                    peak > 190 * MIB && peak < 400 * MIB, c.scheduler().name() + " peak " + peak / MIB + " MiB: " + u);
            assertEquals(1024 * MIB, u.memoryRequest().orElseThrow(), u.toString());
            // the job burns 5 s of CPU time whatever the load; its efficiency is that over its (load-dependent) elapsed
            // time
            Duration cpu = u.cpuTime().orElseThrow();
            assertTrue(
                    cpu.compareTo(Duration.ofSeconds(5)) >= 0
                            && cpu.compareTo(u.elapsed().plusSeconds(1)) <= 0,
                    c.scheduler().name() + ": " + u);
            assertEquals(
                    cpu.toMillis() / (double) u.elapsed().toMillis(),
                    u.cpuEfficiency().orElseThrow(),
                    1e-9);
            assertEquals(Duration.ofMinutes(10), u.timeLimit().orElseThrow());
            // ~210-260 MB + 20%: 256M or 512M; a few seconds + 50%: the 5-minute floor
            assertTrue(
                    RightSizing.suggest(List.of(u))
                            .orElseThrow()
                            .matches("--mem (256|512)M --time 00:05:00 would have been enough .*"),
                    RightSizing.suggest(List.of(u)).orElseThrow());
        }
    }

    /** Accounting is written just after the end (slurmdbd's step records, Grid Engine's accounting file): ask a few times. */
    private static JobUsage usageOnceAccounted(Cluster c, JobId id) throws Exception {
        for (int i = 0; ; i++) {
            List<JobUsage> used = c.usage(List.of(id));
            if (!used.isEmpty() && used.get(0).peakMemory().isPresent() || i == 20) {
                assertEquals(1, used.size(), used.toString());
                return used.get(0);
            }
            Thread.sleep(1000);
        }
    }
}
