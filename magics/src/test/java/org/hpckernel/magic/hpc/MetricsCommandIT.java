package org.hpckernel.magic.hpc;

import static org.hpckernel.cluster.TestCluster.env;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.hpckernel.cluster.profile.ProfileStore;
import org.hpckernel.ledger.Ledger;
import org.hpckernel.magic.CommandMagic;
import org.hpckernel.magic.LiveDisplay;
import org.hpckernel.magic.MagicCall;
import org.hpckernel.magic.MagicContext;
import org.hpckernel.render.Png;
import org.hpckernel.session.Hpc;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/** %hpc metrics on the localhost Slurm cluster (install/test-cluster.sh up): a job appending rows while it runs. */
class MetricsCommandIT {

    private static Hpc hpc;
    private static CommandMagic magic;
    private static final List<Object> shown = Collections.synchronizedList(new ArrayList<>());
    private static final List<Object> updates = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    static void session() throws Exception {
        Path home = Files.createTempDirectory("hpc-metrics-it");
        Path profiles = home.resolve("profiles.yaml");
        Files.writeString(
                profiles,
                "current: it\nprofiles:\n- name: it\n  host: \"" + env("HPC_SSH_HOST") + "\"\n  port: "
                        + env("HPC_SSH_PORT") + "\n  user: \"" + env("HPC_SSH_USER") + "\"\n  key: \""
                        + env("HPC_SSH_KEY") + "\"\n  knownHosts: \""
                        + env("HPC_SSH_KNOWN_HOSTS") + "\"\n  scheduler: slurm\n  workdir: \"~/hpc-kernel-it\"\n");
        hpc = new Hpc(new ProfileStore(profiles), Ledger.open(home.resolve("ledger.db")));
        magic = HpcMagic.create(() -> hpc);
    }

    @AfterAll
    static void close() {
        hpc.close();
    }

    private static final MagicContext CONTEXT = new MagicContext() {
        public LiveDisplay show(Object value) {
            shown.add(value);
            return updates::add;
        }

        public void print(String text) {}

        public String ask(String prompt, boolean secret) {
            return null;
        }

        public Path workingDirectory() {
            return Path.of("").toAbsolutePath();
        }
    };

    private static Object run(String body, String... args) throws Exception {
        MagicCall call =
                body == null ? MagicCall.line("hpc", List.of(args)) : MagicCall.cell("hpc", List.of(args), body);
        return magic.run(call, CONTEXT);
    }

    @Test
    void liveMetricsRedrawWhileAShellJobAppendsRowsIncludingAPartialLine() throws Exception {
        // the job writes half a line, waits, then completes it: the reader must not take the half line as a row
        String script = "#!/bin/bash\n"
                + "for i in 0 1 2 3 4; do echo \"{\\\"_step\\\":$i,\\\"loss\\\":$((10 - i))}\" >> \"$HPC_METRICS\"; sleep 2; done\n"
                + "printf '{\"_step\":5,\"lo' >> \"$HPC_METRICS\"; sleep 3; printf 'ss\":1}\\n' >> \"$HPC_METRICS\"\n";
        String id = (String) run(script, "submit", "--name", "metrics-live", "--time", "5");
        shown.clear();
        updates.clear();
        Object end = run(null, "metrics", id, "--plot", "--live");
        assertTrue(String.valueOf(end).contains("6 metric rows"), String.valueOf(end));
        assertTrue(shown.get(0) instanceof Table, shown.toString());
        List<Object> tables =
                new ArrayList<>(updates.stream().filter(u -> u instanceof Table).toList());
        assertFalse(tables.isEmpty(), "the table was redrawn while the job ran");
        Table last = (Table) tables.get(tables.size() - 1);
        assertEquals(1.0, last.doubleColumn("min").get(0));
        assertEquals(6, last.longColumn("count").get(0));
        assertTrue(updates.stream().anyMatch(u -> u instanceof Png)
                || shown.stream().anyMatch(u -> u instanceof Png));

        Table summary = (Table) run(null, "metrics", id, "--keys", "loss");
        assertEquals(10.0, summary.doubleColumn("max").get(0));
        Table rows = (Table) run(null, "metrics", id, "--rows");
        assertEquals(6, rows.rowCount());
    }

    @Test
    void aJobThatRanWandbOfflineShowsItsHistoryFromTheWandbFile() throws Exception {
        String id = (String) run("#!/bin/bash\ntrue\n", "submit", "--name", "wandb-offline", "--time", "5");
        run(null, "wait", id, "--timeout", "120");
        var cluster = hpc.cluster();
        String dir = cluster.directoryOf(cluster.resolve(id)).path();
        var w = new org.hpckernel.tracking.WandbLogWriter();
        for (int i = 0; i < 4; i++) {
            var history = new org.hpckernel.tracking.WandbLogWriter.Msg()
                    .msg(1, org.hpckernel.tracking.WandbLogWriter.item("_step", String.valueOf(i)))
                    .msg(1, org.hpckernel.tracking.WandbLogWriter.item("acc", String.valueOf(0.5 + i * 0.1)));
            w.record(new org.hpckernel.tracking.WandbLogWriter.Msg()
                    .msg(2, history)
                    .bytes());
        }
        cluster.transport()
                .write(dir + "/wandb/offline-run-20261122_120000-abcd1234/run-abcd1234.wandb", w.bytes(), 0644);
        Table t = (Table) run(null, "metrics", id, "--keys", "acc");
        assertEquals(1, t.rowCount(), t.print());
        assertEquals(0.8, t.doubleColumn("max").get(0), 1e-9);
        assertEquals(3, t.longColumn("last_step").get(0));
    }
}
