package org.hpckernel.sweep.prune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hpckernel.cluster.JobSpec;
import org.hpckernel.sweep.SearchSpace;
import org.hpckernel.sweep.SpaceParser;
import org.hpckernel.sweep.Steering;
import org.hpckernel.sweep.SweepDefinition;
import org.junit.jupiter.api.Test;

/** Which pruner a sweep gets: real W&B configs as pasted, the --prune forms, and what is refused with a message. */
class PrunerSpecTest {

    private static String resource(String name) throws IOException {
        try (InputStream in = PrunerSpecTest.class.getResourceAsStream("/org/hpckernel/sweep/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /**
     * Every config literal with early_terminate in wandb/sweeps (wandb-sweeps-configs.json): the bands are those
     * hyperband_stop_runs printed in early_terminate_info["bands"] (first five) for the same config at b1dfc5f.
     */
    @Test
    void wandbConfigsAsPastedGetWandbsBands() throws IOException {
        Map<String, List<Long>> expected = new LinkedHashMap<>();
        expected.put("tests/test_config.py:355", List.of(3L, 9L, 27L, 81L, 243L));
        expected.put("tests/test_hyperband_stopping.py:10", List.of(3L, 9L, 27L, 81L, 243L));
        expected.put("tests/test_hyperband_stopping.py:34", List.of(3L, 9L, 27L, 81L, 243L));
        expected.put("tests/test_hyperband_stopping.py:58", List.of(3L, 9L, 27L));
        expected.put("tests/test_hyperband_stopping.py:83", List.of(2L, 6L));
        expected.put("tests/test_hyperband_stopping.py:109", List.of(2L, 6L));
        expected.put("tests/test_hyperband_stopping.py:131", List.of(2L, 6L));
        expected.put("tests/test_hyperband_stopping.py:156", List.of(1L, 2L));
        expected.put("tests/test_hyperband_stopping.py:220", List.of(1L, 2L));
        expected.put("tests/test_hyperband_stopping.py:282", List.of(1L, 3L));
        expected.put("tests/test_hyperband_stopping.py:351", List.of(1L, 3L));
        expected.put("tests/test_hyperband_stopping.py:633", List.of(33L, 100L));
        expected.put("tests/test_hyperband_stopping.py:745", List.of(30L, 45L, 67L, 101L, 151L));
        expected.put("tests/test_schema.py:135", List.of(3L, 9L, 27L, 81L, 243L));
        expected.put("tests/test_schema.py:169", List.of(3L, 9L, 27L, 81L, 243L));
        expected.put("examples/local-controller/sweep-local-hyperband.yaml:1", List.of(1L, 3L));
        ObjectMapper json = new ObjectMapper();
        int seen = 0;
        for (JsonNode c : json.readTree(resource("wandb-sweeps-configs.json"))) {
            if (!c.get("config").has("early_terminate")) {
                continue;
            }
            String source = c.get("source").asText().replaceFirst("^\\S+ ", "");
            SearchSpace space = SpaceParser.parse(json.writeValueAsString(c.get("config")));
            HyperbandPruner p = (HyperbandPruner)
                    PrunerSpec.of(null, space.earlyTerminate()).orElseThrow();
            List<Long> want = expected.get(source);
            assertEquals(
                    want, p.bands().subList(0, Math.min(want.size(), p.bands().size())), source);
            assertEquals(
                    !Boolean.FALSE.equals(
                            c.get("config")
                                            .get("early_terminate")
                                            .path("strict")
                                            .isBoolean()
                                    ? c.get("config")
                                            .get("early_terminate")
                                            .get("strict")
                                            .asBoolean()
                                    : null),
                    p.strict(),
                    source);
            seen++;
        }
        assertEquals(expected.size(), seen);
    }

    @Test
    void wandbDocsBayesHyperbandAsPasted() throws IOException {
        SearchSpace space = SpaceParser.parse(resource("wandb-docs/bayes-hyperband.yaml"));
        HyperbandPruner p =
                (HyperbandPruner) PrunerSpec.of(null, space.earlyTerminate()).orElseThrow();
        assertEquals(List.of(3L, 9L), p.bands()); // max_iter 27, s 2, eta 3: 27/3, 27/9
        assertTrue(p.strict()); // the schema's default, which W&B fills in
        assertEquals(3.0, p.eta());
    }

    @Test
    void optionForms() {
        assertEquals(
                new MedianPruner(5, 10, 1, 1),
                PrunerSpec.of("median:startup=5,warmup=10", Map.of()).orElseThrow());
        assertEquals(MedianPruner.defaults(), PrunerSpec.of("median", Map.of()).orElseThrow());
        assertEquals(
                new MedianPruner(2, 4, 3, 1),
                PrunerSpec.of("median:n_startup_trials=2,n_warmup_steps=4,interval_steps=3", null)
                        .orElseThrow());
        HyperbandPruner h = (HyperbandPruner)
                PrunerSpec.of("hyperband:min_iter=3,eta=3", Map.of()).orElseThrow();
        assertEquals(List.of(3L, 9L, 27L), h.bands().subList(0, 3));
        HyperbandPruner m = (HyperbandPruner) PrunerSpec.of("hyperband:max_iter=27,s=2,strict=false", Map.of())
                .orElseThrow();
        assertEquals(List.of(3L, 9L), m.bands());
        assertFalse(m.strict());
        Map<String, Object> config = Map.of("type", "hyperband", "min_iter", 3);
        assertEquals(Optional.empty(), PrunerSpec.of("none", config)); // the option overrides the config
        assertTrue(PrunerSpec.of("median", config).orElseThrow() instanceof MedianPruner);
        assertEquals(Optional.empty(), PrunerSpec.of(null, Map.of()));
    }

    @Test
    void badInputSaysWhatToWrite() {
        assertTrue(message(() -> PrunerSpec.of("medain", Map.of())).contains("--prune median"));
        assertTrue(message(() -> PrunerSpec.of("median:startup", Map.of())).contains("not key=value"));
        assertTrue(message(() -> PrunerSpec.of("median:patience=3", Map.of())).contains("startup, warmup, interval"));
        assertTrue(message(() -> PrunerSpec.of("hyperband:eta=3", Map.of())).contains("min_iter"));
        assertTrue(message(() -> PrunerSpec.of("hyperband:min_iter=3,eta=1", Map.of()))
                .contains("eta must be greater than 1"));
        assertTrue(message(() -> PrunerSpec.of(null, Map.of("type", "hyperband", "max_iter", 27)))
                .contains("needs s"));
        assertTrue(message(() -> PrunerSpec.of(null, Map.of("type", "hyperband", "max_iter", 2, "s", 2, "eta", 3)))
                .contains("no bands")); // W&B: "Bands must be an array of length at least 1"
        assertTrue(
                message(() -> PrunerSpec.of(null, Map.of("type", "envelope"))).contains("only hyperband"));
        assertTrue(message(() -> PrunerSpec.of("median:warmup=x", Map.of())).contains("must be a number"));
    }

    private static String message(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }

    /** The definition is stored as JSON: one recorded before --prune existed reads back without a pruner. */
    @Test
    void definitionKeepsTheOptionAndOldRowsStillRead() throws IOException {
        String config = "method: random\nmetric: {name: loss}\nparameters:\n  x: {min: 0.0, max: 1.0}\nprogram: t.py\n";
        JobSpec template = JobSpec.builder().name("sw").script("unused").build();
        SweepDefinition d = new SweepDefinition(
                "sw", config, null, null, null, 1, Steering.of(4, 2), 3, null, template, "median:startup=2");
        SweepDefinition back = SweepDefinition.fromJson(d.toJson());
        assertEquals(d, back);
        assertEquals(new MedianPruner(2, 0, 1, 1), back.pruner().orElseThrow());
        String old = d.toJson().replace(",\"prune\":\"median:startup=2\"", "");
        assertFalse(old.contains("prune"), old);
        SweepDefinition oldBack = SweepDefinition.fromJson(old);
        assertEquals(null, oldBack.prune());
        assertEquals(Optional.empty(), oldBack.pruner());
    }
}
