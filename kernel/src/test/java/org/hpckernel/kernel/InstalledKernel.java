package org.hpckernel.kernel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.hpckernel.kernel.install.KernelspecInstaller;

/**
 * The kernel as Jupyter sees it in integration tests: the shaded jar from {@code mvn package},
 * installed as a kernelspec into a temporary prefix, driven by Debian's python3 and jupyter tools.
 */
final class InstalledKernel {

    static final String PYTHON = "/usr/bin/python3";
    private static Path prefix;

    private InstalledKernel() {}

    /** Installs once per JVM and returns the JUPYTER_PATH to use. */
    static synchronized Path jupyterPath() throws IOException, InterruptedException {
        if (prefix == null) {
            Path jar = Path.of("target", "hpc-kernel.jar").toAbsolutePath();
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException(
                        "no " + jar + ": run `mvn package` (integration tests run at `mvn verify`)");
            }
            if (!Files.isExecutable(Path.of(PYTHON)) || !Files.exists(Path.of("/usr/bin/jupyter"))) {
                throw new IllegalStateException(
                        "Debian's python3 and jupyter are missing: run install/test.sh (or install/install.sh) first");
            }
            prefix = Files.createTempDirectory("hpc-kernel-it");
            KernelspecInstaller.install(
                    new KernelspecInstaller.Target(prefix.resolve("share/jupyter/kernels"), "hpc-kernel"), jar, true);
        }
        return prefix.resolve("share/jupyter");
    }

    record Run(int exitCode, String output) {}

    /** Runs a command with JUPYTER_PATH pointing at the installed kernel. */
    static Run run(List<String> command, Path workingDirectory, Duration timeout, Map<String, String> env)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command))
                .directory(workingDirectory.toFile())
                .redirectErrorStream(true);
        pb.environment().put("JUPYTER_PATH", jupyterPath().toString());
        pb.environment().put("PYDEVD_DISABLE_FILE_VALIDATION", "1");
        pb.environment().putAll(env);
        Process p = pb.start();
        byte[][] out = new byte[1][];
        Thread reader = new Thread(() -> {
            try {
                out[0] = p.getInputStream().readAllBytes();
            } catch (IOException e) {
                out[0] = ("(output lost: " + e + ")").getBytes(StandardCharsets.UTF_8);
            }
        });
        reader.start();
        if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            reader.join(5000);
            return new Run(
                    -1,
                    "TIMED OUT after " + timeout + "\n"
                            + (out[0] == null ? "" : new String(out[0], StandardCharsets.UTF_8)));
        }
        reader.join();
        return new Run(p.exitValue(), new String(out[0], StandardCharsets.UTF_8));
    }
}
