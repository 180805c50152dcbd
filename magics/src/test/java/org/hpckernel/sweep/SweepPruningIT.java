package org.hpckernel.sweep;

import static org.hpckernel.cluster.TestCluster.env;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.hpckernel.cluster.Cluster;
import org.hpckernel.cluster.Shell;
import org.hpckernel.cluster.profile.ProfileStore;
import org.hpckernel.ledger.Ledger;
import org.hpckernel.magic.CommandMagic;
import org.hpckernel.magic.LiveDisplay;
import org.hpckernel.magic.MagicCall;
import org.hpckernel.magic.MagicContext;
import org.hpckernel.magic.hpc.HpcMagic;
import org.hpckernel.session.Hpc;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/**
 * Early termination on the localhost Slurm cluster (install/test-cluster.sh up): trials log a learning curve per
 * epoch to $HPC_METRICS; W&B's hyperband from the pasted config cancels the poor ones' array tasks mid-run.
 */
class SweepPruningIT {

    /** loss = q * (1 + 1/(epoch+1)) per epoch, 3 s an epoch, 15 epochs: a larger q is worse at every epoch. */
    static final String CURVE = """
            import argparse, json, os, time
            p = argparse.ArgumentParser(); p.add_argument('--q', type=float); a = p.parse_args()
            with open(os.environ['HPC_METRICS'], 'a') as m:
                for epoch in range(15):
                    time.sleep(3)
                    loss = a.q * (1 + 1 / (epoch + 1))
                    m.write(json.dumps({'_step': epoch, '_timestamp': time.time(), 'loss': loss}) + '\\n'); m.flush()
            json.dump({'loss': loss}, open(os.environ['HPC_RESULT'], 'w'))
            """;

    Path home;
    Hpc hpc;
    final List<Object> shown = Collections.synchronizedList(new ArrayList<>());
    final StringBuilder printed = new StringBuilder();
    final String runTag = Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);

    final MagicContext context = new MagicContext() {
        public LiveDisplay show(Object value) {
            shown.add(value);
            return v -> {};
        }

        public void print(String text) {
            printed.append(text);
        }

        public String ask(String prompt, boolean secret) {
            return null;
        }

        public Path workingDirectory() {
            return Path.of("").toAbsolutePath();
        }
    };

    @BeforeEach
    void session() throws IOException {
        home = Files.createTempDirectory("hpc-prune-it");
        Path profiles = home.resolve("profiles.yaml");
        Files.writeString(
                profiles,
                "current: it\nprofiles:\n- name: it\n  host: \"" + env("HPC_SSH_HOST") + "\"\n  port: "
                        + env("HPC_SSH_PORT") + "\n  user: \"" + env("HPC_SSH_USER") + "\"\n  key: \""
                        + env("HPC_SSH_KEY") + "\"\n  knownHosts: \""
                        + env("HPC_SSH_KNOWN_HOSTS") + "\"\n  scheduler: slurm\n  workdir: \"~/hpc-kernel-it\"\n");
        hpc = new Hpc(new ProfileStore(profiles), Ledger.open(home.resolve("ledger.db")));
    }

    @AfterEach
    void close() {
        hpc.close();
    }

    Object magic(String body, String... args) throws Exception {
        CommandMagic magic = HpcMagic.create(() -> hpc);
        return magic.run(
                body == null ? MagicCall.line("hpc", List.of(args)) : MagicCall.cell("hpc", List.of(args), body),
                context);
    }

    @Test
    void poorTrialsAreCancelledMidRunAndPrunedWhileTheBestCompletes() throws Exception {
        Cluster cluster = hpc.cluster("it");
        cluster.transport().write(cluster.workRoot() + "/curve.py", CURVE.getBytes(StandardCharsets.UTF_8), 0644);
        String name = "prune-" + runTag;
        String config = """
                method: grid
                metric: {name: loss, goal: minimize}
                parameters:
                  q: {values: [1, 2, 3, 4]}
                early_terminate: {type: hyperband, min_iter: 2, eta: 2}
                """;
        assertNull(magic(
                config,
                "sweep",
                "--name",
                name,
                "--parallel",
                "4",
                "--time",
                "5",
                "--command",
                "python3 ~/hpc-kernel-it/curve.py ${args}"));
        int id = Sweeps.of(hpc).resolve("last");
        Object waited = magic(null, "sweep", "wait", String.valueOf(id), "--timeout", "300");
        assertTrue(waited.toString().contains("DONE: 4/4 done"), waited.toString());

        Study study = Sweeps.of(hpc).study(id);
        Trial best = study.best().orElseThrow();
        assertEquals(1.0, best.getDouble("q"), study.results().printAll());
        assertEquals(TrialState.COMPLETE, best.state());
        Trial worst = study.trials().stream()
                .filter(t -> t.getDouble("q") == 4.0)
                .findFirst()
                .orElseThrow();
        assertEquals(TrialState.PRUNED, worst.state(), study.results().printAll());
        assertTrue(
                worst.reason().matches("pruned at rung \\d \\(step \\d+\\): loss [0-9.]+, cut-off [0-9.]+"),
                worst.reason());

        // cancelled mid-run: the pruned trial's curve stops short of 15 epochs, and Slurm says CANCELLED
        String dir = Sweeps.of(hpc).record(id).directory();
        Thread.sleep(4000); // a task that were still running would log another epoch in 3 s
        String lines = cluster.transport()
                .exec(
                        "wc -l < " + Shell.quote(dir + "/trial-" + worst.number() + "-a1/metrics.jsonl"),
                        Duration.ofSeconds(30))
                .stdout()
                .strip();
        assertTrue(Integer.parseInt(lines) < 15, "the pruned trial logged " + lines + " epochs");
        String batch = Sweeps.of(hpc).store().batches(id).get(0).jobId();
        String state = cluster.transport()
                .exec("sacct -n -X -P -o State -j " + Shell.quote(batch + "_" + worst.number()), Duration.ofSeconds(30))
                .stdout()
                .strip();
        assertTrue(state.startsWith("CANCELLED"), state);
        // the intermediate values are in the ledger, for the export and the charts
        assertTrue(Sweeps.of(hpc).store().intermediates(id).get(best.number()).size() == 15);

        String status = magic(null, "sweep", "status", String.valueOf(id)).toString();
        assertTrue(
                status.contains("pruned (stopped early):")
                        && status.contains("trial " + worst.number() + ": pruned at rung"),
                status);
        Table results =
                assertInstanceOf(Table.class, magic(null, "sweep", "results", String.valueOf(id), "--no-plots"));
        assertTrue(results.stringColumn("state").asList().contains("PRUNED"), results.printAll());
    }
}
