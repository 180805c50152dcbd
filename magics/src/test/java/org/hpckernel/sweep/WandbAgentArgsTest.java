package org.hpckernel.sweep;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.hpckernel.cluster.Shell;
import org.junit.jupiter.api.Test;

/**
 * A trial's arguments as W&B's agent writes them. Expected values were recorded by running
 * wandb/sweeps@b1dfc5f (HyperParameterSet, grid_search_next_runs) and the agent's
 * create_sweep_command_args (wandb/wandb@026145b wandb/sdk/launch/sweeps/utils.py) on the configs of
 * the sweeps package's own tests and examples, and Python 3.11's repr() and json.dumps; see
 * src/test/resources/org/hpckernel/sweep/SOURCES.
 */
class WandbAgentArgsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode resource(String name) throws Exception {
        try (InputStream in = WandbAgentArgsTest.class.getResourceAsStream(name)) {
            return JSON.readTree(in);
        }
    }

    private static String text(String name) throws Exception {
        try (InputStream in = WandbAgentArgsTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void floatsAreWrittenAsPythonReprWritesThem() {
        // python3 -c 'print(repr(v))' for each v
        Object[][] cases = {
            {0.0001, "0.0001"},
            {1e-05, "1e-05"},
            {1e16, "1e+16"},
            {1e15, "1000000000000000.0"},
            {123456789012345678.0, "1.2345678901234568e+17"},
            {0.1 + 0.2, "0.30000000000000004"},
            {5e-324, "5e-324"},
            {1.7976931348623157e+308, "1.7976931348623157e+308"},
            {-0.0, "-0.0"},
            {100.0, "100.0"},
            {3000000.0, "3000000.0"},
            {2.5e-05, "2.5e-05"},
            {1.0 / 3, "0.3333333333333333"},
            {0.001, "0.001"},
            {1.5e-10, "1.5e-10"},
            {-42.125, "-42.125"},
            {9007199254740993.0, "9007199254740992.0"},
            {0.5, "0.5"}
        };
        for (Object[] c : cases) assertEquals(c[1], PyValue.str(c[0]), "repr of " + c[0]);
    }

    @Test
    void otherValuesAreWrittenAsPythonStrAndReprWriteThem() {
        assertEquals("True", PyValue.str(true));
        assertEquals("None", PyValue.str(null));
        assertEquals("adam", PyValue.str("adam"));
        assertEquals("[2, 3]", PyValue.str(List.of(2L, 3L)));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("lr", 0.001);
        m.put("name", "adam");
        m.put("beta", null);
        m.put("flags", List.of(true, false));
        assertEquals("{'lr': 0.001, 'name': 'adam', 'beta': None, 'flags': [True, False]}", PyValue.str(m));
        String[][] strings = {
            {"it's", "\"it's\""},
            {"say \"hi\"", "'say \"hi\"'"},
            {"both ' \"", "'both \\' \"'"},
            {"tab\there", "'tab\\there'"},
            {"caf\u00e9", "'caf\u00e9'"},
            {"nl\n", "'nl\\n'"},
            {"back\\slash", "'back\\\\slash'"},
            {"\u007f", "'\\x7f'"},
            {"\u2028", "'\\u2028'"}
        };
        for (String[] s : strings) assertEquals(s[1], PyValue.repr(s[0]), "repr of " + s[0]);
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("a", "caf\u00e9");
        j.put("b", java.util.Arrays.asList(1L, 2.5, null, true));
        assertEquals("{\"a\": \"caf\\u00e9\", \"b\": [1, 2.5, null, true]}", PyValue.jsonDumps(j));
    }

    @Test
    void everySweepConfigOfTheSweepsPackageTestsAndExamplesParses() throws Exception {
        int parsed = 0;
        List<String> custom = new ArrayList<>();
        for (JsonNode c : resource("wandb-sweeps-configs.json")) {
            String source = c.get("source").asText();
            if ("custom".equals(c.get("config").path("method").asText())
                    || c.get("config").toString().matches(".*\"distribution\":\"(q_)?beta\".*")) {
                custom.add(
                        source); // the custom method and the beta distributions are not built: refused with a message
                assertThrows(
                        IllegalArgumentException.class,
                        () -> SpaceParser.wandb(c.get("config").toString()),
                        source);
                continue;
            }
            SearchSpace s =
                    assertDoesNotThrow(() -> SpaceParser.wandb(c.get("config").toString()), source);
            assertFalse(s.params().isEmpty(), source);
            parsed++;
        }
        assertTrue(parsed >= 55, "parsed " + parsed);
        assertTrue(custom.size() <= 8, custom.toString());
    }

    @Test
    void everySweepConfigExampleOfWandbsDocsParses() throws Exception {
        for (String f : List.of(
                "sweepdemo.yaml",
                "nested_sweep.yaml",
                "random-example.yaml",
                "bayes-hyperband.yaml",
                "macro-command.yaml",
                "nested-grid.json")) {
            SearchSpace s = assertDoesNotThrow(() -> SpaceParser.wandb(text("wandb-docs/" + f)), f);
            assertFalse(s.params().isEmpty(), f);
        }
    }

    @Test
    void gridOrderAndEveryArgsMacroMatchWhatTheSweepsPackageAndTheAgentGive() throws Exception {
        int points = 0;
        for (JsonNode c : resource("wandb-grid-agent-cases.json")) {
            String source = c.get("source").asText();
            SearchSpace space = SpaceParser.wandb(c.get("config").toString());
            Study study = Study.create(space, Sampler.forMethod("grid", 1), Goal.MINIMIZE);
            for (JsonNode expected : c.get("points")) {
                Trial t = study.ask();
                Map<String, Object> config = WandbRunConfig.of(t.params());
                Map<String, Object> want = new LinkedHashMap<>();
                expected.get("config")
                        .fields()
                        .forEachRemaining(e -> want.put(
                                e.getKey(), JSON.convertValue(e.getValue().get("value"), Object.class)));
                assertEquals(PyValue.jsonDumps(want), PyValue.jsonDumps(config), source + " point " + t.number());
                JsonNode agent = expected.get("agent");
                if (agent.isNull()) {
                    // the agent refuses a parameter whose value is None: the trial fails with that reason
                    assertTrue(
                            RunCommand.expand(List.of("${args}"), null, t.params())
                                    .contains("exit 2"),
                            source);
                    continue;
                }
                for (String macro :
                        List.of("args", "args_no_equals", "args_no_hyphens", "args_no_boolean_flags", "args_json")) {
                    List<String> quoted = new ArrayList<>();
                    agent.get(macro).forEach(w -> quoted.add(Shell.quote(w.asText())));
                    assertEquals(
                            quoted,
                            RunCommand.macro(macro, null, config),
                            source + " " + macro + " point " + t.number());
                }
                points++;
            }
        }
        assertTrue(points > 150, "points compared: " + points);
    }

    @Test
    void docsNestedGridGivesOneFlagPerTopLevelParameter() throws Exception {
        // wandb/docs define-sweep-configuration.mdx example, recorded through sweeps + create_sweep_command_args
        SearchSpace space = SpaceParser.wandb(text("wandb-docs/nested-grid.json"));
        Trial t =
                Study.create(space, Sampler.forMethod("grid", 1), Goal.MINIMIZE).ask();
        assertEquals(
                "/usr/bin/env python \"$HPC_JOB_DIR\"/'train.py' '--top_level_param=0' "
                        + "'--nested_param={'\\''double_nested_param'\\'': {'\\''x'\\'': 0.9, '\\''y'\\'': 0.8}, '\\''learning_rate'\\'': 0.01}'",
                RunCommand.expand(List.of(), "train.py", t.params()));
        assertEquals(
                "'{\"top_level_param\": 0, \"nested_param\": {\"double_nested_param\": {\"x\": 0.9, \"y\": 0.8}, \"learning_rate\": 0.01}}'",
                RunCommand.expand(List.of("${args_json}"), null, t.params()));
    }

    @Test
    void docsCustomArgumentsAreLiteralAsTheAgentPassesThem() throws Exception {
        SearchSpace space = SpaceParser.wandb(text("wandb-docs/macro-command.yaml"));
        assertEquals(
                "/usr/bin/env python \"$HPC_JOB_DIR\"/'run.py' '--batch_size=${batch_size}' '--optimizer=${optimizer}' '--test=True'",
                RunCommand.expand(space.command(), space.program(), Map.of("learning_rate", 0.01)));
    }

    @Test
    void yamlExponentsWithoutADotAreStringsAsPyYamlReadsThem() throws Exception {
        // PyYAML (what `wandb sweep config.yaml` uses) reads 1e-5 as the string '1e-5'
        Param decay = SpaceParser.wandb(text("wandb-docs/bayes-hyperband.yaml"))
                .param("decay")
                .orElseThrow();
        assertEquals(List.of("1e-5", "1e-6", "1e-7"), ((Param.Choice) decay).choices());
    }

    @Test
    void integerQGivesIntsAndAFloatQFloats() {
        String cfg = """
                method: random
                parameters:
                  a: {distribution: q_uniform, min: 0, max: 100, q: 5}
                  b: {distribution: q_uniform, min: 0, max: 100, q: 5.0}
                  c: {distribution: q_log_uniform_values, min: 32, max: 256, q: 8}
                  d: {distribution: q_normal, mu: 50, sigma: 10, q: 2}
                  e: {distribution: q_uniform, min: 0, max: 100}
                """;
        Study study = Study.create(SpaceParser.wandb(cfg), Sampler.forMethod("random", 7), Goal.MINIMIZE);
        for (int i = 0; i < 50; i++) {
            Trial t = study.ask();
            assertInstanceOf(Long.class, t.get("a"));
            assertInstanceOf(Double.class, t.get("b"));
            assertInstanceOf(Long.class, t.get("c"));
            assertInstanceOf(Long.class, t.get("d"));
            assertInstanceOf(Double.class, t.get("e")); // sweeps' schema default q is 1.0, a float
            assertEquals(0, (Long) t.get("a") % 5);
            assertFalse(
                    RunCommand.expand(List.of("${args}"), null, t.params()).contains(".0 "),
                    "ints are written without .0");
        }
    }

    @Test
    void envvarIsReplacedInsideAWordByTheNodesVariableOrItsName() throws Exception {
        String line = RunCommand.expand(
                List.of("--data=${envvar:DATA_DIR}/x", "${envvar:lower}", "${envvar:A}${envvar:B}"), null, Map.of());
        // a lower-case name is not matched ([A-Z0-9_]*), so the word is an unknown macro: nothing
        assertEquals("--data=DATA_DIR/x|AB", bash("unset DATA_DIR A B; set -- " + line + "; IFS='|'; echo \"$*\""));
        assertEquals(
                "--data=/scratch me/x|1",
                bash("export DATA_DIR='/scratch me' A=1 B=; set -- " + line + "; IFS='|'; echo \"$*\""));
    }

    @Test
    void macrosAreTheAgentsWords() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("lr", 0.0001);
        p.put("flag", false);
        p.put("on", true);
        p.put("optimizer.name", "adam");
        p.put("optimizer.beta", 0.9);
        assertEquals(
                "'--flag=False' '--lr=0.0001' '--on=True' '--optimizer={'\\''beta'\\'': 0.9, '\\''name'\\'': '\\''adam'\\''}'",
                RunCommand.expand(List.of("${args}"), null, p));
        assertEquals(
                "'--lr=0.0001' '--on' '--optimizer={'\\''beta'\\'': 0.9, '\\''name'\\'': '\\''adam'\\''}'",
                RunCommand.expand(List.of("${args_no_boolean_flags}"), null, p));
        assertEquals(
                "'--flag' 'False' '--lr' '0.0001'",
                RunCommand.expand(
                        List.of("${args_no_equals}"), null, new LinkedHashMap<>(Map.of("lr", 0.0001, "flag", false))));
        assertEquals(
                "/usr/bin/env python \"wandb/sweep-$WANDB_SWEEP_ID/config-$WANDB_RUN_ID.json\" 'flag' 'lr'",
                RunCommand.expand(
                        List.of("${env}", "${interpreter}", "${args_json_file}", "${args_dict}", "${unknown}"),
                        null,
                        new LinkedHashMap<>(Map.of("lr", 0.0001, "flag", false))));
    }

    private static String bash(String script) throws Exception {
        Process p = new ProcessBuilder("bash", "-c", script)
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return out;
    }
}
