package org.hpckernel.kernel;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * notebooks/06-day-on-the-cluster.ipynb on the localhost Slurm: the console commands of a day on the
 * cluster (squeue --start, sinfo, module, srun, seff, scp, a chained array, singularity build), each as
 * a magic. The profile carries a price table of 1 point per core-hour. Checked by cell id.
 */
class DayOnTheClusterNotebookIT {

    private static ExecutedNotebook notebook;

    @BeforeAll
    static void execute() throws Exception {
        Path home = Files.createTempDirectory("hpc-nb06");
        Path profiles = home.resolve("profiles.yaml");
        Files.writeString(
                profiles,
                "current: tutorial\nprofiles:\n- name: tutorial\n  host: \"" + env("HPC_SSH_HOST") + "\"\n  port: "
                        + env("HPC_SSH_PORT") + "\n  user: \"" + env("HPC_SSH_USER") + "\"\n  key: \""
                        + env("HPC_SSH_KEY") + "\"\n  knownHosts: \""
                        + env("HPC_SSH_KNOWN_HOSTS") + "\"\n  scheduler: slurm\n  workdir: \"~/hpc-kernel-nb06\"\n"
                        + "  price:\n    unit: points\n    core-hour: 1.0\n");
        Files.deleteIfExists(Path.of("..", "notebooks", "out", "result.txt"));
        notebook = ExecutedNotebook.run(
                "06-day-on-the-cluster.ipynb",
                Map.of(
                        "HPC_KERNEL_PROFILES", profiles.toString(),
                        "HPC_KERNEL_LEDGER", home.resolve("ledger.db").toString()));
    }

    private static String env(String name) {
        return org.hpckernel.cluster.TestClusterEnv.get(name);
    }

    private static String text(String cell) {
        return notebook.streamText(cell)
                + notebook.result(cell).path("text/plain").asText()
                + notebook.result(cell).path("text/html").asText();
    }

    private static String all(String cell) {
        return notebook.outputs(cell).toString();
    }

    @Test
    void theQueueShowsTheWaitingJobWithItsReason() {
        assertTrue(text("queue").contains("later") && text("queue").contains("PENDING"), text("queue"));
        assertTrue(text("queue-java").contains("BeginTime"), text("queue-java"));
    }

    @Test
    void partitionsShowTheDefaultAndTheLimits() {
        String p = text("partitions");
        assertTrue(p.contains("debug") && p.contains("short"), p);
    }

    @Test
    void modulesAreListedSearchedCheckedAndLoaded() {
        assertTrue(text("modules").contains("openmpi"), text("modules"));
        assertTrue(
                text("modules-search").contains("openmpi")
                        && text("modules-search").contains("4.1"),
                text("modules-search"));
        assertTrue(all("module-typo").contains("did you mean openmpi/4.1"), all("module-typo"));
        String logs = text("module-logs");
        assertTrue(logs.contains("loaded: openmpi/4.1") && logs.contains("mpirun"), logs);
    }

    @Test
    void anAttachedRunStreamsItsOutputAndAFailureIsAnError() {
        String run = text("run");
        assertTrue(run.contains("step 1\nstep 2\nstep 3"), run);
        String failed = all("run-fails");
        assertTrue(failed.contains("about to fail") && failed.contains("exited with code 3"), failed);
        assertTrue(failed.contains("\"output_type\":\"error\""), failed);
    }

    @Test
    void efficiencyAndCostFollowTheJob() {
        assertTrue(text("burn-wait").toLowerCase().contains("efficiency"), text("burn-wait"));
        String eff = text("efficiency");
        assertTrue(eff.contains("would have been enough") && eff.contains("points") && eff.contains("MB"), eff);
        assertTrue(text("cost-dry").contains("# Worst case") && text("cost-dry").contains("40"), text("cost-dry"));
        assertTrue(text("jobs-cost").contains("points"), text("jobs-cost"));
    }

    @Test
    void filesGoBothWaysAndAnUnchangedOneIsSkipped() {
        assertFalse(text("put").toLowerCase().contains("skipped"), text("put"));
        assertTrue(
                text("put-again").toLowerCase().contains("skipped")
                        || text("put-again").toLowerCase().contains("unchanged"),
                text("put-again"));
        assertTrue(text("ls").contains("params.yaml"), text("ls"));
        assertTrue(text("get-read").contains("accuracy 0.93 with learning_rate: 0.01"), text("get-read"));
    }

    @Test
    void aChainResumesFromItsStateAndShowsAsOneRow() {
        String status = text("chain-status");
        assertTrue(status.contains("chain 2/3 COMPLETED"), status);
        assertTrue(all("chain-wait").contains("link 2 finished the work"), all("chain-wait"));
    }

    @Test
    void aContainerBuildIsAJobThatBuildsWithFakeroot() {
        String dry = text("container-dry");
        assertTrue(
                dry.contains("--fakeroot")
                        && dry.contains("images/cowsay.sif")
                        && dry.contains("From: ubuntu:22.04")
                        && dry.contains("#SBATCH --time=00:30:00"),
                dry);
    }

    @Test
    void theWaitingJobIsCancelledAtTheEnd() {
        assertTrue(text("cleanup").contains("cancelled "), text("cleanup"));
    }
}
