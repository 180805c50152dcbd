package org.hpckernel.cluster.faults;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** The test cluster's slurmctld, paused and resumed by the pid in its pid file: a controller that stops answering. */
final class Controller {

    private static final Path CLUSTER_ROOT = Path.of(System.getenv().getOrDefault("HK_ROOT", "/var/lib/hpc-kernel-cluster"));

    private Controller() {
    }

    static void signal(String signal) throws Exception {
        String pid = Files.readString(CLUSTER_ROOT.resolve("slurm/slurmctld.pid")).strip();
        Process p = new ProcessBuilder("kill", "-" + signal, pid).inheritIO().start();
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("kill -" + signal + " " + pid + " failed");
        }
    }

    /**
     * Stops the controller now and lets it go on after {@code millis}; longer than sbatch's MessageTimeout
     * (10 s) makes sbatch give up while the controller still holds the request.
     */
    static CompletableFuture<Void> stallFor(long millis) throws Exception {
        signal("STOP");
        return CompletableFuture.runAsync(() -> {
            try {
                Thread.sleep(millis);
                signal("CONT");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
