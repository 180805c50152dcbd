package org.hpckernel.sweep;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hpckernel.cluster.JobSpec;
import org.hpckernel.ledger.Ledger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a sweep cell may hold, how its command line is built, and who may steer a recorded sweep. */
class SweepInputsTest {

    @Test
    void theFormatOfAPastedConfigIsToldApartByItsShape() {
        assertEquals(
                "bayes",
                SpaceParser.parse(
                                "method: bayes\nmetric: {name: acc, goal: maximize}\nparameters:\n  x: {min: 0.0, max: 1.0}")
                        .method());
        assertEquals(
                List.of("clf", "depth"),
                SpaceParser.parse("[['clf', ['RF', 'GB']], ['depth', 2, 32],]").params().stream()
                        .map(Param::name)
                        .toList());
        assertEquals(
                List.of("depth"),
                SpaceParser.parse("{\"params\": [[\"depth\", 2, 32]], \"name\": \"req\"}").params().stream()
                        .map(Param::name)
                        .toList());
        Param lr = SpaceParser.parse(
                        "{\"lr\": {\"method\": \"loguniform\", \"dimension\": {\"low\": 0.001, \"high\": 0.1}}}")
                .params()
                .get(0);
        assertEquals(new Param.Real("lr", 0.001, 0.1, true, null), lr);
        SpaceParserTest.assertMessage(
                "cannot tell the sweep config's format", () -> SpaceParser.parse("{\"lr\": 0.1}"));
        SpaceParserTest.assertMessage("sweep config is empty", () -> SpaceParser.parse("  \n"));
    }

    @Test
    void aCommandLineKeepsItsShellAndGetsEachTrialsArgumentsQuoted() {
        Map<String, Object> point = new LinkedHashMap<>();
        point.put("lr", 0.01);
        point.put("tag", "a b'; rm -rf ~");
        String line = RunCommand.expandLine("cd $HOME && python3 train.py ${args} | tee out.log", null, point);
        assertEquals("cd $HOME && python3 train.py '--lr=0.01' '--tag=a b'\\''; rm -rf ~' | tee out.log", line);
        assertEquals(
                "/usr/bin/env python \"$HPC_JOB_DIR\"/'train.py' '--lr=0.01' '--tag=a b'\\''; rm -rf ~'",
                RunCommand.expand(List.of(), "03-sweeps/train.py", point),
                "a relative program is the copy staged with the array");
        assertEquals(
                "python ~/'my code/t.py'",
                RunCommand.expand(List.of("${interpreter}", "${program}"), "~/my code/t.py", point));
        assertEquals(
                "python '/opt/t.py'", RunCommand.expand(List.of("${interpreter}", "${program}"), "/opt/t.py", point));
        assertEquals(
                "echo ${HOME}", RunCommand.expandLine("echo ${HOME}", null, point), "only W&B's macros are replaced");
    }

    @Test
    void aDefinitionWithoutACommandOrProgramSaysWhatToGive() {
        SweepDefinition def = new SweepDefinition(
                "s",
                "[[\"x\", 0.0, 1.0]]",
                null,
                null,
                null,
                1,
                Steering.of(2, 2),
                3,
                null,
                JobSpec.builder().name("s").script("x").build());
        SpaceParserTest.assertMessage("nothing to run: give --command", def::space);
    }

    @Test
    void onlyOneLiveKernelSteersASweep(@TempDir Path tmp) throws Exception {
        try (Ledger ledger = Ledger.open(tmp.resolve("ledger.db"))) {
            SweepStore store = new SweepStore(ledger);
            SweepDefinition def = new SweepDefinition(
                    "s",
                    "[[\"x\", 0.0, 1.0]]",
                    null,
                    null,
                    null,
                    1,
                    Steering.of(2, 2),
                    3,
                    "true",
                    JobSpec.builder().name("s").script("x").build());
            int id = store.create("p", def, "/w").id();
            assertEquals(Optional.empty(), store.claim(id, "kernel A", Duration.ofMinutes(2), who -> true));
            assertEquals(
                    Optional.of("kernel A"),
                    store.claim(id, "kernel B", Duration.ofMinutes(2), who -> true),
                    "A beat a moment ago");
            assertEquals(
                    Optional.empty(),
                    store.claim(id, "kernel B", Duration.ofMinutes(2), who -> false),
                    "A's process is gone");
            assertEquals(
                    Optional.empty(),
                    store.claim(id, "kernel C", Duration.ZERO, who -> true),
                    "B's heartbeat is stale");
            assertEquals("kernel C", store.sweep(id).orElseThrow().steeredBy());
            assertEquals(def, store.sweep(id).orElseThrow().definition(), "the definition survives the ledger as JSON");
        }
    }

    @Test
    void twoLedgersNeverShareASweepFolderUnderOneWorkRoot(@TempDir Path tmp) throws Exception {
        SweepDefinition def = new SweepDefinition(
                "same",
                "[[\"x\", 0.0, 1.0]]",
                null,
                null,
                null,
                1,
                Steering.of(2, 2),
                3,
                "true",
                JobSpec.builder().name("same").script("x").build());
        try (Ledger a = Ledger.open(tmp.resolve("a.db"));
                Ledger b = Ledger.open(tmp.resolve("b.db"))) {
            SweepStore.SweepRecord first = new SweepStore(a).create("p", def, "/w");
            SweepStore.SweepRecord second = new SweepStore(b).create("p", def, "/w");
            assertEquals(first.id(), second.id(), "both ledgers number their first sweep 1");
            assertNotEquals(
                    first.directory(), second.directory(), "a batch receipt of one must not answer for the other");
            assertTrue(
                    first.directory().startsWith("/w/sweeps/")
                            && first.directory().contains("-1-same-"),
                    first.directory());
        }
    }

    @Test
    void aKernelOnThisMachineCountsAsAliveOnlyWhileItsProcessRuns() throws Exception {
        String host = java.net.InetAddress.getLocalHost().getHostName();
        assertTrue(Sweeps.alive("kernel " + ProcessHandle.current().pid() + "@" + host));
        assertFalse(Sweeps.alive("kernel 2147483646@" + host));
        assertTrue(
                Sweeps.alive("kernel 1@elsewhere.example.org"), "another machine's kernel is judged by its heartbeat");
    }
}
