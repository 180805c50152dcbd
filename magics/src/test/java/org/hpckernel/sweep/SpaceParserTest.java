package org.hpckernel.sweep;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpaceParserTest {

    static final String RANDOM_YAML = """
            program: train.py
            method: random
            metric:
              name: val_loss
              goal: minimize
            run_cap: 50
            parameters:
              optimizer:
                values: ["adam", "sgd"]
              epochs:
                value: 10
              batch_size:
                distribution: q_log_uniform_values
                q: 8
                min: 32
                max: 256
              lr:
                distribution: log_uniform_values
                min: 0.0001
                max: 0.1
              lr_exp:
                distribution: log_uniform
                min: -9.21
                max: -2.3
              dropout:
                min: 0.0
                max: 0.5
              layers:
                min: 1
                max: 8
              noise:
                distribution: normal
                mu: 0
                sigma: 0.1
              act:
                values: [relu, tanh]
                probabilities: [0.75, 0.25]
              arch:
                parameters:
                  width:
                    values: [64, 128]
                  depth:
                    distribution: int_uniform
                    min: 2
                    max: 6
            early_terminate:
              type: hyperband
              min_iter: 3
            command: ["${env}", "${interpreter}", "${program}", "${args}"]
            """;

    static final String GRID_YAML = """
            method: grid
            parameters:
              a: {values: [1, 2, 3]}
              b: {min: 0, max: 2}
              c: {distribution: q_uniform, min: 0.0, max: 1.0, q: 0.25}
              d: {value: fixed}
            """;

    static final String BAYES_JSON = """
            {"method": "bayes", "metric": {"name": "acc", "goal": "maximize"},
             "parameters": {"x": {"min": -5.0, "max": 5.0}, "n": {"min": 1, "max": 4}}}
            """;

    @Test
    void wandbRandomConfigMapsEveryDistributionToTheModel() {
        SearchSpace s = SpaceParser.wandb(RANDOM_YAML);
        assertEquals("random", s.method());
        assertEquals("val_loss", s.metricName());
        assertEquals(50, s.runCap());
        assertEquals("train.py", s.program());
        assertEquals(4, s.command().size());
        assertEquals("hyperband", s.earlyTerminate().get("type"));
        assertEquals(
                new Param.Choice("optimizer", List.of("adam", "sgd"), null),
                s.param("optimizer").orElseThrow());
        assertEquals(new Param.Const("epochs", 10L), s.param("epochs").orElseThrow());
        assertEquals(new Param.Real("lr", 1e-4, 0.1, true, null), s.param("lr").orElseThrow());
        assertEquals(
                new Param.Real("dropout", 0.0, 0.5, false, null),
                s.param("dropout").orElseThrow());
        assertEquals(new Param.Int("layers", 1, 8, false, 1), s.param("layers").orElseThrow());
        assertEquals(
                new Param.Int("arch.depth", 2, 6, false, 1),
                s.param("arch.depth").orElseThrow());
        assertEquals(
                new Param.Real("batch_size", 32, 256, true, 8.0, true),
                s.param("batch_size").orElseThrow()); // q: 8 is an int
        assertTrue(s.param("noise").orElseThrow() instanceof Param.Normal);
    }

    @Test
    void logUniformTakesExponentsWhileLogUniformValuesTakesValues() {
        SearchSpace s = SpaceParser.wandb(RANDOM_YAML);
        Param.Real exp = (Param.Real) s.param("lr_exp").orElseThrow();
        assertEquals(Math.exp(-9.21), exp.low(), 1e-12);
        assertEquals(Math.exp(-2.3), exp.high(), 1e-12);
        Param.Real val = (Param.Real) s.param("lr").orElseThrow();
        assertEquals(1e-4, val.low());
    }

    @Test
    void wandbGridAndBayesConfigsParse() {
        SearchSpace g = SpaceParser.wandb(GRID_YAML);
        assertEquals(3 * 3 * 4, GridSampler.size(g)); // q_uniform excludes max, as W&B's np.arange
        SearchSpace b = SpaceParser.wandb(BAYES_JSON);
        assertEquals(Goal.MAXIMIZE, b.goal());
        assertEquals(new Param.Real("x", -5, 5, false, null), b.param("x").orElseThrow());
        assertEquals(new Param.Int("n", 1, 4, false, 1), b.param("n").orElseThrow());
    }

    @Test
    void nestedParametersComeBackAsNestedMaps() {
        Map<String, Object> nested = SearchSpace.nest(Map.of("arch.width", 64L, "lr", 0.1));
        assertEquals(Map.of("width", 64L), nested.get("arch"));
    }

    @Test
    void badWandbConfigsNameTheKeyAndWhatIsExpected() {
        assertMessage("method", () -> SpaceParser.wandb("parameters: {x: {values: [1]}}"));
        assertMessage(
                "method: expected grid, random or bayes",
                () -> SpaceParser.wandb("method: hill\nparameters: {x: {values: [1]}}"));
        assertMessage(
                "parameters.x: expected values", () -> SpaceParser.wandb("method: random\nparameters: {x: {foo: 1}}"));
        assertMessage(
                "parameters.x.distribution: 'wild'",
                () -> SpaceParser.wandb("method: random\nparameters: {x: {distribution: wild, min: 0, max: 1}}"));
        assertMessage(
                "min (2.0) must be below max",
                () -> SpaceParser.wandb("method: random\nparameters: {x: {min: 2.0, max: 1.0}}"));
        assertMessage(
                "unknown top-level key 'metod'",
                () -> SpaceParser.wandb("metod: random\nparameters: {x: {values: [1]}}"));
        assertMessage(
                "run_cap: expected a positive integer",
                () -> SpaceParser.wandb("method: random\nrun_cap: -1\nparameters: {x: {values: [1]}}"));
        assertMessage(
                "parameters.x.min: expected a number",
                () -> SpaceParser.wandb("method: random\nparameters: {x: {distribution: uniform, min: a, max: 1}}"));
        assertMessage(
                "probabilities must sum to 1",
                () -> SpaceParser.wandb(
                        "method: random\nparameters: {x: {values: [1, 2], probabilities: [0.5, 0.6]}}"));
        assertMessage("not valid YAML", () -> SpaceParser.wandb("method: [random"));
    }

    @Test
    void phpoSearchSpaceMapsEachMethod() {
        SearchSpace s = SpaceParser.phpo("""
                {"lr": {"method": "loguniform", "dimension": {"low": 1e-6, "high": 1e-1, "base": 10}},
                 "batch": {"method": "categorical", "dimension": {"categories": [64, 128, 256], "grid_search": 0}},
                 "depth": {"method": "uniformint", "dimension": {"low": 1, "high": 30}},
                 "sub": {"method": "uniform", "dimension": {"low": 0.1, "high": 1.0}},
                 "qq": {"method": "quniform", "dimension": {"low": 0, "high": 10, "q": 2}},
                 "n": {"method": "normal", "dimension": {"mu": 0, "sigma": 2}},
                 "f": {"method": "fixed", "dimension": {"value": "x"}}}
                """);
        assertEquals(new Param.Real("lr", 1e-6, 0.1, true, null), s.param("lr").orElseThrow());
        assertEquals(
                new Param.Choice("batch", List.of(64L, 128L, 256L), null),
                s.param("batch").orElseThrow());
        assertEquals(new Param.Int("depth", 1, 30, false, 1), s.param("depth").orElseThrow());
        assertEquals(
                new Param.Real("sub", 0.1, 1.0, false, null), s.param("sub").orElseThrow());
        assertEquals(new Param.Real("qq", 0, 10, false, 2.0), s.param("qq").orElseThrow());
        assertEquals(new Param.Normal("n", 0, 2, false, null), s.param("n").orElseThrow());
        assertEquals(new Param.Const("f", "x"), s.param("f").orElseThrow());
        assertMessage(
                "depth.dimension: uniformint needs integer low and high",
                () -> SpaceParser.phpo(
                        "{\"depth\": {\"method\": \"uniformint\", \"dimension\": {\"low\": 1.5, \"high\": 3}}}"));
        assertMessage(
                "x.method: 'bogus'", () -> SpaceParser.phpo("{\"x\": {\"method\": \"bogus\", \"dimension\": {}}}"));
        assertMessage("x.dimension: expected an object", () -> SpaceParser.phpo("{\"x\": {\"method\": \"uniform\"}}"));
    }

    @Test
    void hpcOpsTuplesInferIntFromIntegerLiteralsAndFloatOtherwise() {
        SearchSpace s = SpaceParser.hpcOps("[['clf', ['RF', 'GB']], ['rf_max_depth', 2, 32], ('x', 0.0, 1), ]");
        assertEquals(
                new Param.Choice("clf", List.of("RF", "GB"), null),
                s.param("clf").orElseThrow());
        assertEquals(
                new Param.Int("rf_max_depth", 2, 32, false, 1),
                s.param("rf_max_depth").orElseThrow());
        assertEquals(new Param.Real("x", 0.0, 1.0, false, null), s.param("x").orElseThrow());
        assertMessage("params[0] (x): expected", () -> SpaceParser.hpcOps("[[\"x\", 1]]"));
        assertMessage("params[0]: expected", () -> SpaceParser.hpcOps("[[1, 2, 3]]"));
    }

    static void assertMessage(String fragment, org.junit.jupiter.api.function.Executable e) {
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, e);
        assertTrue(
                ex.getMessage().contains(fragment),
                () -> "message '" + ex.getMessage() + "' should contain '" + fragment + "'");
    }
}
