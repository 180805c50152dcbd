package org.hpckernel.kernel;

import static org.hpckernel.kernel.SlurmBasicsCells.*;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * notebooks/04-grid-engine.ipynb, the cells of 01-slurm-basics unchanged, against the localhost Grid
 * Engine ({@code install/test-sge.sh up}) over the SSH of {@code install/test-cluster.sh up}: only the
 * profile's scheduler differs.
 */
class GridEngineNotebookIT {

    private static ExecutedNotebook notebook;

    @BeforeAll
    static void execute() throws Exception {
        Path home = Files.createTempDirectory("hpc-nb04");
        Path profiles = home.resolve("profiles.yaml");
        Files.writeString(
                profiles,
                "current: tutorial\nprofiles:\n- name: tutorial\n  host: \"" + env("HPC_SSH_HOST") + "\"\n  port: "
                        + env("HPC_SSH_PORT") + "\n  user: \"" + env("HPC_SSH_USER") + "\"\n  key: \""
                        + env("HPC_SSH_KEY") + "\"\n  knownHosts: \""
                        + env("HPC_SSH_KNOWN_HOSTS") + "\"\n  scheduler: sge\n  workdir: \"~/hpc-kernel-nb04\"\n");
        notebook = ExecutedNotebook.run(
                "04-grid-engine.ipynb",
                Map.of(
                        "HPC_KERNEL_PROFILES", profiles.toString(),
                        "HPC_KERNEL_LEDGER", home.resolve("ledger.db").toString()));
    }

    private static String env(String name) {
        return org.hpckernel.cluster.TestClusterEnv.get(name);
    }

    @Test
    void theGridEngineProfileIsListedAndTested() {
        assertTrue(notebook.result(PROFILE_LIST).path("text/html").asText().contains("tutorial"));
        String test = notebook.result(PROFILE_TEST).path("text/plain").asText();
        assertTrue(test.contains("host key checked") && test.contains("qsub"), test);
    }

    @Test
    void theBatchScriptRunsOnGridEngineAndItsLogIsFollowedThenTailed() {
        assertTrue(
                notebook.streamText(SUBMIT_HELLO).contains("Submitted hello as job "),
                notebook.streamText(SUBMIT_HELLO));
        String followed = notebook.streamText(FOLLOW_LOGS);
        assertTrue(followed.contains("Hello from ") && followed.contains("done"), followed);
        assertTrue(
                notebook.result(WAIT_HELLO).path("text/plain").asText().contains("All 1 job(s) ended"),
                notebook.result(WAIT_HELLO).toString());
        String log = notebook.result(TAIL_LOGS).path("text/plain").asText();
        assertTrue(log.contains("Hello from ") && log.contains("done"), log);
    }

    @Test
    void theContainerJobIsRenderedWithGridEngineDirectives() {
        String script = notebook.result(CONTAINER_DRY_RUN).path("text/plain").asText();
        assertTrue(script.contains("apptainer' exec --nv") && script.contains("module load 'cuda/12.2'"), script);
        assertTrue(script.contains("#$ -l gpu=1") && script.contains("#$ -l h_rt=02:00:00"), script);
    }

    @Test
    void aCancelledJobEndsCancelled() {
        assertTrue(notebook.result(CANCEL_LONG).path("text/plain").asText().contains("Cancel requested"));
        String waited = notebook.result(WAIT_LONG).path("text/plain").asText();
        assertTrue(waited.contains("CANCELLED"), waited);
        assertTrue(notebook.result(JOBS).path("text/html").asText().contains("hello"));
    }
}
