package org.hpckernel.magic.hpc;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;
import org.hpckernel.HpcException;
import org.hpckernel.cluster.JobId;
import org.hpckernel.cluster.JobSpec;
import org.hpckernel.cluster.profile.ProfileStore;
import org.hpckernel.ledger.Ledger;
import org.hpckernel.magic.CommandMagic;
import org.hpckernel.magic.LiveDisplay;
import org.hpckernel.magic.MagicCall;
import org.hpckernel.magic.MagicContext;
import org.hpckernel.session.Hpc;
import org.hpckernel.sweep.Steering;
import org.hpckernel.sweep.Study;
import org.hpckernel.sweep.SweepDefinition;
import org.hpckernel.sweep.SweepJournal;
import org.hpckernel.sweep.SweepStore;
import org.hpckernel.sweep.Sweeps;
import org.hpckernel.sweep.Trial;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code %hpc sweep export ID --optuna URL}: a sweep recorded in the ledger, read back by Debian's Optuna. */
class SweepExportCommandTest {

    static final String CONFIG = """
            method: bayes
            metric: {name: loss, goal: maximize}
            parameters:
              x: {min: -5.0, max: 5.0}
              opt: {values: [adam, sgd]}
              n: {distribution: int_uniform, min: 1, max: 8}
            """;

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

    /** Three trials as steering records them: one COMPLETE with intermediate values, one FAILED, one running. */
    int recordSweep() throws Exception {
        SweepDefinition def = new SweepDefinition(
                "quad",
                CONFIG,
                null,
                null,
                null,
                42L,
                Steering.of(3, 3),
                3,
                "true",
                JobSpec.builder().script("true\n").name("quad").build());
        SweepStore store = Sweeps.of(hpc).store();
        int id = store.create("here", def, tmp.resolve("work").toString()).id();
        Study study = def.newStudy();
        List<Trial> trials = List.of(study.ask(), study.ask(), study.ask());
        SweepJournal journal = store.journal(id);
        journal.planned(0, tmp.resolve("work/b0").toString(), trials);
        journal.submitted(0, JobId.of("4242"));
        store.recordIntermediate(id, 0, new TreeMap<>(java.util.Map.of(1L, 0.2, 2L, 0.4)));
        study.tell(trials.get(0), 0.5);
        journal.ended(study.trial(0), "COMPLETE");
        study.fail(trials.get(1), "exit status 2");
        journal.ended(study.trial(1), "FAILED");
        return id;
    }

    Object run(String... args) throws Exception {
        return magic.run(MagicCall.line("hpc", List.of(args)), context);
    }

    String refused(String... args) {
        return assertThrows(HpcException.class, () -> run(args)).getMessage();
    }

    @Test
    void exportWritesWhereItSaysAndOptunaOpensItAsPrinted() throws Exception {
        int id = recordSweep();
        String out = String.valueOf(run("sweep", "export", String.valueOf(id), "--optuna", "sqlite:///quad.db"));
        Path db = tmp.resolve("quad.db");
        assertTrue(out.startsWith("Sweep " + id + ": 3 trials written to " + db + " as Optuna study 'quad'."), out);
        assertTrue(out.contains("study = optuna.load_study(study_name='quad', storage='sqlite:///" + db + "')"), out);

        // the printed line, run as printed
        String line = out.substring(out.indexOf("study = ")).lines().findFirst().orElseThrow();
        Process p = new ProcessBuilder(
                        "/usr/bin/python3",
                        "-c",
                        "import json, optuna\noptuna.logging.set_verbosity(optuna.logging.WARNING)\n"
                                + line
                                + "\nprint(json.dumps({'direction': study.direction.name, 'states': [t.state.name for t in "
                                + "study.trials], "
                                + "'best': study.best_value, 'best_params': study.best_params, 'steps': "
                                + "study.trials[0].intermediate_values, "
                                + "'attrs': study.user_attrs, 'reason': study.trials[1].user_attrs.get('reason'), "
                                + "'durations': [t.duration is not None for t in study.trials]}))")
                .redirectErrorStream(true)
                .start();
        String py = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(
                0,
                p.waitFor(),
                "Debian's python3-optuna (install/test.sh installs it) could not open the export: " + py);
        JsonNode seen =
                new ObjectMapper().readTree(py.lines().reduce((a, b) -> b).orElseThrow());
        assertEquals("MAXIMIZE", seen.get("direction").asText());
        assertEquals("[\"COMPLETE\",\"FAIL\",\"RUNNING\"]", seen.get("states").toString());
        assertEquals(0.5, seen.get("best").asDouble());
        Trial first = Sweeps.of(hpc).study(id).trial(0);
        assertEquals(first.getDouble("x"), seen.get("best_params").get("x").asDouble());
        assertEquals(first.getString("opt"), seen.get("best_params").get("opt").asText());
        assertEquals(first.getLong("n"), seen.get("best_params").get("n").asLong());
        assertEquals("{\"1\":0.2,\"2\":0.4}", seen.get("steps").toString());
        assertEquals(id, seen.get("attrs").get("hpc_sweep_id").asInt());
        assertEquals(42, seen.get("attrs").get("seed").asInt());
        assertEquals("exit status 2", seen.get("reason").asText());
        assertEquals("[true,true,false]", seen.get("durations").toString(), "finished trials have a start and an end");

        String again = refused("sweep", "export", String.valueOf(id), "--optuna", "sqlite:///quad.db");
        assertTrue(
                again.contains("already holds a study named 'quad': give another --study-name, another file, or "
                        + "--overwrite"),
                again);
        assertTrue(String.valueOf(
                        run("sweep", "export", "last", "--optuna", "sqlite:///quad.db", "--study-name", "quad-2"))
                .contains("as Optuna study 'quad-2'"));
        assertTrue(String.valueOf(run("sweep", "export", "last", "--optuna", "sqlite:///quad.db", "--overwrite"))
                .contains("as Optuna study 'quad'"));
    }

    @Test
    void anUnknownSweepOrABadUrlIsRefusedSayingWhatToGive() throws Exception {
        assertTrue(refused("sweep", "export", "9", "--optuna", "sqlite:///a.db")
                .contains("No sweep 9 in the ledger: %hpc sweep list"));
        int id = recordSweep();
        String bad = refused("sweep", "export", String.valueOf(id), "--optuna", "postgresql://db/optuna");
        assertTrue(bad.contains("is not an SQLite URL: give sqlite:///study.db"), bad);
        assertTrue(refused("sweep", "export", String.valueOf(id)).contains("--optuna"));
        assertFalse(Files.exists(tmp.resolve("a.db")));
    }
}
