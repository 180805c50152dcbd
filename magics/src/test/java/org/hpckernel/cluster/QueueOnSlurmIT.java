package org.hpckernel.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.hpckernel.cluster.slurm.SlurmScheduler;
import org.hpckernel.cluster.ssh.SshTransport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** %hpc queue, partitions and the dry run's estimate on the localhost Slurm (install/test-cluster.sh up), over real SSH. */
class QueueOnSlurmIT {

    private static CountingTransport transport;
    private static Cluster cluster;

    @BeforeAll
    static void connect() throws Exception {
        transport = new CountingTransport(new SshTransport(TestCluster.target(), Prompter.NONE));
        cluster = new Cluster(
                SchedulerBehaviour.profile("queueslurm", "slurm", "~/hpc-kernel-it"),
                transport,
                new BatchProtocol(new SlurmScheduler(), transport),
                SchedulerBehaviour.newLedger());
    }

    @AfterAll
    static void disconnect() {
        transport.close();
    }

    @Test
    void heldAndLaterJobsArePendingWithTheirReasonsAndTheLaterOneHasItsStart() throws Exception {
        JobId held = cluster.submit(JobSpec.builder()
                .name("q-held")
                .timeLimit(Duration.ofMinutes(1))
                .script("#!/bin/bash\n#SBATCH --hold\ntrue")
                .build());
        JobId later = cluster.submit(JobSpec.builder()
                .name("q-later")
                .timeLimit(Duration.ofMinutes(1))
                .script("#!/bin/bash\n#SBATCH --begin=now+1hour\ntrue")
                .build());
        try {
            int before = transport.execs.get();
            List<QueuedJob> mine = cluster.queue(false, Optional.empty());
            assertEquals(1, transport.execs.get() - before, "one remote call");
            QueuedJob h = find(mine, held);
            assertEquals(JobState.PENDING, h.state());
            assertEquals("JobHeldUser", h.reason());
            assertEquals("q-held", h.name());
            QueuedJob l = find(mine, later);
            assertEquals("BeginTime", l.reason());
            assertTrue(l.start().isPresent(), l.toString());
            assertEquals(Optional.of(Duration.ofMinutes(1)), l.timeLeft());
            assertTrue(cluster.queue(true, Optional.of("debug")).stream().anyMatch(j -> j.id().equals(held.value())));
            assertTrue(cluster.queue(false, Optional.of("short")).stream().noneMatch(j -> j.id().equals(held.value())));
        } finally {
            cluster.cancel(List.of(held, later));
        }
    }

    @Test
    void anUnknownPartitionIsSlurmsOwnError() {
        var e = assertThrows(java.io.IOException.class, () -> cluster.queue(false, Optional.of("nosuch")));
        assertTrue(
                e.getMessage().contains("no partition nosuch") && e.getMessage().contains("debug,short"),
                e.getMessage());
    }

    @Test
    void partitionsShowTheDefaultTheLimitsAndTheNodes() throws Exception {
        List<Partition> parts = cluster.partitions();
        Partition debug =
                parts.stream().filter(p -> p.name().equals("debug")).findFirst().orElseThrow();
        Partition shortOne =
                parts.stream().filter(p -> p.name().equals("short")).findFirst().orElseThrow();
        assertTrue(debug.isDefault() && debug.up());
        assertFalse(shortOne.isDefault());
        assertEquals(Optional.of(Duration.ofMinutes(10)), shortOne.maxTime());
        assertEquals(2, debug.nodes().orElseThrow().total());
    }

    @Test
    void aDryRunSaysWhenSlurmWouldStartItAndRefusesWhatNoPartitionAllows() throws Exception {
        Cluster.DryRun d = cluster.dryRun(JobSpec.builder()
                .name("dry")
                .timeLimit(Duration.ofMinutes(1))
                .script("true")
                .build());
        assertTrue(d.start().orElse("").startsWith("Slurm estimates it would start at "), d.toString());
        assertTrue(d.text().contains("#SBATCH --job-name=dry"), d.text());
        Cluster.DryRun tooLong = cluster.dryRun(JobSpec.builder()
                .name("dry-long")
                .partition("short")
                .timeLimit(Duration.ofMinutes(20))
                .script("true")
                .build());
        String why = tooLong.refusal().orElseThrow(() -> new AssertionError(tooLong.toString()));
        assertTrue(why.contains("never start") && why.contains("--partition debug"), why);
        assertEquals(Optional.empty(), tooLong.start());
        assertTrue(
                tooLong.text().startsWith("# NOT SUBMITTABLE: ")
                        && tooLong.text().contains("#SBATCH --time=00:20:00"),
                tooLong.text());
        assertEquals(
                "",
                transport
                        .inner
                        .exec("ls ~/hpc-kernel-it/dry-run/ 2>/dev/null", Duration.ofSeconds(10))
                        .stdout()
                        .strip(),
                "the scratch script is removed");
    }

    private static QueuedJob find(List<QueuedJob> jobs, JobId id) {
        return jobs.stream()
                .filter(j -> j.id().equals(id.value()))
                .findFirst()
                .orElseThrow(() -> new AssertionError(id + " not in " + jobs));
    }
}
