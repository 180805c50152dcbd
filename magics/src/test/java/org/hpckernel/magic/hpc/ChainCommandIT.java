package org.hpckernel.magic.hpc;

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
import org.hpckernel.session.Hpc;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/** {@code %%hpc submit --chain N} through the magic, on a profile of the local executor: one status row, and why it ended. */
class ChainCommandIT {

    private static Hpc hpc;
    private static CommandMagic magic;

    @BeforeAll
    static void session() throws Exception {
        Path home = Files.createTempDirectory("hpc-chain-it");
        Path profiles = home.resolve("profiles.yaml");
        Files.writeString(
                profiles,
                "current: here\nprofiles:\n- name: here\n  host: localhost\n  scheduler: local\n  workdir: \""
                        + home.resolve("work") + "\"\n");
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
        return magic.run(
                body == null ? MagicCall.line("hpc", List.of(args)) : MagicCall.cell("hpc", List.of(args), body),
                CONTEXT);
    }

    @Test
    void dryRunShowsTheThrottledArrayAndTheChainVariables() throws Exception {
        String script = (String) run("python3 train.py", "submit", "--chain", "30", "--time", "60", "--dry-run");
        assertTrue(script.contains("#LOCAL --array=1-30%1\n") && script.contains("HPC_CHAIN_LINKS=30"), script);
    }

    @Test
    void aChainBesideAnArrayIsRefusedWithWhatToDo() {
        HpcException e =
                assertThrows(HpcException.class, () -> run("true", "submit", "--chain", "3", "--array", "1-10%2"));
        assertTrue(
                e.getMessage().contains("cannot also be the array 1-10%2")
                        && e.getMessage().contains("keep one of them"),
                e.getMessage());
    }

    @Test
    void aChainIsOneRowOfTheStatusTableAndTheWaitSaysWhyItStopped() throws Exception {
        String id = (String) run("echo link $HPC_CHAIN_LINK\nexit 3", "submit", "--name", "chained", "--chain", "3");
        String summary = String.valueOf(run(null, "wait", id, "--timeout", "60"));
        assertTrue(summary.contains("stopped at link 1: exit code 3; links 2-3 cancelled"), summary);
        Table t = (Table) run(null, "status", id);
        assertEquals(List.of(id), t.stringColumn("job").asList(), t.print());
        assertEquals("chain 1/3 FAILED", t.stringColumn("state").get(0));
        assertEquals("3", t.stringColumn("exit").get(0).strip());
        // %hpc jobs, from the ledger alone
        Table jobs = (Table) run(null, "jobs", "--no-refresh");
        assertEquals(
                "chain 1/3 FAILED",
                jobs.stringColumn("state").get(jobs.stringColumn("job").asList().indexOf(id)),
                jobs.print());
    }
}
