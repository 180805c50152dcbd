package org.hpckernel.sweep;

import static org.hpckernel.sweep.SpaceParserTest.assertMessage;
import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hpckernel.cluster.JobSpec;
import org.hpckernel.ledger.Ledger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

/** Conditional spaces: HPC-Ops' RF/GB names, hpc-kernel's per-value W&B parameters, samplers, tables, args, ledger. */
class ConditionalSpaceTest {

    static final Set<String> RF = Set.of("clf", "rf_max_depth", "rf_min_samples_split");
    static final Set<String> GB = Set.of("clf", "gb_max_depth", "gb_min_samples_split");

    /** The params tuples of HPC-Ops' tutorial request (KaitoShioya/HPC-Ops@3e512b7 tutorial.ipynb), as a params list. */
    static String tutorialParams() throws Exception {
        try (InputStream in =
                ConditionalSpaceTest.class.getResourceAsStream("/org/hpckernel/cluster/hpcops/tutorial-request.json")) {
            JsonNode params = new ObjectMapper()
                    .readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                    .get("params");
            List<JsonNode> tuples = new ArrayList<>();
            params.forEach(v -> {
                if (v.isArray()) tuples.add(v);
            });
            return new ObjectMapper().writeValueAsString(tuples);
        }
    }

    static String resource(String name) throws Exception {
        try (InputStream in = ConditionalSpaceTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** hpc-kernel's per-value parameters: a small grid (RF 3 depths, GB 2 rates) beside an unconditional a. */
    static final String WANDB_GRID = """
            method: grid
            metric: {name: acc, goal: maximize}
            parameters:
              a: {values: [1, 2]}
              clf:
                values: [RF, GB]
                parameters:
                  GB:
                    gb_lr: {values: [0.1, 0.3]}
                  RF:
                    rf_depth: {values: [2, 4, 8]}
            """;

    @Test
    void hpcOpsTutorialParamsApplyRfNamesOnlyUnderRfAndGbNamesOnlyUnderGb() throws Exception {
        SearchSpace s = SpaceParser.parse(tutorialParams());
        assertEquals(
                List.of("clf", "rf_max_depth", "rf_min_samples_split", "gb_max_depth", "gb_min_samples_split"),
                s.params().stream().map(Param::name).toList());
        assertEquals(
                Map.of(
                        "rf_max_depth",
                        new Condition("clf", List.of("RF")),
                        "rf_min_samples_split",
                        new Condition("clf", List.of("RF")),
                        "gb_max_depth",
                        new Condition("clf", List.of("GB")),
                        "gb_min_samples_split",
                        new Condition("clf", List.of("GB"))),
                s.conditions());
        // a child listed before its choice is moved after it; a name without a value's prefix stays unconditional
        SearchSpace moved = SpaceParser.hpcOps("[['rf_n', 1, 9], ['x', 0.0, 1.0], ['clf', ['RF', 'GB']]]");
        assertEquals(
                List.of("x", "clf", "rf_n"),
                moved.params().stream().map(Param::name).toList());
        assertEquals(Set.of("rf_n"), moved.conditions().keySet());
        assertFalse(SpaceParser.hpcOps("[['lr', 0.0, 1.0], ['opt', ['adam', 'sgd']]]")
                .conditional());
    }

    @Test
    void hpcOpsTutorialRequestPastedWholeIsItsTuplesPlusItsSettingsAsConstants() throws Exception {
        SearchSpace s = SpaceParser.parse(resource("/org/hpckernel/cluster/hpcops/tutorial-request.json"));
        assertEquals(
                List.of(
                        "clf",
                        "rf_max_depth",
                        "rf_min_samples_split",
                        "gb_max_depth",
                        "gb_min_samples_split",
                        "dataset"),
                s.params().stream().map(Param::name).toList());
        assertEquals(
                new Param.Const("dataset", "optuna-example:v0"),
                s.param("dataset").orElseThrow());
        assertEquals(SpaceParser.parse(tutorialParams()).conditions(), s.conditions());
        Map<String, Object> p = Sampler.random(0).sample(s, Goal.MAXIMIZE, List.of(), 0);
        assertEquals("optuna-example:v0", p.get("dataset"), "the flow logic's cfg['params']['dataset'] is still there");
        assertMessage("params: no tuple to search", () -> SpaceParser.parse("{\"params\": {\"dataset\": \"d:v0\"}}"));
    }

    @Test
    void randomSamplingNeverYieldsAnInactiveParameterAndVisitsBothBranches() throws Exception {
        SearchSpace s = SpaceParser.parse(tutorialParams());
        int rf = 0, gb = 0;
        for (long seed = 0; seed < 40; seed++) {
            Sampler sampler = Sampler.random(seed);
            for (int n = 0; n < 50; n++) {
                Map<String, Object> p = sampler.sample(s, Goal.MAXIMIZE, List.of(), n);
                if ("RF".equals(p.get("clf"))) {
                    assertEquals(RF, p.keySet());
                    rf++;
                } else {
                    assertEquals("GB", p.get("clf"));
                    assertEquals(GB, p.keySet());
                    gb++;
                }
            }
        }
        assertTrue(rf > 800 && gb > 800, "both branches drawn about half the time: RF " + rf + ", GB " + gb);
    }

    @Test
    void aStudyKeepsOnlyActiveParametersWhicheverSamplerDrewThem() throws Exception {
        SearchSpace s = SpaceParser.parse(tutorialParams());
        Sampler everything = (space, goal, trials, n) -> Map.of(
                "clf",
                n % 2 == 0 ? "RF" : "GB",
                "rf_max_depth",
                5L,
                "rf_min_samples_split",
                1L,
                "gb_max_depth",
                6L,
                "gb_min_samples_split",
                0L);
        Study st = Study.create(s, everything, Goal.MAXIMIZE);
        assertEquals(
                point("clf", "RF", "rf_max_depth", 5L, "rf_min_samples_split", 1L),
                st.ask().params());
        assertEquals(
                point("clf", "GB", "gb_max_depth", 6L, "gb_min_samples_split", 0L),
                st.ask().params());
        // TPE (its helper adds group decomposition): past its 10 start-up trials too, every trial is one branch
        Study tpe = Study.create(s, Sampler.tpe(1), Goal.MAXIMIZE);
        for (int i = 0; i < 30; i++) {
            Trial t = tpe.ask();
            assertTrue(
                    t.params().keySet().equals(RF) || t.params().keySet().equals(GB),
                    t.params().toString());
            tpe.tell(
                    t,
                    t.params().containsKey("rf_max_depth")
                            ? t.getDouble("rf_max_depth")
                            : -t.getDouble("gb_max_depth"));
        }
    }

    @Test
    void gridEnumeratesExactlyTheValidCombinationsInOrderThenStops() {
        SearchSpace s = SpaceParser.wandb(WANDB_GRID);
        assertEquals(
                List.of("a", "clf", "rf_depth", "gb_lr"),
                s.params().stream().map(Param::name).toList(),
                "children right after their choice, in the order of its values");
        List<Map<String, Object>> want = new ArrayList<>();
        for (long a : new long[] {1, 2}) {
            for (long d : new long[] {2, 4, 8}) want.add(point("a", a, "clf", "RF", "rf_depth", d));
            for (double lr : new double[] {0.1, 0.3}) want.add(point("a", a, "clf", "GB", "gb_lr", lr));
        }
        Sampler grid = Sampler.grid();
        List<Map<String, Object>> got = new ArrayList<>();
        for (int n = 0; ; n++) {
            Map<String, Object> p = grid.sample(s, Goal.MAXIMIZE, List.of(), n);
            if (p == null) break;
            got.add(p);
        }
        assertEquals(want, got);
        assertEquals(10, GridSampler.size(s), "2 x (3 + 2), not 2 x 2 x 3 x 2");
        assertEquals(24, GridSampler.size(s.withConditions(Map.of())), "the same parameters unconditional");
    }

    @Test
    void aConditionalGridInsideAConditionalGridCountsOnlyReachableLeaves() {
        SearchSpace s = SpaceParser.wandb("""
                method: grid
                parameters:
                  model:
                    values: [tree, linear]
                    parameters:
                      tree:
                        kind:
                          values: [rf, gb]
                          parameters:
                            gb: {gb_rate: {values: [0.1, 0.2, 0.3]}}
                      linear:
                        penalty: {values: [l1, l2]}
                """);
        assertEquals(new Condition("kind", List.of("gb")), s.conditions().get("gb_rate"));
        Set<Set<String>> shapes = new HashSet<>();
        List<Map<String, Object>> all = new ArrayList<>();
        for (int n = 0; n < 100; n++) {
            Map<String, Object> p = Sampler.grid().sample(s, Goal.MINIMIZE, List.of(), n);
            if (p == null) break;
            all.add(p);
            shapes.add(p.keySet());
        }
        assertEquals(6, all.size(), "tree/rf, tree/gb x 3 rates, linear x 2 penalties: " + all);
        assertEquals(
                Set.of(Set.of("model", "kind"), Set.of("model", "kind", "gb_rate"), Set.of("model", "penalty")),
                shapes);
        assertEquals(6, new HashSet<>(all).size(), "each combination once");
    }

    @Test
    void perValueParametersAreAnExtensionThatNoConfigW_BAcceptsCanTrigger() throws Exception {
        JsonNode configs = new ObjectMapper().readTree(resource("wandb-sweeps-configs.json"));
        int n = 0;
        for (JsonNode c : configs) {
            if ("custom".equals(c.get("config").path("method").asText())
                    || c.get("config").toString().matches(".*\"distribution\":\"(q_)?beta\".*")) {
                continue; // not built, refused (WandbAgentArgsTest)
            }
            assertFalse(
                    SpaceParser.wandb(c.get("config").toString()).conditional(),
                    c.get("source").asText());
            n++;
        }
        assertTrue(n >= 55, n + " configs");
        for (String doc : List.of("nested_sweep.yaml", "sweepdemo.yaml", "random-example.yaml", "nested-grid.json"))
            assertFalse(SpaceParser.parse(resource("wandb-docs/" + doc)).conditional(), doc);
        SearchSpace sb3 = SpaceParser.parse(resource("wandb-issue-4488-nested.yaml"));
        assertFalse(sb3.conditional());
        assertEquals(
                "[[128, 128], [256, 256], [512, 512]]",
                ((Param.Choice) sb3.param("policy_kwargs.net_arch.pi").orElseThrow())
                        .choices()
                        .toString());
        assertMessage(
                "parameters.G1: expected values, value, min+max or a distribution",
                () -> SpaceParser.parse(resource("wandb-issue-4428-refused.yaml")));
    }

    @Test
    void perValueParametersSayWhatIsWrong() {
        assertMessage(
                "parameters.clf.parameters: 'max_depth' is not one of the values [RF, GB]",
                () -> SpaceParser.wandb("""
                method: random
                parameters:
                  clf:
                    values: [RF, GB]
                    parameters:
                      max_depth: {min: 2, max: 32}
                """));
        assertMessage(
                "'depth' is defined differently under two values of clf; give each its own name",
                () -> SpaceParser.wandb("""
                method: random
                parameters:
                  clf:
                    values: [RF, GB]
                    parameters:
                      RF: {depth: {min: 2, max: 32}}
                      GB: {depth: {min: 2, max: 8}}
                """));
        SearchSpace shared = SpaceParser.wandb("""
                method: random
                parameters:
                  clf:
                    values: [RF, GB, SVM]
                    parameters:
                      RF: {depth: {min: 2, max: 32}}
                      GB: {depth: {min: 2, max: 32}}
                """);
        assertEquals(
                new Condition("clf", List.of("RF", "GB")),
                shared.conditions().get("depth"),
                "the same parameter under two values");
        assertFalse(shared.active("depth", Map.of("clf", "SVM")));
    }

    @Test
    void resultsShowAnInactiveParameterAsAnEmptyCell() throws Exception {
        Study st = Study.create(SpaceParser.parse(tutorialParams()), Sampler.random(3), Goal.MAXIMIZE);
        for (int i = 0; i < 12; i++) st.tell(st.ask(), i);
        Table t = st.results("Acc");
        assertEquals(
                List.of(
                        "trial",
                        "clf",
                        "rf_max_depth",
                        "rf_min_samples_split",
                        "gb_max_depth",
                        "gb_min_samples_split",
                        "Acc",
                        "state",
                        "reason"),
                t.columnNames());
        int checked = 0;
        for (int r = 0; r < t.rowCount(); r++) {
            Trial trial = st.trial(t.intColumn("trial").get(r));
            for (String name : List.of("rf_max_depth", "gb_max_depth")) {
                assertEquals(!trial.params().containsKey(name), t.column(name).isMissing(r), name + " in row " + r);
                checked++;
            }
        }
        assertEquals(24, checked);
        // a choice column (strings) shows absence as missing too, never the text "null"
        Study w = Study.create(
                SpaceParser.wandb(WANDB_GRID.replace("gb_lr: {values: [0.1, 0.3]}", "gb_loss: {values: [log, hinge]}")),
                Sampler.grid(),
                Goal.MAXIMIZE);
        for (int i = 0; i < 10; i++) w.tell(w.ask(), i);
        Table wt = w.results();
        for (int r = 0; r < wt.rowCount(); r++) {
            boolean rf = "RF".equals(wt.stringColumn("clf").get(r));
            assertEquals(rf, wt.stringColumn("gb_loss").isMissing(r));
            assertNotEquals("null", wt.stringColumn("gb_loss").get(r));
        }
    }

    @Test
    void paramsTableAndTheAgentsArgsLeaveAnInactiveParameterOut() {
        Trial rf = new Trial(
                0,
                point("clf", "RF", "rf_max_depth", 7L, "rf_min_samples_split", 0.25),
                TrialState.RUNNING,
                null,
                null,
                1);
        Trial gb = new Trial(
                1,
                point("clf", "GB", "gb_max_depth", 3L, "gb_min_samples_split", 0.5),
                TrialState.RUNNING,
                null,
                null,
                1);
        String table = ParamsTable.render(List.of(rf, gb));
        assertEquals(
                "{\"clf\": \"RF\", \"rf_max_depth\": 7, \"rf_min_samples_split\": 0.25}\n"
                        + "{\"clf\": \"GB\", \"gb_max_depth\": 3, \"gb_min_samples_split\": 0.5}\n",
                table);
        assertEquals(Map.of("clf", "GB", "gb_max_depth", 3, "gb_min_samples_split", 0.5), ParamsTable.row(table, 1));
        // create_sweep_command_args (wandb/wandb@026145b wandb/sdk/launch/sweeps/utils.py): one --key=str(value) per
        // config key,
        // the keys the run config holds (sorted by name, as sweeps' to_config gives them); computed by hand from that
        // code
        assertEquals(
                "/usr/bin/env python " + RunCommand.programPath("train.py")
                        + " '--clf=GB' '--gb_max_depth=3' '--gb_min_samples_split=0.5'",
                RunCommand.expand(List.of(), "train.py", gb.params()));
        assertEquals(
                "{\"wandb_version\": 1, \"clf\": {\"value\": \"RF\"}, \"rf_max_depth\": {\"value\": 7}, "
                        + "\"rf_min_samples_split\": {\"value\": 0.25}}\n",
                ParamsTable.renderSweepConfigs(List.of(rf)));
    }

    @Test
    void theLedgerKeepsAnInactiveParameterAbsent(@TempDir Path tmp) throws Exception {
        try (Ledger ledger = Ledger.open(tmp.resolve("ledger.db"))) {
            SweepStore store = new SweepStore(ledger);
            SweepDefinition def = new SweepDefinition(
                    "c",
                    tutorialParams(),
                    null,
                    null,
                    null,
                    1,
                    Steering.of(4, 4),
                    3,
                    "true",
                    JobSpec.builder().name("c").script("x").build());
            int id = store.create("p", def, "/w").id();
            Study st = def.newStudy();
            List<Trial> batch = List.of(st.ask(), st.ask(), st.ask(), st.ask(), st.ask(), st.ask());
            store.journal(id).planned(0, "/w/b0", batch);
            Study back = Sweeps.restore(def, store.trials(id));
            for (Trial t : batch) {
                assertEquals(t.params(), back.trial(t.number()).params(), "same keys, same Java types");
                assertTrue(
                        t.params().keySet().equals(RF) || t.params().keySet().equals(GB),
                        t.params().toString());
            }
        }
    }

    static Map<String, Object> point(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }
}
