package org.hpckernel.sweep.export;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.hpckernel.sweep.Condition;
import org.hpckernel.sweep.Goal;
import org.hpckernel.sweep.Param;
import org.hpckernel.sweep.RetryPolicy;
import org.hpckernel.sweep.SearchSpace;
import org.hpckernel.sweep.Trial;
import org.hpckernel.sweep.TrialState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A study with every parameter kind, every state, intermediate values and a conditional space, written by
 * Java and read back by Debian's Optuna 3.1 (optuna_check.py): load_study, copy_study (Optuna's own
 * validation and writer, whose rows must equal ours), trials_dataframe and the plots.
 */
class OptunaStudyExportTest {

    @TempDir
    Path tmp;

    static final SearchSpace SPACE = new SearchSpace(
            List.of(
                    new Param.Real("x", -5, 5, false, null),
                    new Param.Real("lr", 1e-5, 1e-1, true, null),
                    new Param.Real("drop", 0, 1, false, 0.3), // Optuna turns high into 0.9
                    new Param.Real("qlog", 1, 100, true, 5.0), // W&B q_log_uniform: no log step in Optuna
                    new Param.Real("qint", 0, 10, false, 2.0, true), // W&B q_uniform with integer q: ints
                    new Param.Int("units", 1, 64, true, 1),
                    new Param.Int("k", 0, 10, false, 3), // high 9, as Optuna and Param.Int make it
                    new Param.Choice("opt", Arrays.asList("adam", "sgd", 3L, 2.5, true, null), null),
                    new Param.Const("fixed", "yes"),
                    new Param.Normal("z", 0, 1, false, null),
                    new Param.Choice("clf", List.of("RF", "GB"), null),
                    new Param.Int("rf_depth", 2, 10, false, 1),
                    new Param.Real("gb_lr", 0.01, 0.3, true, null)),
            "bayes",
            "loss",
            Goal.MINIMIZE,
            null,
            null,
            null,
            null,
            Map.of("rf_depth", new Condition("clf", List.of("RF")), "gb_lr", new Condition("clf", List.of("GB"))));

    static Map<String, Object> point(
            Object x,
            Object lr,
            Object drop,
            Object qlog,
            Object qint,
            Object units,
            Object k,
            Object opt,
            Object z,
            String clf,
            Object sub) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("x", x);
        p.put("lr", lr);
        p.put("drop", drop);
        p.put("qlog", qlog);
        p.put("qint", qint);
        p.put("units", units);
        p.put("k", k);
        p.put("opt", opt);
        p.put("fixed", "yes");
        p.put("z", z);
        p.put("clf", clf);
        p.put(clf.equals("RF") ? "rf_depth" : "gb_lr", sub); // the other branch's parameter is absent
        return p;
    }

    static final List<Trial> TRIALS = List.of(
            new Trial(
                    0,
                    point(1.5, 1e-3, 0.3, 5.0, 4L, 8L, 3L, "adam", 0.25, "RF", 5L),
                    TrialState.COMPLETE,
                    0.5,
                    null,
                    1),
            new Trial(
                    1,
                    point(-2.0, 2e-5, 0.9, 95.0, 10L, 1L, 9L, "sgd", -1.5, "GB", 0.05),
                    TrialState.COMPLETE,
                    RetryPolicy.WORST_LOSS,
                    "NODE_FAIL on every attempt: recorded with the worst loss",
                    3),
            new Trial(
                    2, point(0.0, 0.1, 0.0, 1.0, 0L, 64L, 0L, 3L, 2.0, "RF", 10L), TrialState.PRUNED, 0.8, "pruned", 1),
            new Trial(
                    3,
                    point(4.0, 1e-2, 0.6, 50.0, 2L, 2L, 6L, 2.5, -0.5, "GB", 0.3),
                    TrialState.PRUNED,
                    null,
                    "pruned",
                    1),
            new Trial(
                    4,
                    point(-4.0, 1e-4, 0.6, 10.0, 6L, 16L, 3L, true, 0.0, "RF", 2L),
                    TrialState.FAILED,
                    null,
                    "exit status 1",
                    1),
            new Trial(
                    5,
                    point(2.0, 5e-4, 0.3, 20.0, 8L, 4L, 0L, null, 1.0, "GB", 0.01),
                    TrialState.RUNNING,
                    null,
                    null,
                    2),
            new Trial(
                    6,
                    point(-1.0, 3e-3, 0.0, 15.0, 4L, 32L, 9L, "adam", 0.5, "RF", 7L),
                    TrialState.COMPLETE,
                    0.25,
                    null,
                    1),
            new Trial(
                    7,
                    point(3.0, 7e-2, 0.9, 30.0, 2L, 3L, 6L, "sgd", -0.75, "GB", 0.1),
                    TrialState.COMPLETE,
                    0.75,
                    null,
                    1));

    static ExportedStudy study() {
        Map<Integer, SortedMap<Long, Double>> steps = new LinkedHashMap<>();
        steps.put(0, new TreeMap<>(Map.of(0L, 0.9, 1L, 0.7, 2L, 0.5)));
        steps.put(2, new TreeMap<>(Map.of(0L, 1.0, 1L, 0.8)));
        steps.put(3, new TreeMap<>(Map.of(0L, 1.2, 1L, 1.1))); // pruned without a value: Optuna takes the last one
        steps.put(6, new TreeMap<>(Map.of(0L, 0.6, 1L, Double.NaN, 2L, Double.POSITIVE_INFINITY, 3L, 0.25)));
        Map<Integer, ExportedStudy.TrialTimes> times = new LinkedHashMap<>();
        Instant t0 = Instant.parse("2026-11-29T10:00:00.123456Z");
        for (Trial t : TRIALS) {
            Instant start = t0.plusSeconds(60L * t.number());
            times.put(
                    t.number(),
                    new ExportedStudy.TrialTimes(
                            start, t.state() == TrialState.RUNNING ? null : start.plusSeconds(30)));
        }
        return new ExportedStudy(
                "quad", Goal.MINIMIZE, SPACE, TRIALS, steps, times, Map.of("hpc_sweep_id", 7L, "metric", "loss"));
    }

    @Test
    void optunaReadsEveryTrialAsItWasWritten() throws Exception {
        SqliteUrl url = SqliteUrl.parse("sqlite:///study.db", tmp);
        OptunaStudyExport.Result r = OptunaStudyExport.write(study(), url, "quad", false);
        assertEquals(8, r.trials());
        assertEquals(
                "optuna.load_study(study_name='quad', storage='sqlite:///" + tmp.resolve("study.db") + "')",
                r.howToOpen());

        JsonNode seen = OptunaPython.check(url.url(), "quad", tmp, true);
        assertEquals("3.1.0", seen.get("optuna").asText());
        assertEquals("MINIMIZE", seen.get("direction").asText());
        assertEquals(7, seen.get("user_attrs").get("hpc_sweep_id").asInt());
        assertEquals(
                "{\"mu\":0.0,\"sigma\":1.0,\"log\":false,\"q\":null}",
                seen.get("user_attrs").get("normal_priors").get("z").toString());

        JsonNode trials = seen.get("trials");
        assertEquals(8, trials.size());
        List<String> states =
                List.of("COMPLETE", "COMPLETE", "PRUNED", "PRUNED", "FAIL", "RUNNING", "COMPLETE", "COMPLETE");
        String[] values = {"0.5", "1e+300", "0.8", "1.1", "null", "null", "0.25", "0.75"};
        for (int i = 0; i < 8; i++) {
            JsonNode t = trials.get(i);
            Trial ours = TRIALS.get(i);
            assertEquals(i, t.get("number").asInt());
            assertEquals(states.get(i), t.get("state").asText(), "trial " + i);
            assertEquals(
                    values[i],
                    t.get("value").isNull()
                            ? "null"
                            : org.hpckernel.sweep.PyValue.repr(t.get("value").asDouble()),
                    "trial " + i);
            assertEquals(
                    ours.params().keySet(), keys(t.get("params")), "trial " + i + ": inactive parameters are absent");
            for (var e : ours.params().entrySet()) {
                assertEquals(
                        pythonTyped(e.getValue()),
                        t.get("params").get(e.getKey()).toString(),
                        "trial " + i + " " + e.getKey());
            }
            assertTrue(t.get("has_start").asBoolean());
            assertEquals(
                    ours.state() != TrialState.RUNNING, t.get("has_complete").asBoolean());
            assertEquals(ours.attempts(), t.get("user_attrs").get("attempts").asInt());
            assertEquals(
                    ours.reason() == null ? null : ours.reason(),
                    t.get("user_attrs").has("reason")
                            ? t.get("user_attrs").get("reason").asText()
                            : null);
        }
        assertEquals(
                "{\"0\":0.9,\"1\":0.7,\"2\":0.5}",
                trials.get(0).get("intermediate").toString());
        assertEquals(
                "{\"0\":0.6,\"1\":\"nan\",\"2\":\"inf\",\"3\":0.25}",
                trials.get(6).get("intermediate").toString());
        assertEquals("{}", trials.get(1).get("intermediate").toString());

        // distribution_to_json of what Optuna read equals what we wrote, character for character; the expected
        // texts are what Optuna 3.1 itself stored for suggest_float/int/categorical with these arguments
        JsonNode d = trials.get(0).get("distributions");
        assertEquals(
                "{\"name\": \"FloatDistribution\", \"attributes\": {\"step\": null, \"low\": 1e-05, \"high\": "
                        + "0.1, \"log\": true}}",
                d.get("lr").asText());
        assertEquals(
                "{\"name\": \"FloatDistribution\", \"attributes\": {\"step\": 0.3, \"low\": 0.0, \"high\": 0.9, "
                        + "\"log\": false}}",
                d.get("drop").asText());
        assertEquals(
                "{\"name\": \"FloatDistribution\", \"attributes\": {\"step\": null, \"low\": 1.0, \"high\": "
                        + "100.0, \"log\": true}}",
                d.get("qlog").asText());
        assertEquals(
                "{\"name\": \"IntDistribution\", \"attributes\": {\"log\": false, \"step\": 2, \"low\": 0, "
                        + "\"high\": 10}}",
                d.get("qint").asText());
        assertEquals(
                "{\"name\": \"IntDistribution\", \"attributes\": {\"log\": true, \"step\": 1, \"low\": 1, "
                        + "\"high\": 64}}",
                d.get("units").asText());
        assertEquals(
                "{\"name\": \"IntDistribution\", \"attributes\": {\"log\": false, \"step\": 3, \"low\": 0, "
                        + "\"high\": 9}}",
                d.get("k").asText());
        assertEquals(
                "{\"name\": \"CategoricalDistribution\", \"attributes\": {\"choices\": [\"adam\", \"sgd\", 3, "
                        + "2.5, true, null]}}",
                d.get("opt").asText());
        assertEquals(
                "{\"name\": \"CategoricalDistribution\", \"attributes\": {\"choices\": [\"yes\"]}}",
                d.get("fixed").asText());
        assertEquals(
                "{\"name\": \"FloatDistribution\", \"attributes\": {\"step\": null, \"low\": -1.5, \"high\": "
                        + "2.0, \"log\": false}}",
                d.get("z").asText());
        for (String name : List.of("rf_depth", "gb_lr")) {
            String written = OptunaStudyExport.distributions(study()).get(name).json();
            for (JsonNode t : trials) {
                if (t.get("distributions").has(name)) {
                    assertEquals(written, t.get("distributions").get(name).asText());
                }
            }
        }

        assertTrue(
                seen.get("rows_equal_to_optunas_copy").asBoolean(),
                "Optuna's copy_study stored other rows:\nours   " + seen.get("rows_ours") + "\nOptuna "
                        + seen.get("rows_optunas"));
        assertEquals(6, seen.get("best_number").asInt());
        assertEquals(8, seen.get("dataframe").get("rows").asInt());
        assertTrue(seen.get("dataframe").get("columns").toString().contains("params_rf_depth"));
        for (String plot : List.of(
                "optimization_history", "intermediate_values", "param_importances", "slice", "parallel_coordinate")) {
            JsonNode p = seen.get("plots").get(plot);
            assertTrue(p.get("traces").asInt() > 0, plot + " has no trace: " + p);
            assertTrue(Files.size(tmp.resolve(plot + ".html")) > 1000, plot);
        }
        // what Optuna 3.1 itself does with a conditional space: no trial has every parameter, so nothing to draw
        assertEquals(0, seen.get("parallel_coordinate_default_traces").asInt());
        assertEquals(2, r.notes().size(), r.notes().toString());
        assertTrue(
                r.notes().get(0).startsWith("qlog: Optuna has no log scale with a step"),
                r.notes().get(0));
        assertTrue(
                r.notes().get(1).startsWith("z: a normal prior (mu=0.0, sigma=1.0) has no Optuna distribution"),
                r.notes().get(1));
    }

    static java.util.Set<String> keys(JsonNode object) {
        java.util.Set<String> out = new java.util.LinkedHashSet<>();
        object.fieldNames().forEachRemaining(out::add);
        return out;
    }

    /** What optuna_check.py prints for a value of ours: Python's type name and the JSON value. */
    static String pythonTyped(Object v) {
        String type = v == null
                ? "NoneType"
                : v instanceof String ? "str" : v instanceof Boolean ? "bool" : v instanceof Double ? "float" : "int";
        return "{\"type\":\"" + type + "\",\"value\":"
                + (v == null ? "null" : v instanceof String s ? "\"" + s + "\"" : v) + "}";
    }

    @Test
    void aStoredStudyIsNotReplacedUnlessAskedAndOtherStudiesStay() throws Exception {
        SqliteUrl url = SqliteUrl.parse("sqlite:///s.db", tmp);
        OptunaStudyExport.write(study(), url, "quad", false);
        OptunaStudyExport.write(study(), url, "other", false);
        String refused = assertThrows(
                        IllegalArgumentException.class, () -> OptunaStudyExport.write(study(), url, "quad", false))
                .getMessage();
        assertTrue(
                refused.contains("already holds a study named 'quad': give another --study-name, another file, or "
                        + "--overwrite"),
                refused);
        assertEquals(16, count(url, "SELECT COUNT(*) FROM trials"));
        OptunaStudyExport.write(study(), url, "quad", true);
        assertEquals(16, count(url, "SELECT COUNT(*) FROM trials"));
        assertEquals(2, count(url, "SELECT COUNT(*) FROM studies"));
        assertEquals(
                0, count(url, "SELECT COUNT(*) FROM trial_params WHERE trial_id NOT IN (SELECT trial_id FROM trials)"));
        JsonNode seen = OptunaPython.check(url.url(), "quad", tmp, false);
        assertEquals(8, seen.get("trials").size());
        assertTrue(seen.get("rows_equal_to_optunas_copy").asBoolean());
    }

    @Test
    void aFileUpgradedForOptuna32AndLaterTakesMoreStudiesAndKeepsItsVersion() throws Exception {
        // what `optuna storage upgrade` does to our file under Optuna 3.2-4.9 (alembic revision v3.2.0.a at
        // optuna@v4.9.0 optuna/storages/_rdb/alembic/versions/v3.2.0.a_.py): one index, a new revision
        SqliteUrl url = SqliteUrl.parse("sqlite:///up.db", tmp);
        OptunaStudyExport.write(study(), url, "quad", false);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + url.file())) {
            c.createStatement().execute("CREATE INDEX trials_study_id_key ON trials (study_id)");
            c.createStatement().execute("UPDATE alembic_version SET version_num = 'v3.2.0.a'");
        }
        OptunaStudyExport.write(study(), url, "quad-2", false);
        assertEquals(2, count(url, "SELECT COUNT(*) FROM studies"));
        assertEquals(1, count(url, "SELECT COUNT(*) FROM alembic_version WHERE version_num = 'v3.2.0.a'"));
        assertEquals(1, count(url, "SELECT COUNT(*) FROM alembic_version"));
    }

    @Test
    void aFileThatIsNoOptunaStorageOrNoFileIsRefusedAndKept() throws Exception {
        Path notes = tmp.resolve("notes.db");
        Files.writeString(notes, "my notes, not a database");
        String refused = assertThrows(
                        IllegalArgumentException.class,
                        () -> OptunaStudyExport.write(
                                study(), SqliteUrl.parse("sqlite:///notes.db", tmp), "quad", false))
                .getMessage();
        assertTrue(refused.contains("is not an Optuna storage"), refused);
        assertEquals("my notes, not a database", Files.readString(notes));

        Path other = tmp.resolve("other.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + other)) {
            c.createStatement().execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)");
            c.createStatement().execute("INSERT INTO alembic_version VALUES ('v2.6.0.a')");
        }
        refused = assertThrows(
                        IllegalArgumentException.class,
                        () -> OptunaStudyExport.write(
                                study(), SqliteUrl.parse("sqlite:///other.db", tmp), "quad", false))
                .getMessage();
        assertTrue(refused.contains("an Optuna storage at schema v2.6.0.a"), refused);

        for (String bad : List.of(
                "mysql://host/db", "sqlite://", "sqlite:///", "sqlite:///:memory:", "sqlite:///a.db?timeout=3")) {
            assertThrows(IllegalArgumentException.class, () -> SqliteUrl.parse(bad, tmp), bad);
        }
        assertEquals(
                tmp.resolve("sub/x.db"),
                SqliteUrl.parse("sqlite:///sub/x.db", tmp).file());
        assertEquals(
                Path.of("/abs/x.db"),
                SqliteUrl.parse("sqlite:////abs/x.db", tmp).file());
        refused = assertThrows(
                        IllegalArgumentException.class,
                        () -> OptunaStudyExport.write(
                                study(), SqliteUrl.parse("sqlite:///missing/x.db", tmp), "quad", false))
                .getMessage();
        assertTrue(refused.contains("does not exist"), refused);
    }

    @Test
    void aTrialThatCannotBeWrittenLeavesNoHalfMadeFile() {
        Trial broken = new Trial(0, Map.of("x", 1.0), TrialState.COMPLETE, null, null, 1);
        ExportedStudy s = new ExportedStudy(
                "q",
                Goal.MINIMIZE,
                SearchSpace.of(new Param.Real("x", 0, 2, false, null)),
                List.of(broken),
                null,
                null,
                null);
        String refused = assertThrows(
                        IllegalStateException.class,
                        () -> OptunaStudyExport.write(s, SqliteUrl.parse("sqlite:///half.db", tmp), "q", false))
                .getMessage();
        assertTrue(refused.contains("COMPLETE without a value"), refused);
        assertFalse(Files.exists(tmp.resolve("half.db")));
    }

    @Test
    void valuesOutsideTheDefinedRangeWidenItAsOptunaWouldNotAcceptThemOtherwise() {
        // a ledger written under an older definition: 12 is outside [0, 10] and 3 off the step 2
        OptunaDistribution d = OptunaDistribution.of(new Param.Int("n", 0, 10, false, 2), List.of(0L, 3L, 12L));
        assertEquals(
                "{\"name\": \"IntDistribution\", \"attributes\": {\"log\": false, \"step\": 1, \"low\": 0, "
                        + "\"high\": 12}}",
                d.json());
        assertTrue(d.note().contains("without a step"), d.note());
        assertNull(OptunaDistribution.of(new Param.Int("n", 0, 10, false, 2), List.of(0L, 4L, 10L))
                .note());
    }

    @Test
    void aChoiceIsStoredAsItsOwnIndexWherePythonsEqualityWouldTakeAnEarlierOne() {
        // Optuna's to_internal_repr compares with ==, and True == 1 in Python:
        // python3 -c 'from optuna.distributions import CategoricalDistribution as C; d = C([1, True]);
        //   print(d.to_internal_repr(True), d.to_external_repr(d.to_internal_repr(True)))'  ->  0 1
        // so a trial that chose True would come back as 1; the exact choice's index brings back True
        OptunaDistribution d =
                OptunaDistribution.of(new Param.Choice("c", Arrays.asList(1L, true, 1.0, null), null), List.of());
        assertEquals(1.0, d.internal(true));
        assertEquals(0.0, d.internal(1L));
        assertEquals(2.0, d.internal(1.0));
        assertEquals(3.0, d.internal(null));
        assertEquals(
                "{\"name\": \"CategoricalDistribution\", \"attributes\": {\"choices\": [1, true, 1.0, null]}}",
                d.json());
    }

    @Test
    void theLastStepPointIsOptunasDecimalArithmetic() {
        // python3 -c 'from optuna.distributions import _adjust_discrete_uniform_high as a;
        //   print(a(0, 1, 0.3), a(0.1, 1.0, 0.2), a(-1, 1, 0.7), a(0, 1, 0.25))'  ->  0.9 0.9 0.4 1
        //   (binary arithmetic would give 0.9000000000000001 and 0.3999999999999999)
        assertEquals(0.9, OptunaDistribution.adjustHigh(0, 1, 0.3));
        assertEquals(0.9, OptunaDistribution.adjustHigh(0.1, 1.0, 0.2));
        assertEquals(0.4, OptunaDistribution.adjustHigh(-1, 1, 0.7));
        assertEquals(1.0, OptunaDistribution.adjustHigh(0, 1, 0.25));
    }

    static long count(SqliteUrl url, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + url.file());
                ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
