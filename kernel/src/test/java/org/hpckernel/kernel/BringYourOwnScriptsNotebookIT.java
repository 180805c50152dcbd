package org.hpckernel.kernel;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * notebooks/05-bring-your-own-scripts.ipynb on the localhost Slurm (two nodes, Lmod): scripts pasted
 * as they are keep their own name, logs, array and resources; a PBS script is translated and run; an
 * MPI script spans both nodes; an untranslatable line is refused naming it. Checked by cell id.
 */
class BringYourOwnScriptsNotebookIT {

    private static ExecutedNotebook notebook;

    @BeforeAll
    static void execute() throws Exception {
        Path home = Files.createTempDirectory("hpc-nb05");
        Path profiles = home.resolve("profiles.yaml");
        Files.writeString(
                profiles,
                "current: tutorial\nprofiles:\n- name: tutorial\n  host: \"" + env("HPC_SSH_HOST") + "\"\n  port: "
                        + env("HPC_SSH_PORT") + "\n  user: \"" + env("HPC_SSH_USER") + "\"\n  key: \""
                        + env("HPC_SSH_KEY") + "\"\n  knownHosts: \""
                        + env("HPC_SSH_KNOWN_HOSTS") + "\"\n  scheduler: slurm\n  workdir: \"~/hpc-kernel-nb05\"\n");
        notebook = ExecutedNotebook.run(
                "05-bring-your-own-scripts.ipynb",
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

    @Test
    void anArrayScriptKeepsItsNameAndPerTaskLogsAndEachTaskLogIsItsOwn() {
        String submitted = text("array-submit");
        assertTrue(submitted.contains("Submitted byo-array as job ") && submitted.contains("tutorial ("), submitted);
        assertTrue(text("array-wait").contains("All 1 job(s) ended"), text("array-wait"));
        String listing = text("array-logs");
        assertTrue(
                listing.contains("3 tasks") && listing.contains("COMPLETED") && listing.contains("/logs/byo-array_"),
                listing);
        assertFalse(listing.contains("FAILED"), listing);
        assertTrue(text("array-task").contains("task 2 on "), text("array-task"));
    }

    @Test
    void aPbsScriptIsTranslatedSaysSoAndRunsWithItsOwnVariables() {
        String dry = text("pbs-dry");
        assertTrue(
                dry.contains("# Translated from #PBS:")
                        && dry.contains("#SBATCH --array=1-2")
                        && dry.contains("#SBATCH --time=00:05:00")
                        && dry.contains("#SBATCH --partition=debug")
                        && dry.contains("#SBATCH --job-name=pbs-on-slurm"),
                dry);
        assertTrue(text("pbs-submit").contains("Translated from #PBS:"), text("pbs-submit"));
        String logs = text("pbs-logs");
        assertTrue(logs.contains("2 tasks") && logs.contains("COMPLETED") && !logs.contains("FAILED"), logs);
    }

    @Test
    void anMpiScriptRunsAcrossBothNodes() {
        String logs = text("mpi-logs");
        assertTrue(logs.contains("of 4 on n1") && logs.contains("of 4 on n2"), logs);
    }

    @Test
    void anUntranslatableLineIsRefusedNamingIt() {
        String out = notebook.outputs("refused").toString();
        assertTrue(out.contains("line 4: #PBS -l jobfs=200GB"), out);
    }

    @Test
    void optionsOnTheMagicLineWinOverTheScriptsLines() {
        String script = text("override");
        assertTrue(
                script.contains("#SBATCH --job-name=renamed")
                        && script.contains("#SBATCH --time=00:07:00")
                        && script.contains("#SBATCH --constraint=skylake"),
                script);
        assertFalse(script.contains("--time=00:02:00") || script.contains("--job-name=original"), script);
    }
}
