package org.hpckernel.sweep.export;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs optuna_check.py with Debian's Optuna (/usr/bin/python3) on an exported file and parses what it prints. */
final class OptunaPython {

    static final String PYTHON = "/usr/bin/python3";

    private OptunaPython() {}

    /** Fails, saying how to get it, when Debian's optuna or plotly is missing (install/test.sh installs them). */
    static void requireOptuna() throws Exception {
        Process p = new ProcessBuilder(PYTHON, "-c", "import optuna, plotly, sklearn; print(optuna.__version__)")
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(
                0,
                p.waitFor(),
                "these tests read the export with Debian's Optuna: apt-get install python3-optuna "
                        + "python3-plotly python3-sklearn (install/test.sh does). " + PYTHON + " said: " + out);
    }

    static JsonNode check(String url, String study, Path work, boolean plots) throws Exception {
        requireOptuna();
        Path script = work.resolve("optuna_check.py");
        try (InputStream in = OptunaPython.class.getResourceAsStream("optuna_check.py")) {
            Files.write(script, in.readAllBytes());
        }
        List<String> cmd = new ArrayList<>(List.of(PYTHON, script.toString(), url, study, work.toString()));
        if (plots) {
            cmd.add("--plots");
        }
        Process p = new ProcessBuilder(cmd)
                .redirectError(work.resolve("python-stderr.txt").toFile())
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int status = p.waitFor();
        assertEquals(
                0,
                status,
                "optuna_check.py failed; its stderr: " + read(work.resolve("python-stderr.txt")) + "\nstdout: " + out);
        return new ObjectMapper().readTree(out);
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file) : "";
    }
}
