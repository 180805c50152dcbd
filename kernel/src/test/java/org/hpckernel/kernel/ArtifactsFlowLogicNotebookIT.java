package org.hpckernel.kernel;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** notebooks/02-artifacts-and-flow-logic.ipynb on the localhost Slurm cluster (install/test-cluster.sh up). */
class ArtifactsFlowLogicNotebookIT {

    private static ExecutedNotebook notebook;

    @BeforeAll
    static void execute() throws Exception {
        Path home = Files.createTempDirectory("hpc-nb02");
        Path profiles = home.resolve("profiles.yaml");
        Files.writeString(profiles, "current: tutorial\nprofiles:\n- name: tutorial\n  host: \"" + env("HPC_SSH_HOST") + "\"\n  port: "
                + env("HPC_SSH_PORT") + "\n  user: \"" + env("HPC_SSH_USER") + "\"\n  key: \"" + env("HPC_SSH_KEY") + "\"\n  knownHosts: \""
                + env("HPC_SSH_KNOWN_HOSTS") + "\"\n  scheduler: slurm\n  workdir: \"~/hpc-kernel-nb\"\n");
        notebook = ExecutedNotebook.run("02-artifacts-and-flow-logic.ipynb", Map.of(
                "HPC_KERNEL_PROFILES", profiles.toString(),
                "HPC_KERNEL_LEDGER", home.resolve("ledger.db").toString(),
                "HPC_ARTIFACTS", home.resolve("artifacts").toString()));
    }

    private static String env(String name) {
        return org.hpckernel.cluster.TestClusterEnv.get(name);
    }

    @Test
    void theDatasetComesFromSklearnWithoutNetwork() {
        assertTrue(notebook.result(1).path("text/plain").asText().contains("151 lines in iris.csv"), notebook.result(1).toString());
    }

    @Test
    void flowLogicAndDatasetArePutAsVersionZero() {
        assertTrue(notebook.result(4).path("text/html").asText().contains("v0"), notebook.result(4).toString());
        String ls = notebook.result(6).path("text/html").asText();
        assertTrue(ls.contains("iris-flow") && ls.contains("dataset") && ls.contains("latest"), ls);
    }

    @Test
    void theFlowLogicJobCompletesAndItsResultsShowAsTableAndPlot() {
        assertTrue(notebook.streamText(8).contains("Submitted iris-knn as job "), notebook.streamText(8));
        assertTrue(notebook.result(9).path("text/plain").asText().contains("All 1 job(s) ended"), notebook.result(9).toString());
        String rows = notebook.result(11).path("text/html").asText();
        assertTrue(rows.contains("accuracy") && rows.contains("n_neighbors"), rows);
        byte[] png = Base64.getDecoder().decode(notebook.result(12).path("image/png").asText().replaceAll("\\s", ""));
        assertTrue(png.length > 1000 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G');
        assertTrue(notebook.result(13).path("text/plain").asText().contains("flow logic MyFlowLogic: 8 tasks"), notebook.result(13).toString());
    }
}
