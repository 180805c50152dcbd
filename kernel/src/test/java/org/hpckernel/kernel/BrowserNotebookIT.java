package org.hpckernel.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.hpckernel.cluster.TestClusterEnv;
import org.junit.jupiter.api.Test;

/**
 * Notebooks 00 and 01 in a real browser: Debian's Jupyter Notebook server and Chromium, driven by
 * playwright-core ({@code src/test/browser/notebooks.mjs}, installed by {@code npm ci} in
 * install/test.sh). Kernel state lives in a fresh HOME; notebook 01 reaches the localhost Slurm.
 * Screenshots land in {@code target/browser-screenshots}.
 */
class BrowserNotebookIT {

    @Test
    void notebooksRunCellByCellInChromium() throws Exception {
        Path browserDir = Path.of("src", "test", "browser").toAbsolutePath();
        assertTrue(
                Files.isDirectory(browserDir.resolve("node_modules/playwright-core")),
                "playwright-core is missing: run `npm ci` in " + browserDir + " (install/test.sh does)");
        assertTrue(
                Files.isExecutable(Path.of("/usr/bin/chromium"))
                        && Files.isExecutable(Path.of("/usr/bin/jupyter-notebook")),
                "Debian's chromium and jupyter-notebook are missing: run install/test.sh");
        Path root = Files.createTempDirectory("hpc-kernel-browser");
        Path home = Files.createDirectories(root.resolve("home"));
        Path notebooks = Files.createDirectories(root.resolve("notebooks"));
        Path source = Path.of("..", "notebooks").toAbsolutePath().normalize();
        for (String name : List.of("00-getting-started.ipynb", "01-slurm-basics.ipynb")) {
            Files.copy(source.resolve(name), notebooks.resolve(name));
        }
        copyTree(source.resolve("00-getting-started"), notebooks.resolve("00-getting-started"));
        Path profiles = home.resolve("profiles.yaml");
        Files.writeString(
                profiles,
                "current: tutorial\nprofiles:\n- name: tutorial\n  host: \"" + env("HPC_SSH_HOST") + "\"\n  port: "
                        + env("HPC_SSH_PORT") + "\n  user: \"" + env("HPC_SSH_USER") + "\"\n  key: \""
                        + env("HPC_SSH_KEY") + "\"\n  knownHosts: \""
                        + env("HPC_SSH_KNOWN_HOSTS") + "\"\n  scheduler: slurm\n  workdir: \"~/hpc-kernel-browser\"\n");
        Path shots =
                Files.createDirectories(Path.of("target", "browser-screenshots").toAbsolutePath());
        int port = freePort();
        String token = UUID.randomUUID().toString();

        ProcessBuilder server = new ProcessBuilder(
                        "/usr/bin/jupyter-notebook",
                        "--no-browser",
                        "--allow-root",
                        "--ip=127.0.0.1",
                        "--port=" + port,
                        "--port-retries=0",
                        "--NotebookApp.token=" + token,
                        "--notebook-dir=" + notebooks)
                .redirectErrorStream(true)
                .redirectOutput(root.resolve("server.log").toFile());
        Map<String, String> e = server.environment();
        e.put("HOME", home.toString());
        e.put("XDG_CONFIG_HOME", home.resolve(".config").toString());
        e.put("XDG_DATA_HOME", home.resolve(".local/share").toString());
        e.put("JUPYTER_PATH", InstalledKernel.jupyterPath().toString());
        e.put("HPC_KERNEL_PROFILES", profiles.toString());
        e.put("HPC_KERNEL_LEDGER", home.resolve("ledger.db").toString());
        e.put("PATH", "/usr/bin:" + e.getOrDefault("PATH", "/bin"));
        e.put("PYDEVD_DISABLE_FILE_VALIDATION", "1");
        e.remove("WANDB_API_KEY");
        e.remove("WANDB_APIKEY");
        Process jupyter = server.start();
        try {
            awaitServer(port, token, jupyter, root.resolve("server.log"));
            InstalledKernel.Run run = InstalledKernel.run(
                    List.of(
                            "node",
                            "notebooks.mjs",
                            "http://127.0.0.1:" + port,
                            token,
                            shots.toString(),
                            notebooks.toString()),
                    browserDir,
                    Duration.ofMinutes(20),
                    Map.of());
            assertEquals(
                    0,
                    run.exitCode(),
                    run.output() + "\n--- server log ---\n" + Files.readString(root.resolve("server.log")));
            assertTrue(run.output().contains("all browser checks passed"), run.output());
        } finally {
            jupyter.descendants().forEach(ProcessHandle::destroy);
            jupyter.destroy();
            jupyter.waitFor();
        }
    }

    private static void awaitServer(int port, String token, Process jupyter, Path log) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (!jupyter.isAlive()) {
                throw new AssertionError("jupyter notebook exited:\n" + Files.readString(log));
            }
            try {
                var reply = http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/status?token=" + token))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (reply.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // the server is still starting
            }
            Thread.sleep(200);
        }
        throw new AssertionError("jupyter notebook did not answer in 60 s:\n" + Files.readString(log));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Files.copy(p, to.resolve(from.relativize(p).toString()));
            }
        }
    }

    private static String env(String name) {
        return TestClusterEnv.get(name);
    }
}
