package org.hpckernel.cluster.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.hpckernel.cluster.Cluster;
import org.hpckernel.cluster.Scheduler;
import org.hpckernel.cluster.SubmitUncertain;
import org.hpckernel.cluster.ssh.SshTarget;
import org.hpckernel.ledger.JobRecord;
import org.hpckernel.ledger.Ledger;

/**
 * What every fault round does around its fault, whatever the scheduler: submit while the fault runs,
 * let the cluster settle, then count the jobs the scheduler has for the name and the ones the ledger knows.
 */
final class FaultRounds {

    /** Every call to the cluster a submit makes (params, the partitions' limits, both scripts, the submit), then
     *  the submit command still running, its answer arrived but not recorded, and recorded. */
    static final List<String> KILL_POINTS = List.of(
            "before-1",
            "after-1",
            "before-2",
            "after-2",
            "before-3",
            "after-3",
            "before-4",
            "after-4",
            "before-5",
            "during-submit",
            "after-submit",
            "after-ledger");

    /** The jobs a scheduler has for a name: its queue and, where jobs leave it, its accounting. */
    interface JobCount {
        int of(String name) throws IOException;
    }

    private FaultRounds() {}

    /** The same host through a test-owned proxy; the proxy's port gets its own known_hosts line, so host keys are still checked. */
    static SshTarget throughProxy(SshTarget direct, CutProxy proxy, Path tmp) throws IOException {
        Path knownHosts = tmp.resolve("known_hosts");
        String port = String.valueOf(direct.port().orElse(22));
        Files.writeString(
                knownHosts,
                Files.readString(direct.knownHosts().orElseThrow())
                        .replace("[" + direct.host() + "]:" + port, "[" + direct.host() + "]:" + proxy.port()));
        return direct.withPort(proxy.port()).withKnownHosts(knownHosts);
    }

    /** A controller stopped for 5 s and the proxy cut 3 s in: the submit command hangs, so the cut lands while it runs. */
    static CompletableFuture<Void> cutWhileSubmitting(Controller controller, CutProxy proxy) throws Exception {
        return CompletableFuture.allOf(controller.stallFor(5000), Controller.after(3000, proxy::cut));
    }

    /**
     * One round: {@code submit} while {@code fault} runs, then exactly one job in the scheduler and in
     * the ledger. Prints {@code [faults] LABEL, round N: outcome} for bench/faults.
     */
    static void oneJobDespite(
            String label,
            int round,
            String name,
            CompletableFuture<Void> fault,
            Callable<Cluster.Submitted> submit,
            Cluster cluster,
            JobCount scheduler,
            Ledger ledger)
            throws Exception {
        String outcome;
        try {
            Cluster.Submitted s = submit.call();
            outcome = "job " + s.id().value() + (s.note().isEmpty() ? "" : " (" + s.note() + ")");
        } catch (SubmitUncertain u) {
            outcome = "uncertain: " + u.getMessage();
        }
        fault.get(60, TimeUnit.SECONDS);
        settle(cluster);
        System.out.println("[faults] " + label + ", round " + round + ": " + outcome);
        assertEquals(1, scheduler.of(name), "exactly one job in the scheduler for " + name + " (" + outcome + ")");
        assertEquals(1, known(ledger, cluster, name), "the ledger knows it (" + outcome + ")");
    }

    /**
     * A kernel killed at every point of a submission ({@link DyingSubmit} in its own JVM), then a new
     * kernel on the same ledger: never two jobs, and the ledger knows every job the scheduler has.
     */
    static void killedAtEveryPoint(
            String label, String scheduler, Path tmp, Function<Ledger, Cluster> newKernel, JobCount jobs)
            throws Exception {
        for (String point : KILL_POINTS) {
            String name = label.replace(' ', '-') + "-" + point + "-" + System.nanoTime();
            Path ledgerFile = tmp.resolve(name + ".db");
            Process kernel = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-cp",
                            System.getProperty("java.class.path"),
                            DyingSubmit.class.getName(),
                            ledgerFile.toString(),
                            name,
                            point,
                            scheduler)
                    .redirectErrorStream(true)
                    .redirectOutput(tmp.resolve(name + ".log").toFile())
                    .start();
            assertTrue(kernel.waitFor(120, TimeUnit.SECONDS), point);
            try (Ledger ledger = Ledger.open(ledgerFile)) {
                // a new kernel on the same ledger: its first call resolves what the dead one left open
                Cluster c = newKernel.apply(ledger);
                settle(c);
                int inScheduler = jobs.of(name);
                long known = known(ledger, c, name);
                System.out.println("[faults] " + label + " " + point + ": " + inScheduler + " in the scheduler, "
                        + known + " in the ledger");
                assertTrue(inScheduler <= 1, point + ": submitted twice");
                assertEquals(
                        inScheduler,
                        known,
                        point + ": the ledger knows every job the scheduler has (log: "
                                + Files.readString(tmp.resolve(name + ".log")) + ")");
                if (point.equals("during-submit") || point.equals("after-submit") || point.equals("after-ledger")) {
                    assertEquals(1, inScheduler, point + ": the submission went through");
                }
            }
        }
    }

    /** Reconciles until no submission is still waiting for its answer (a detached submit may take a while). */
    static void settle(Cluster c) throws Exception {
        for (int i = 0; i < 90; i++) {
            if (c.reconcile().stream()
                    .noneMatch(r -> r.outcome().kind() == Scheduler.Outcome.Kind.PENDING
                            && !r.outcome().reason().equals("just started"))) {
                return;
            }
            Thread.sleep(1000);
        }
    }

    private static long known(Ledger ledger, Cluster c, String name) throws IOException {
        return ledger.jobs(c.profile().name()).stream()
                .map(JobRecord::name)
                .filter(name::equals)
                .count();
    }
}
