package org.hpckernel.magic.hpc;

import static org.hpckernel.cluster.TestCluster.env;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.hpckernel.HpcException;
import org.hpckernel.cluster.ExecResult;
import org.hpckernel.cluster.Transport;
import org.hpckernel.cluster.profile.ProfileStore;
import org.hpckernel.ledger.Ledger;
import org.hpckernel.magic.CommandMagic;
import org.hpckernel.magic.LiveDisplay;
import org.hpckernel.magic.MagicCall;
import org.hpckernel.magic.MagicContext;
import org.hpckernel.session.Hpc;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code %%hpc run} as a user types it, on the localhost Slurm (srun) and Grid Engine (qrsh) over
 * the real SSH of install/test-cluster.sh, and on the local profile: output reaches the cell while
 * the job still runs, the exit code is the result, a non-zero one an error, and an interrupt leaves
 * nothing running. Grid Engine has 2 slots shared with other tests: a run may queue a while first.
 */
class InteractiveRunIT {

    /** How long a run may wait for its first line (a busy queue); a bound, not a timing assert. */
    private static final long PATIENCE_S = 180;

    private static Path home;
    private static String savedHome;
    private static Hpc hpc;
    private static CommandMagic magic;

    @BeforeAll
    static void session() throws Exception {
        home = Files.createTempDirectory("run-it");
        savedHome = System.getProperty("user.home");
        System.setProperty("user.home", home.toString()); // the local profile's work root is ~/hpc-kernel
        String ssh = "  host: \"" + env("HPC_SSH_HOST") + "\"\n  port: " + env("HPC_SSH_PORT") + "\n  user: \""
                + env("HPC_SSH_USER") + "\"\n  key: \"" + env("HPC_SSH_KEY") + "\"\n  knownHosts: \""
                + env("HPC_SSH_KNOWN_HOSTS") + "\"\n";
        Path profiles = home.resolve("profiles.yaml");
        Files.writeString(
                profiles,
                "current: slurm-it\nprofiles:\n- name: slurm-it\n" + ssh
                        + "  scheduler: slurm\n  workdir: \"~/hpc-kernel-it-run\"\n" + "- name: sge-it\n" + ssh
                        + "  scheduler: sge\n  workdir: \"~/hpc-kernel-it-run-sge\"\n");
        hpc = new Hpc(new ProfileStore(profiles), Ledger.open(home.resolve("ledger.db")), home);
        magic = HpcMagic.create(() -> hpc);
    }

    @AfterAll
    static void close() {
        hpc.close();
        System.setProperty("user.home", savedHome);
    }

    /** A cell run on its own thread, its printed text queued as it comes. */
    private static final class Cell {
        final BlockingQueue<String> printed = new LinkedBlockingQueue<>();
        final StringBuilder all = new StringBuilder();
        final AtomicReference<Object> result = new AtomicReference<>();
        final AtomicReference<Throwable> thrown = new AtomicReference<>();
        final Thread thread;

        Cell(String profile, String body, String... options) {
            List<String> args = new java.util.ArrayList<>(List.of("run", "--profile", profile));
            args.addAll(List.of(options));
            MagicContext context = new MagicContext() {
                public LiveDisplay show(Object value) {
                    return v -> {};
                }

                public void print(String text) {
                    printed.add(text);
                }

                public String ask(String prompt, boolean secret) {
                    return null;
                }

                public Path workingDirectory() {
                    return home;
                }
            };
            thread = new Thread(
                    () -> {
                        try {
                            result.set(magic.run(MagicCall.cell("hpc", args, body), context));
                        } catch (Throwable t) {
                            thrown.set(t);
                        }
                    },
                    "cell " + profile);
            thread.start();
        }

        /** Waits until the cell printed {@code text}; everything printed so far is in {@link #all}. */
        void awaitPrinted(String text) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PATIENCE_S);
            while (!all.toString().contains(text)) {
                String next = printed.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (next == null) {
                    fail("the cell printed no '" + text + "' within " + PATIENCE_S + " s; it printed: " + all + " / "
                            + thrown.get());
                }
                all.append(next);
            }
        }

        void awaitEnd() throws InterruptedException {
            thread.join(TimeUnit.SECONDS.toMillis(PATIENCE_S));
            assertFalse(thread.isAlive(), "the cell did not end; it printed: " + all);
            printed.drainTo(new java.util.ArrayList<>() {
                @Override
                public boolean add(String s) {
                    all.append(s);
                    return true;
                }
            });
        }
    }

    private static Transport transport(String profile) throws Exception {
        return hpc.cluster(profile).transport();
    }

    private static String exec(String profile, String command) throws Exception {
        ExecResult r = transport(profile).exec(command, Duration.ofSeconds(60));
        return r.stdout() + r.stderr();
    }

    private static String unique(String prefix) {
        return prefix + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL);
    }

    @ParameterizedTest
    @ValueSource(strings = {"slurm-it", "sge-it", "local"})
    void outputReachesTheCellWhileTheJobStillRunsAndExitCodeZeroIsTheResult(String profile) throws Exception {
        String marker = transport(profile).home() + "/" + unique(".run-marker-");
        Cell cell = new Cell(
                profile,
                "echo first line\nwhile [ ! -e '" + marker + "' ]; do sleep 0.1; done\necho second line\n",
                "--time",
                "5");
        cell.awaitPrinted("first line");
        // the job waits for the marker: the first line was shown while it ran, not at its end
        assertTrue(cell.thread.isAlive(), "the run ended before the marker existed: " + cell.all);
        assertFalse(cell.all.toString().contains("second line"), cell.all.toString());
        exec(profile, "touch '" + marker + "'");
        cell.awaitEnd();
        exec(profile, "rm -f '" + marker + "'");
        assertEquals(null, cell.thrown.get(), () -> "printed: " + cell.all);
        assertEquals(0, cell.result.get());
        assertTrue(cell.all.toString().contains("second line"), cell.all.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"slurm-it", "sge-it", "local"})
    void aNonZeroExitIsAnErrorNamingTheCode(String profile) throws Exception {
        Cell cell = new Cell(profile, "echo about to fail >&2\nexit 3\n");
        cell.awaitEnd();
        HpcException e = assertInstanceOf(
                HpcException.class, cell.thrown.get(), () -> "printed: " + cell.all + " result " + cell.result.get());
        assertTrue(
                e.getMessage().contains("exited with code 3") && e.getMessage().contains("run the cell again"),
                e.getMessage());
        assertTrue(cell.all.toString().contains("about to fail"), cell.all.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"slurm-it", "sge-it", "local"})
    void anInterruptCancelsTheJobAndLeavesNothingRunning(String profile) throws Exception {
        String name = unique("stop");
        // a sleep no other test runs, to look for it afterwards
        String sleep = "sleep 4321." + ThreadLocalRandom.current().nextInt(100000, 999999);
        String sleepPattern = "[s]" + sleep.substring(1);
        Cell cell = new Cell(profile, "echo started\n" + sleep + "\necho never\n", "--name", name);
        cell.awaitPrinted("started");
        cell.thread.interrupt();
        cell.awaitEnd();
        Throwable t = cell.thrown.get();
        assertInstanceOf(InterruptedException.class, t, () -> "printed: " + cell.all + " / " + t);
        assertTrue(t.getMessage().contains("stopped and its job cancelled"), t.getMessage());
        // nothing of the run is left: no client, no job in the queue, no job process (the nodes are this machine)
        assertEquals("", leftBehind(profile, name, sleepPattern), "still there after the interrupt");
        if (profile.equals("slurm-it")) {
            // accounting hears of the end a moment after the queue forgets the job
            String accounted = "";
            for (int i = 0; i < 100 && accounted.isBlank(); i++) {
                accounted = exec(profile, "sacct -X -P -n -o State --name " + name + " -S now-1hour");
                Thread.sleep(200);
            }
            assertTrue(accounted.strip().matches("(CANCELLED.*|FAILED)"), "sacct: " + accounted);
        }
        assertFalse(cell.all.toString().contains("never"), cell.all.toString());
    }

    /** A qrsh still waiting in the queue ignores TERM and a closed channel: the run is stopped all the same. */
    @org.junit.jupiter.api.Test
    void anInterruptWhileGridEngineStillQueuesTheJobLeavesNothingBehind() throws Exception {
        String name = unique("queued");
        // 3 slots where all.q has 2: the job waits in the queue for ever
        Cell cell = new Cell("sge-it", "echo never\n", "--name", name, "--cpus", "3");
        String queued = "";
        for (int i = 0; i < 300 && !queued.contains(name); i++) {
            queued = exec("sge-it", "qstat -xml | grep -F '<JB_name>" + name + "</JB_name>'");
            Thread.sleep(100);
        }
        assertTrue(queued.contains(name), "the run's job never showed in qstat; the cell printed: " + cell.printed);
        cell.thread.interrupt();
        cell.awaitEnd();
        assertInstanceOf(
                InterruptedException.class,
                cell.thrown.get(),
                () -> "printed: " + cell.all + " / " + cell.thrown.get());
        assertEquals("", leftBehind("sge-it", name, "[q]rsh .*" + name), "still there after the interrupt");
    }

    /**
     * What of a run named {@code name} is still there, polled until nothing is (cancelling takes the
     * scheduler a moment): processes matching {@code pattern}, the run's own processes, its job.
     */
    private static String leftBehind(String profile, String name, String pattern) throws Exception {
        String left = "";
        for (int i = 0; i < 100; i++) {
            // [x]yz patterns: they do not match this very command line
            left = exec(
                    profile,
                    "pgrep -a -f -- " + org.hpckernel.cluster.Shell.quote(pattern) + "; pgrep -a -f -- "
                            + org.hpckernel.cluster.Shell.quote("[r]uns/[0-9-]*" + name) + "; "
                            + switch (profile) {
                                case "slurm-it" -> "squeue -h -n " + name + " -o '%i %T'";
                                case "sge-it" -> "qstat -xml | grep -F '<JB_name>" + name + "</JB_name>'";
                                default -> "true";
                            });
            if (left.isBlank()) {
                return "";
            }
            Thread.sleep(200);
        }
        return left.strip();
    }
}
