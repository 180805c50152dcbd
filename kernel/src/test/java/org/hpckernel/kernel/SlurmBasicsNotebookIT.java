package org.hpckernel.kernel;

import static org.hpckernel.kernel.SlurmBasicsCells.*;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * notebooks/01-slurm-basics.ipynb against the localhost Slurm cluster over SSH: its current profile
 * is the test cluster, written to a fresh profiles file; the ledger is fresh too.
 */
class SlurmBasicsNotebookIT {

    private static ExecutedNotebook notebook;

    @BeforeAll
    static void execute() throws Exception {
        Path home = Files.createTempDirectory("hpc-nb01");
        Path profiles = home.resolve("profiles.yaml");
        Files.writeString(
                profiles,
                "current: tutorial\nprofiles:\n- name: tutorial\n  host: \"" + env("HPC_SSH_HOST") + "\"\n  port: "
                        + env("HPC_SSH_PORT") + "\n  user: \"" + env("HPC_SSH_USER") + "\"\n  key: \""
                        + env("HPC_SSH_KEY") + "\"\n  knownHosts: \""
                        + env("HPC_SSH_KNOWN_HOSTS") + "\"\n  scheduler: slurm\n  workdir: \"~/hpc-kernel-nb\"\n");
        notebook = ExecutedNotebook.run(
                "01-slurm-basics.ipynb",
                Map.of(
                        "HPC_KERNEL_PROFILES", profiles.toString(),
                        "HPC_KERNEL_LEDGER", home.resolve("ledger.db").toString()));
    }

    private static String env(String name) {
        return org.hpckernel.cluster.TestClusterEnv.get(name);
    }

    @Test
    void theProfileIsListedAndTested() {
        assertTrue(notebook.result(PROFILE_LIST).path("text/html").asText().contains("tutorial"));
        String test = notebook.result(PROFILE_TEST).path("text/plain").asText();
        assertTrue(
                test.contains("host key checked") && test.contains("sbatch") && test.contains("accounting:    yes"),
                test);
    }

    @Test
    void theBatchScriptRunsAndItsLogIsFollowedThenTailed() {
        assertTrue(
                notebook.streamText(SUBMIT_HELLO).contains("Submitted hello as job "),
                notebook.streamText(SUBMIT_HELLO));
        String followed = notebook.streamText(FOLLOW_LOGS);
        assertTrue(followed.contains("Hello from ") && followed.contains("done"), followed);
        assertTrue(
                notebook.result(FOLLOW_LOGS).path("text/plain").asText().contains("ended COMPLETED"),
                notebook.result(FOLLOW_LOGS).toString());
        assertTrue(
                notebook.result(WAIT_HELLO).path("text/plain").asText().contains("All 1 job(s) ended"),
                notebook.result(WAIT_HELLO).toString());
        String log = notebook.result(TAIL_LOGS).path("text/plain").asText();
        assertTrue(log.contains("Hello from ") && log.contains("done"), log);
    }

    @Test
    void theContainerJobIsShownNotSubmitted() {
        String script = notebook.result(CONTAINER_DRY_RUN).path("text/plain").asText();
        assertTrue(
                script.contains("'apptainer' exec --nv '~/images/pytorch.sif'")
                        || script.contains("apptainer' exec --nv"),
                script);
        assertTrue(
                script.contains("module load 'cuda/12.2'")
                        && script.contains("#SBATCH --gpus=1")
                        && script.contains("#SBATCH --time=02:00:00"),
                script);
    }

    @Test
    void aCancelledJobEndsCancelled() {
        assertTrue(notebook.result(CANCEL_LONG).path("text/plain").asText().contains("Cancel requested"));
        String waited = notebook.result(WAIT_LONG).path("text/plain").asText();
        assertTrue(waited.contains("CANCELLED"), waited);
        assertTrue(notebook.result(JOBS).path("text/html").asText().contains("hello"));
    }
}
