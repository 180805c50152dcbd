package org.hpckernel.sweep;

import static org.hpckernel.cluster.TestCluster.env;
import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hpckernel.cluster.Cluster;
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
 * A segmented sweep on the localhost Slurm cluster (install/test-cluster.sh up) through %%hpc sweep:
 * two segments with opposite goals, 4 trials each, 2 trials at once in all; the kernel is restarted
 * mid-sweep and %hpc sweep resume takes both segments again. Every trial logs when it ran, so the
 * test sees how many ran at once on the cluster.
 */
class SegmentedSweepOnClusterIT {

    /** Argument 1 is the segment (PanDA's %SEGMENT_NAME); the rest are W&B-style --x=V. */
    static final String PROGRAM = """
            import json, os, sys, time
            seg = sys.argv[1]
            x = float([a for a in sys.argv[2:] if a.startswith('--x=')][0][4:])
            assert os.environ['HPC_SEGMENT'] == seg, (os.environ.get('HPC_SEGMENT'), seg)
            log = sys.argv[0][:-3] + '.log'
            with open(log, 'a') as f: f.write(f"start {time.time()}\\n")
            time.sleep(3)
            out = {'loss': (x - 1) ** 2} if seg == 'quad' else {'acc': 1 - abs(x - 0.5)}
            with open(log, 'a') as f: f.write(f"end {time.time()}\\n")
            json.dump(out, open(os.environ['HPC_RESULT'], 'w'))
            """;

    static final String CELL = """
            segments:
              - name: quad
                metric: {name: loss, goal: minimize}
                parameters:
                  x: {min: -2.0, max: 2.0}
              - name: peak
                metric: {name: acc, goal: maximize}
                parameters:
                  x: {min: 0.0, max: 1.0}
            """;

    Path home;
    Path ledgerFile;
    Path profiles;
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
        home = Files.createTempDirectory("hpc-segments-it");
        ledgerFile = home.resolve("ledger.db");
        profiles = home.resolve("profiles.yaml");
        Files.writeString(
                profiles,
                "current: it\nprofiles:\n- name: it\n  host: \"" + env("HPC_SSH_HOST")
                        + "\"\n  port: " + env("HPC_SSH_PORT") + "\n  user: \"" + env("HPC_SSH_USER")
                        + "\"\n  key: \"" + env("HPC_SSH_KEY") + "\"\n  knownHosts: \"" + env("HPC_SSH_KNOWN_HOSTS")
                        + "\"\n  scheduler: slurm\n  workdir: \"~/hpc-kernel-it\"\n");
        hpc = new Hpc(new ProfileStore(profiles), Ledger.open(ledgerFile));
    }

    @AfterEach
    void close() {
        hpc.close();
    }

    Object magic(String body, String... args) throws Exception {
        CommandMagic magic = HpcMagic.create(() -> hpc);
        MagicCall call =
                body == null ? MagicCall.line("hpc", List.of(args)) : MagicCall.cell("hpc", List.of(args), body);
        return magic.run(call, context);
    }

    /** The most trials whose runs overlapped in time, from the start/end lines they logged. */
    static int mostAtOnce(String log) {
        List<double[]> events = new ArrayList<>();
        for (String line : log.lines().toList()) {
            String[] w = line.split(" ");
            events.add(new double[] {Double.parseDouble(w[1]), w[0].equals("start") ? 1 : -1});
        }
        // an end before a start at the same time
        events.sort((a, b) -> a[0] != b[0] ? Double.compare(a[0], b[0]) : Double.compare(a[1], b[1]));
        int now = 0;
        int most = 0;
        for (double[] e : events) {
            now += (int) e[1];
            most = Math.max(most, now);
        }
        return most;
    }

    @Test
    void twoSegmentsOfFourTrialsShareTwoSlotsAcrossAKernelRestart() throws Exception {
        Cluster cluster = hpc.cluster("it");
        String program = cluster.workRoot() + "/segit-" + runTag + ".py";
        cluster.transport().write(program, PROGRAM.getBytes(StandardCharsets.UTF_8), 0644);
        String name = "segit-" + runTag;
        assertNull(magic(
                CELL,
                "sweep",
                "--name",
                name,
                "--parallel",
                "2",
                "--max-trials",
                "4",
                "--seed",
                "5",
                "--time",
                "5",
                "--command",
                "python3 " + program + " %SEGMENT_NAME ${args}"));
        Matcher m = Pattern.compile("Segmented sweep (\\d+): quad \\(sweep (\\d+)\\), peak \\(sweep (\\d+)\\)")
                .matcher(printed);
        assertTrue(m.find(), printed.toString());
        int group = Integer.parseInt(m.group(1));
        int quad = Integer.parseInt(m.group(2));
        int peak = Integer.parseInt(m.group(3));
        assertEquals(quad, group);

        // the kernel goes away once some trials have finished, then a new one resumes the whole group
        SweepRun first = Sweeps.of(hpc).run(quad).orElseThrow();
        SweepRun second = Sweeps.of(hpc).run(peak).orElseThrow();
        SweepOnClusterIT.until(
                "a trial to complete",
                Duration.ofSeconds(180),
                () -> first.progress().complete() + second.progress().complete() >= 1);
        first.abandon();
        second.abandon();
        int completeBefore = first.progress().complete() + second.progress().complete();
        assertTrue(
                completeBefore < 8,
                "the sweep was cut in the middle: " + first.progress().line() + " / "
                        + second.progress().line());
        hpc.close();
        hpc = new Hpc(new ProfileStore(profiles), Ledger.open(ledgerFile));
        assertNull(magic(null, "sweep", "resume", String.valueOf(peak)), "any segment's id resumes the group");
        for (int id : List.of(quad, peak)) {
            SweepRun run = Sweeps.of(hpc)
                    .run(id)
                    .orElseThrow(() -> new AssertionError("segment sweep " + id + " was not resumed"));
            assertTrue(run.await(Duration.ofSeconds(300)), run.progress().line());
            assertEquals("DONE", run.progress().state(), run.progress().line());
        }

        shown.clear();
        Object results = magic(null, "sweep", "results", String.valueOf(group));
        Table best = assertInstanceOf(Table.class, results);
        assertEquals(List.of("quad", "peak"), best.stringColumn("segment").asList());
        assertEquals(List.of(quad, peak), best.intColumn("sweep").asList());
        assertEquals(List.of(4, 4), best.intColumn("complete").asList(), best.printAll());
        assertEquals(List.of("loss", "acc"), best.stringColumn("metric").asList());
        assertEquals(List.of("minimize", "maximize"), best.stringColumn("goal").asList());
        Study quadStudy = Sweeps.of(hpc).study(quad);
        Study peakStudy = Sweeps.of(hpc).study(peak);
        double quadBest =
                quadStudy.trials().stream().mapToDouble(Trial::value).min().orElseThrow();
        double peakBest =
                peakStudy.trials().stream().mapToDouble(Trial::value).max().orElseThrow();
        assertEquals(quadBest, best.doubleColumn("value").get(0), 1e-12);
        assertEquals(peakBest, best.doubleColumn("value").get(1), 1e-12);
        for (Trial t : quadStudy.trials()) {
            assertEquals(Math.pow(t.getDouble("x") - 1, 2), t.value(), 1e-9, "quad's objective is its own");
        }
        for (Trial t : peakStudy.trials()) {
            assertEquals(1 - Math.abs(t.getDouble("x") - 0.5), t.value(), 1e-9, "peak's objective is its own");
        }
        List<Table> segmentTables = shown.stream()
                .filter(Table.class::isInstance)
                .map(Table.class::cast)
                .toList();
        assertEquals(2, segmentTables.size(), "one results table per segment");
        assertEquals(4, segmentTables.get(0).rowCount());
        assertTrue(
                segmentTables.get(0).columnNames().contains("loss"),
                segmentTables.get(0).columnNames().toString());
        assertTrue(
                segmentTables.get(1).columnNames().contains("acc"),
                segmentTables.get(1).columnNames().toString());
        assertEquals(peakBest, segmentTables.get(1).doubleColumn("acc").get(0), 1e-12, "best first, maximizing");

        Cluster again = hpc.cluster("it");
        assertEquals(
                4, SweepOnClusterIT.accountedTasks(again, name + "-quad", 4).size(), "4 quad trials, once each");
        assertEquals(
                4, SweepOnClusterIT.accountedTasks(again, name + "-peak", 4).size(), "4 peak trials, once each");
        byte[] logBytes = again.transport().read(cluster.workRoot() + "/segit-" + runTag + ".log", 0, 1 << 20);
        String log = new String(logBytes, StandardCharsets.UTF_8);
        assertEquals(16, log.lines().count(), log);
        assertTrue(mostAtOnce(log) <= 2, "more than 2 trials ran at once:\n" + log);
    }
}
