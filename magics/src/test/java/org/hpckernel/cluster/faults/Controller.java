package org.hpckernel.cluster.faults;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A scheduler's controller daemon, paused and resumed by the pid in its pid file: a controller that stops answering. */
record Controller(String name, Path pidFile) {

    private static final Path CLUSTER_ROOT =
            Path.of(System.getenv().getOrDefault("HK_ROOT", "/var/lib/hpc-kernel-cluster"));
    static final Controller SLURMCTLD = new Controller("slurmctld", CLUSTER_ROOT.resolve("slurm/slurmctld.pid"));
    static final Controller QMASTER =
            new Controller("sge_qmaster", Path.of("/var/spool/gridengine/qmaster/qmaster.pid"));

    void signal(String signal) throws Exception {
        String pid = Files.readString(pidFile).strip();
        Process p = new ProcessBuilder("kill", "-" + signal, pid).inheritIO().start();
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("kill -" + signal + " " + name + " (" + pid + ") failed");
        }
    }

    /** Stops the controller now and lets it go on after {@code millis}. */
    CompletableFuture<Void> stallFor(long millis) throws Exception {
        signal("STOP");
        return after(millis, () -> signal("CONT"));
    }

    /** Runs {@code action} after {@code millis}, beside the submit a fault round makes. */
    static CompletableFuture<Void> after(long millis, ThrowingRunnable action) {
        return CompletableFuture.runAsync(() -> {
            try {
                Thread.sleep(millis);
                action.run();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }
}
