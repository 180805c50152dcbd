package org.hpckernel.magic.hpc;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
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

/** %hpc logs and the input checks of %%hpc submit through the magic, on a local-scheduler profile (jobs run on this machine). */
class LogsCommandIT {

    private static Hpc hpc;
    private static CommandMagic magic;
    private static final StringBuffer printed = new StringBuffer();

    @BeforeAll
    static void session() throws Exception {
        Path home = Files.createTempDirectory("hpc-logs-it");
        Path profiles = home.resolve("profiles.yaml");
        Files.writeString(
                profiles,
                "current: it\nprofiles:\n- name: it\n  host: localhost\n  scheduler: local\n  workdir: \""
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

    private static Object run(String body, String... args) throws Exception {
        MagicCall call =
                body == null ? MagicCall.line("hpc", List.of(args)) : MagicCall.cell("hpc", List.of(args), body);
        return magic.run(call, CONTEXT);
    }

    @Test
    void aJobWithoutOutputYetSaysSoWithItsState() throws Exception {
        String id = (String) run("sleep 4\necho hi\n", "submit", "--name", "quiet");
        String early = String.valueOf(run(null, "logs", id));
        assertTrue(early.startsWith("Job " + id + " has no output yet in stdout: it is "), early);
        assertTrue(early.contains("The log is /") && early.contains(" on the cluster."), early);
        run(null, "wait", id, "--timeout", "60");
        assertTrue(String.valueOf(run(null, "logs", id)).equals("hi\n"));
        String err = String.valueOf(run(null, "logs", id, "--err"));
        assertTrue(err.startsWith("Job " + id + " wrote nothing to stderr: it is COMPLETED"), err);
    }

    @Test
    void aThreeMegabyteLineComesBackCutWithTheLastLineWhole() throws Exception {
        String id =
                (String) run("head -c 3000000 /dev/zero | tr '\\0' x\necho\necho end\n", "submit", "--name", "wide");
        run(null, "wait", id, "--timeout", "60");
        String text = String.valueOf(run(null, "logs", id, "--tail", "5"));
        assertTrue(text.getBytes(StandardCharsets.UTF_8).length < 10_000, text.length() + " chars");
        // the line is longer than the most a tail reads back, so its start is not read: it is shown by its end, marked
        assertTrue(text.contains("[… line cut: it starts earlier") && text.endsWith("\nend\n"), text.substring(0, 300));
        assertTrue(text.startsWith("[hpc-kernel: only the last") && text.contains("wide-"), text.substring(0, 300));
    }

    @Test
    void followingStopsPrintingAfterTheBudgetAndNamesTheLog() throws Exception {
        String id = (String) run(
                "for i in $(seq 1 40); do yes 0123456789 | head -c 200000; sleep 0.2; done\n",
                "submit",
                "--name",
                "chatty");
        printed.setLength(0);
        Object end = run(null, "logs", id, "--follow");
        assertTrue(String.valueOf(end).startsWith("Stopped following job " + id), String.valueOf(end));
        assertTrue(printed.length() < (1 << 20) + 4096, printed.length() + " chars printed");
        assertTrue(
                printed.toString().contains("stopped printing after 1.0 MB")
                        && printed.toString().contains(" on the cluster."),
                printed.substring(Math.max(0, printed.length() - 400)));
        run(null, "cancel", id);
    }

    @Test
    void badInputIsRefusedWithAMessage() {
        assertTrue(assertThrows(HpcException.class, () -> run("true", "submit", "--time", "0"))
                .getMessage()
                .contains("above zero"));
        assertTrue(assertThrows(HpcException.class, () -> run("true", "submit", "--time", "-5"))
                .getMessage()
                .contains("negative"));
        assertThrows(HpcException.class, () -> run("true", "submit", "--time", "9223372036854775807"));
        assertTrue(assertThrows(HpcException.class, () -> run("true", "submit", "--after", "abc"))
                .getMessage()
                .contains("is not a job id"));
        assertTrue(assertThrows(HpcException.class, () -> run("true", "submit", "--env", "WANDB_API_KEY=abc"))
                .getMessage()
                .contains("--secret WANDB_API_KEY"));
        assertTrue(assertThrows(HpcException.class, () -> run(null, "logs", "1", "--tail", "0"))
                .getMessage()
                .contains("--tail"));
    }
}
