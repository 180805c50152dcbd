package org.hpckernel.magic.hpc;

import static org.junit.jupiter.api.Assertions.*;

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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mistakes in a sweep cell are refused with a message that says what to do, before anything is submitted or recorded. */
class SweepCommandTest {

    @TempDir
    Path tmp;

    Hpc hpc;
    CommandMagic magic;
    MagicContext context;

    @BeforeEach
    void session() throws Exception {
        Path profiles = tmp.resolve("profiles.yaml");
        Files.writeString(
                profiles,
                "current: here\nprofiles:\n- name: here\n  host: localhost\n  scheduler: local\n  workdir: \""
                        + tmp.resolve("work") + "\"\n");
        hpc = new Hpc(new ProfileStore(profiles), Ledger.open(tmp.resolve("ledger.db")));
        magic = HpcMagic.create(() -> hpc);
        context = new MagicContext() {
            public LiveDisplay show(Object value) {
                return v -> {};
            }

            public void print(String text) {}

            public String ask(String prompt, boolean secret) {
                return "";
            }

            public Path workingDirectory() {
                return tmp;
            }
        };
    }

    @AfterEach
    void close() {
        hpc.close();
    }

    String refused(String body, String... args) {
        MagicCall call =
                body == null ? MagicCall.line("hpc", List.of(args)) : MagicCall.cell("hpc", List.of(args), body);
        return assertThrows(HpcException.class, () -> magic.run(call, context)).getMessage();
    }

    static void assertContains(String expected, String message) {
        assertTrue(message.contains(expected), "expected '" + expected + "' in: " + message);
    }

    @Test
    void badCellsAreRefusedWithWhatToDo() {
        assertContains("needs a cell", refused(null, "sweep"));
        assertContains("The cell is empty", refused("  ", "sweep"));
        assertContains("cannot tell the sweep config's format", refused("{\"lr\": 0.1}", "sweep", "--command", "true"));
        assertContains(
                "unknown top-level key 'metod'",
                refused("metod: random\nparameters: {x: {values: [1]}}", "sweep", "--command", "true"));
        assertContains(
                "metric.goal must be minimize or maximize",
                refused("[[\"x\", 0.0, 1.0]]", "sweep", "--goal", "sideways", "--command", "true"));
        assertContains("nothing to run: give --command", refused("[[\"x\", 0.0, 1.0]]", "sweep"));
        assertContains(
                "program 'train.py' is not a file in the notebook's folder",
                refused("program: train.py\nmethod: random\nparameters: {x: {values: [1, 2]}}", "sweep"));
        assertContains(
                "Cannot stage missing.py",
                refused("[[\"x\", 0.0, 1.0]]", "sweep", "--stage", "missing.py", "--command", "true"));
        assertContains(
                "--parallel must be at least 1",
                refused("[[\"x\", 0.0, 1.0]]", "sweep", "--parallel", "0", "--command", "true"));
    }

    @Test
    void followingASweepThatDoesNotExistSaysWhereToLook() {
        assertContains("Did you mean status?", refused(null, "sweep", "stauts", "1"));
        assertContains("No sweep 99 in the ledger: %hpc sweep list", refused(null, "sweep", "status", "99"));
        assertContains("'abc' is not a sweep id", refused(null, "sweep", "results", "abc"));
        assertContains("No sweep started yet", refused(null, "sweep", "stop"));
    }

    @Test
    void helpShowsTheMacrosAndExamplesAsTyped() throws Exception {
        String help = String.valueOf(magic.run(MagicCall.line("hpc", List.of("sweep", "--help")), context))
                .replaceAll("\\s+", " ");
        assertContains("W&B macros such as ${args} are", help);
        assertContains("%%hpc sweep --name quad --parallel 5 --max-trials 30 --command 'python3 f.py ${args}'", help);
        assertContains("%hpc sweep resume 3", help);
    }

    @Test
    void defaultsComeFromTheConfigThenTheMethod() {
        SweepCommand grid = new SweepCommand();
        grid.command = "true";
        SweepCommandDefaults.assertSteering(
                grid, "method: grid\nparameters: {a: {values: [1, 2, 3]}, b: {values: [x, y]}}", 6, 6);
        SweepCommand capped = new SweepCommand();
        capped.command = "true";
        SweepCommandDefaults.assertSteering(
                capped, "method: random\nrun_cap: 7\nparameters: {a: {min: 0.0, max: 1.0}}", 7, 7);
        SweepCommand bayes = new SweepCommand();
        bayes.command = "true";
        bayes.parallel = 3;
        SweepCommandDefaults.assertSteering(
                bayes, "method: bayes\nmetric: {name: loss}\nparameters: {a: {min: 0.0, max: 1.0}}", 20, 3);
    }

    /** Reads the limits a definition would steer with. */
    static final class SweepCommandDefaults {
        static void assertSteering(SweepCommand c, String config, int maxTrials, int perBatch) {
            var steering = c.definition(config).steering();
            assertEquals(maxTrials, steering.maxPoints(), config);
            assertEquals(perBatch, steering.pointsPerIteration(), config);
            assertEquals(c.parallel, steering.parallelism(), config);
        }
    }
}
