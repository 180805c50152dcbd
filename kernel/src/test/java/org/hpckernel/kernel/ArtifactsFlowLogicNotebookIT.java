package org.hpckernel.kernel;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * notebooks/02-artifacts-and-flow-logic.ipynb on the localhost Slurm cluster (install/test-cluster.sh up): our flow logic in
 * HPC-Ops' shape (notebooks/02-artifacts-and-flow-logic/hpcops_style_flow.py) put as optuna_example, run by HPC-Ops'
 * tutorial request body as written.
 */
class ArtifactsFlowLogicNotebookIT {

    private static ExecutedNotebook notebook;

    @BeforeAll
    static void execute() throws Exception {
        Path home = Files.createTempDirectory("hpc-nb02");
        Path profiles = home.resolve("profiles.yaml");
        Files.writeString(
                profiles,
                "current: tutorial\nprofiles:\n- name: tutorial\n  host: \"" + env("HPC_SSH_HOST") + "\"\n  port: "
                        + env("HPC_SSH_PORT") + "\n  user: \"" + env("HPC_SSH_USER") + "\"\n  key: \""
                        + env("HPC_SSH_KEY") + "\"\n  knownHosts: \""
                        + env("HPC_SSH_KNOWN_HOSTS") + "\"\n  scheduler: slurm\n  workdir: \"~/hpc-kernel-nb\"\n");
        notebook = ExecutedNotebook.run(
                "02-artifacts-and-flow-logic.ipynb",
                Map.of(
                        "HPC_KERNEL_PROFILES", profiles.toString(),
                        "HPC_KERNEL_LEDGER", home.resolve("ledger.db").toString(),
                        "HPC_ARTIFACTS", home.resolve("artifacts").toString()));
    }

    private static String env(String name) {
        return org.hpckernel.cluster.TestClusterEnv.get(name);
    }

    @Test
    void anHpcOpsShapedFlowLogicAndADatasetOfItsShapeArePutAsVersionZero() {
        assertTrue(
                notebook.result("flow-logic")
                        .path("text/plain")
                        .asText()
                        .contains("class MyFlowLogic(BaseFlowLogic): true"),
                notebook.result("flow-logic").toString());
        assertTrue(
                notebook.result("dataset").path("text/plain").asText().contains("0 120 rows"),
                notebook.result("dataset").toString());
        assertTrue(
                notebook.result("put-flow-logic").path("text/html").asText().contains("v0"),
                notebook.result("put-flow-logic").toString());
        String ls = notebook.result("artifact-ls").path("text/html").asText();
        assertTrue(
                ls.contains("optuna_example")
                        && ls.contains("optuna-example")
                        && ls.contains("flow logic")
                        && ls.contains("latest"),
                ls);
    }

    @Test
    void theTutorialsRequestRunsTheFlowLogicAndAccShowsAsTableAndPlot() {
        String submitted = notebook.streamText("submit-request");
        assertTrue(
                submitted.contains("staged artifact optuna-example:v0")
                        && submitted.contains("Submitted optuna_example as job "),
                submitted);
        assertTrue(
                notebook.result("wait-request").path("text/plain").asText().contains("All 1 job(s) ended"),
                notebook.result("wait-request").toString());
        String rows = notebook.result("metrics-acc").path("text/html").asText();
        assertTrue(rows.contains("Acc") && rows.contains("60"), rows); // 60 Optuna trials, each logged
        byte[] png = Base64.getDecoder()
                .decode(notebook.result("metrics-plot")
                        .path("image/png")
                        .asText()
                        .replaceAll("\\s", ""));
        assertTrue(png.length > 1000 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G');
        assertTrue(
                notebook.result("logs-tail").path("text/plain").asText().contains("flow logic MyFlowLogic: 1 tasks"),
                notebook.result("logs-tail").toString());
    }
}
