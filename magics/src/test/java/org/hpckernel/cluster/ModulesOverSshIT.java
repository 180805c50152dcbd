package org.hpckernel.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.hpckernel.cluster.modules.Module;
import org.hpckernel.cluster.modules.ModuleList;
import org.hpckernel.cluster.profile.Profile;
import org.hpckernel.cluster.slurm.SlurmScheduler;
import org.hpckernel.cluster.ssh.SshTransport;
import org.hpckernel.ledger.Ledger;
import org.hpckernel.session.Schedulers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The localhost cluster's Lmod (openmpi/4.1, install/test-cluster.sh setup_modules), seen from the
 * Slurm and the Grid Engine profiles: both log in to the same machine, so both see the same modules.
 */
class ModulesOverSshIT {

    private static SshTransport transport;
    private static Ledger ledger;
    private static Cluster slurm;
    private static Cluster sge;

    @BeforeAll
    static void connect() throws Exception {
        transport = new SshTransport(TestCluster.target(), Prompter.NONE);
        ledger = Ledger.open(Files.createTempDirectory("hpc-ledger").resolve("ledger.db"));
        slurm = new Cluster(
                new Profile(
                        "mods",
                        "localhost",
                        null,
                        null,
                        null,
                        null,
                        null,
                        "slurm",
                        "~/hpc-kernel-it",
                        null,
                        null,
                        List.of()),
                transport,
                new BatchProtocol(new SlurmScheduler(), transport),
                ledger);
        sge = new Cluster(
                new Profile(
                        "mods-sge",
                        "localhost",
                        null,
                        null,
                        null,
                        null,
                        null,
                        "sge",
                        "~/hpc-kernel-it-sge",
                        null,
                        null,
                        List.of()),
                transport,
                Schedulers.create("sge", transport, null),
                ledger);
    }

    @AfterAll
    static void disconnect() {
        transport.close();
        ledger.close();
    }

    @Test
    void theClusterListsOpenMpiAndFindsItBySearch() throws Exception {
        ModuleList all = slurm.modules(Optional.empty());
        assertEquals("lmod", all.system());
        assertTrue(
                all.modules().contains(new Module("openmpi", "4.1", true)),
                all.modules().toString());
        assertEquals(
                List.of(new Module("openmpi", "4.1", true)),
                slurm.modulesRefreshed(Optional.of("MPI")).modules());
        assertEquals(all.modules(), sge.modules(Optional.empty()).modules());
    }

    @Test
    void aMisspelledModuleIsRefusedWithTheClosestNameBeforeAnythingIsSubmitted() throws Exception {
        for (Cluster c : List.of(slurm, sge)) {
            int before = ledger.jobs(c.profile().name()).size();
            SubmitFailed e = assertThrows(
                    SubmitFailed.class,
                    () -> c.submit(JobSpec.builder()
                            .name("typo")
                            .module("opnmpi")
                            .script("true")
                            .build()));
            assertTrue(e.getMessage().contains("no module 'opnmpi'; did you mean openmpi/4.1?"), e.getMessage());
            assertEquals(before, ledger.jobs(c.profile().name()).size());
            assertTrue(ledger.openSubmissions(c.profile().name()).isEmpty());
        }
    }

    @Test
    void aBareNameIsAcceptedAndTheJobLoadsIt() throws Exception {
        for (Cluster c : List.of(slurm, sge)) {
            JobId id = c.submit(JobSpec.builder()
                    .name("with-mpi")
                    .module("openmpi")
                    .script("echo \"MPI_HOME=$MPI_HOME\"; module -t list 2>&1")
                    .build());
            JobStatus s = c.await(List.of(id), Duration.ofSeconds(120), x -> {}).get(id);
            String log = c.tail(id, false, 10);
            assertEquals(JobState.COMPLETED, s.state(), c.profile().name() + ": " + s + "\n" + log);
            assertTrue(
                    log.contains("MPI_HOME=/") && log.contains("openmpi/4.1"),
                    c.profile().name() + ": " + log);
        }
    }
}
