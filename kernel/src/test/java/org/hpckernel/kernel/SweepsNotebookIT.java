package org.hpckernel.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * notebooks/03-sweeps.ipynb against the localhost Slurm cluster over SSH: a pasted W&B config as one
 * throttled array, the HPC-Ops RF/GB space steered by TPE with scikit-learn on the cluster, results
 * and plots, and a Java ask/tell study.
 */
class SweepsNotebookIT {

    private static ExecutedNotebook notebook;

    @BeforeAll
    static void execute() throws Exception {
        Path home = Files.createTempDirectory("hpc-nb03");
        Path profiles = home.resolve("profiles.yaml");
        Files.writeString(
                profiles,
                "current: tutorial\nprofiles:\n- name: tutorial\n  host: \"" + env("HPC_SSH_HOST") + "\"\n  port: "
                        + env("HPC_SSH_PORT") + "\n  user: \"" + env("HPC_SSH_USER") + "\"\n  key: \""
                        + env("HPC_SSH_KEY") + "\"\n  knownHosts: \""
                        + env("HPC_SSH_KNOWN_HOSTS") + "\"\n  scheduler: slurm\n  workdir: \"~/hpc-kernel-nb03\"\n");
        notebook = ExecutedNotebook.run(
                "03-sweeps.ipynb",
                Map.of(
                        "HPC_KERNEL_PROFILES", profiles.toString(),
                        "HPC_KERNEL_LEDGER", home.resolve("ledger.db").toString()));
    }

    private static String env(String name) {
        return org.hpckernel.cluster.TestClusterEnv.get(name);
    }

    @Test
    void aPastedWandbConfigRunsAsOneArrayThrottledToFiveAndEndsWithResultsAndPlots() {
        String started = notebook.streamText("c02");
        assertTrue(started.contains("Sweep 1 started (seed 1)"), started);
        assertTrue(
                notebook.displayed("c02").path("text/plain").asText().startsWith("sweep 1 (sweepdemo)"),
                notebook.outputs("c02").toString());
        String waited = notebook.result("c03").path("text/plain").asText();
        assertTrue(waited.contains("DONE: 20/20 done, 0 running, 0 failed; best val_loss"), waited);
        String table = notebook.result("c05").path("text/html").asText();
        for (String column : new String[] {"learning_rate", "batch_size", "optimizer", "dropout", "val_loss"}) {
            assertTrue(table.contains(column), column + " in " + table);
        }
        assertEquals(5, count(notebook.outputs("c05"), "image/png"), "objective by trial and one plot per parameter");
    }

    @Test
    void theHpcOpsSpaceIsSteeredByTpeWithScikitLearnOnTheCluster() {
        String waited = notebook.result("c08").path("text/plain").asText();
        assertTrue(waited.contains("sweep 2 (rf-gb) DONE: 12/12 done, 0 running, 0 failed; best accuracy 0.9"), waited);
        String status = notebook.result("c09").path("text/plain").asText();
        assertTrue(status.contains("best: trial ") && status.contains("clf="), status);
        String table = notebook.result("c10").path("text/html").asText();
        Matcher accuracy = Pattern.compile("<td[^>]*>(0\\.9\\d*)</td>").matcher(table);
        assertTrue(accuracy.find(), table);
        assertEquals(0, count(notebook.outputs("c10"), "image/png"), "--no-plots");
    }

    @Test
    void aJavaStudyAsksAndTellsInACell() {
        String best = notebook.result("c12").path("text/plain").asText();
        Matcher value = Pattern.compile("value=([0-9.E-]+)").matcher(best);
        assertTrue(value.find(), best);
        assertTrue(Double.parseDouble(value.group(1)) < 0.5, best);
        String list = notebook.result("c13").path("text/plain").asText();
        assertTrue(list.contains("sweep 2 (rf-gb) DONE") && list.contains("sweep 1 (sweepdemo) DONE"), list);
    }

    private static long count(JsonNode outputs, String mime) {
        long n = 0;
        for (JsonNode o : outputs) {
            if (o.path("data").has(mime)) {
                n++;
            }
        }
        return n;
    }
}
