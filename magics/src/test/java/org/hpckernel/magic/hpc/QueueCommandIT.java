package org.hpckernel.magic.hpc;

import static org.hpckernel.cluster.TestCluster.env;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.hpckernel.HpcException;
import org.hpckernel.cluster.profile.ProfileStore;
import org.hpckernel.ledger.Ledger;
import org.hpckernel.magic.CommandMagic;
import org.hpckernel.magic.LiveDisplay;
import org.hpckernel.magic.MagicCall;
import org.hpckernel.magic.MagicContext;
import org.hpckernel.render.TableView;
import org.hpckernel.session.Hpc;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/** %hpc queue, %hpc partitions and %%hpc submit --dry-run as a notebook runs them, on the localhost Slurm. */
class QueueCommandIT {

    private static Hpc hpc;
    private static CommandMagic magic;

    @BeforeAll
    static void session() throws Exception {
        Path home = Files.createTempDirectory("hpc-queue-it");
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
            return v -> {};
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
    void aJobThatMustWaitIsShownPendingWithItsReasonAndExpectedStart() throws Exception {
        String id = (String)
                run("#!/bin/bash\n#SBATCH --begin=now+2hours\ntrue", "submit", "--name", "queued-later", "--time", "1");
        try {
            Table mine = (Table) run(null, "queue");
            String text = TableView.text(mine);
            int row = mine.stringColumn("job").indexOf(id);
            assertTrue(row >= 0, text);
            assertEquals("PENDING", mine.stringColumn("state").get(row), text);
            assertEquals("BeginTime", mine.stringColumn("reason").get(row), text);
            assertTrue(mine.stringColumn("start (cluster time)").get(row).startsWith("expected 20"), text);
            assertEquals("0:01:00", mine.stringColumn("time left").get(row), text);
            Table others = (Table) run(null, "queue", "--all", "--partition", "short");
            assertTrue(others.stringColumn("job").indexOf(id) < 0, TableView.text(others));
        } finally {
            run(null, "cancel", id);
        }
    }

    @Test
    void partitionsShowTheDefaultAndTheShortPartitionsLimit() throws Exception {
        Table parts = (Table) run(null, "partitions");
        String text = TableView.text(parts);
        int debug = parts.stringColumn("partition").indexOf("debug");
        int shortOne = parts.stringColumn("partition").indexOf("short");
        assertEquals("yes", parts.stringColumn("default").get(debug), text);
        assertEquals("no limit", parts.stringColumn("max time").get(debug), text);
        assertEquals("0:10:00", parts.stringColumn("max time").get(shortOne), text);
        assertEquals("2", parts.stringColumn("total").get(debug), text);
    }

    @Test
    void aDryRunSaysWhenItWouldStartOrWhyASubmitWouldRefuseIt() throws Exception {
        String script = (String) run("echo hi", "submit", "--name", "dry", "--time", "1", "--dry-run");
        assertTrue(script.startsWith("# Slurm estimates it would start at "), script);
        assertTrue(script.contains("#SBATCH --job-name=dry"), script);
        // the notebook still sees the script, with the refusal a submit would give above it
        String refused =
                (String) run("echo hi", "submit", "--partition", "short", "--time", "20", "--gpus", "1", "--dry-run");
        assertTrue(
                refused.startsWith("# NOT SUBMITTABLE: ")
                        && refused.contains("never start")
                        && refused.contains("no GPUs"),
                refused);
        assertTrue(refused.contains("#SBATCH --partition=short"), refused);
        var e = assertThrows(
                org.hpckernel.cluster.SubmitFailed.class,
                () -> run("echo hi", "submit", "--partition", "short", "--time", "20"));
        assertTrue(e.getMessage().contains("never start"), e.getMessage());
    }

    @Test
    void theHelpNamesTheNewSubcommandsAndABadOptionSaysWhatToDo() throws Exception {
        String help = String.valueOf(run(null, "queue", "--help"));
        assertTrue(help.contains("--all") && help.contains("%hpc queue --all --partition gpu"), help);
        var e = assertThrows(HpcException.class, () -> run(null, "partitions", "--nosuch"));
        assertTrue(e.getMessage().contains("--nosuch"), e.getMessage());
    }
}
