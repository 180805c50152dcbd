package org.hpckernel.sweep.prune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.hpckernel.sweep.Goal;
import org.hpckernel.sweep.TrialState;
import org.junit.jupiter.api.Test;

/**
 * Both pruners against what the code they stand in for decides on the same curves: hyperband-wandb.json was
 * printed by wandb/sweeps' hyperband_stop_runs, median-optuna.json by Debian's Optuna 3.1 MedianPruner (the
 * generators beside them; the W&B commit in SOURCES).
 */
class PrunerReferenceTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode cases(String name) throws IOException {
        try (InputStream in = PrunerReferenceTest.class.getResourceAsStream("/org/hpckernel/sweep/prune/" + name)) {
            return JSON.readTree(in);
        }
    }

    @Test
    void hyperbandStopsWhatWandbStops() throws IOException {
        JsonNode cases = cases("hyperband-wandb.json");
        assertEquals(60, cases.size());
        int stopped = 0;
        for (int n = 0; n < cases.size(); n++) {
            JsonNode c = cases.get(n);
            Map<String, Object> et = JSON.convertValue(c.get("early_terminate"), Map.class);
            HyperbandPruner pruner = (HyperbandPruner) PrunerSpec.fromEarlyTerminate(et);
            Goal goal = Goal.parse(c.get("goal").asText());
            List<TrialCurve> curves = new ArrayList<>();
            JsonNode runs = c.get("runs");
            for (int r = 0; r < runs.size(); r++) {
                SortedMap<Long, Double> values = new TreeMap<>();
                JsonNode h = runs.get(r).get("history");
                for (int i = 0; i < h.size(); i++) {
                    values.put((long) i, h.get(i).asDouble());
                }
                TrialState state = switch (runs.get(r).get("state").asText()) {
                    case "running" -> TrialState.RUNNING;
                    case "finished" -> TrialState.COMPLETE;
                    default -> TrialState.FAILED;
                };
                curves.add(new TrialCurve(r, state, values, values.size()));
            }
            List<String> expected = new ArrayList<>();
            c.get("stopped").forEach(s -> expected.add(s.asText()));
            List<String> actual = pruner.decide(goal, curves).stream()
                    .map(d -> "r" + d.trial())
                    .toList();
            assertEquals(expected, actual, "case " + n + " " + et);
            stopped += actual.size();
            if (!c.get("bands").isNull()) {
                List<Long> bands = new ArrayList<>();
                c.get("bands").forEach(b -> bands.add(b.asLong()));
                assertEquals(
                        bands,
                        pruner.bands()
                                .subList(
                                        0, Math.min(bands.size(), pruner.bands().size())),
                        "case " + n);
                List<Double> thresholds = pruner.thresholds(goal, curves);
                JsonNode want = c.get("thresholds");
                for (int i = 0; i < want.size(); i++) {
                    double w = want.get(i).isTextual()
                            ? Double.POSITIVE_INFINITY
                            : want.get(i).asDouble();
                    assertEquals(w, thresholds.get(i), 1e-12, "case " + n + " band " + i);
                }
            }
        }
        assertTrue(stopped > 20, "the cases stop trials: " + stopped);
    }

    @Test
    void medianPrunesWhatOptunaPrunes() throws IOException {
        JsonNode cases = cases("median-optuna.json");
        assertEquals(80, cases.size());
        int judgedTrue = 0;
        int replayedTrue = 0;
        for (int n = 0; n < cases.size(); n++) {
            JsonNode c = cases.get(n);
            JsonNode kw = c.get("pruner");
            MedianPruner pruner = new MedianPruner(
                    kw.path("n_startup_trials").asInt(5),
                    kw.path("n_warmup_steps").asLong(0),
                    kw.path("interval_steps").asLong(1),
                    kw.path("n_min_trials").asInt(1));
            Goal goal = Goal.parse(c.get("direction").asText());
            List<TrialCurve> others = new ArrayList<>();
            JsonNode o = c.get("others");
            for (int i = 0; i < o.size(); i++) {
                TrialState state = switch (o.get(i).get("state").asText()) {
                    case "COMPLETE" -> TrialState.COMPLETE;
                    case "PRUNED" -> TrialState.PRUNED;
                    default -> TrialState.FAILED;
                };
                SortedMap<Long, Double> values = values(o.get(i).get("values"));
                others.add(new TrialCurve(i, state, values, values.size()));
            }
            SortedMap<Long, Double> mine = values(c.get("trial"));
            int me = o.size();
            List<TrialCurve> judged = new ArrayList<>(others);
            judged.add(new TrialCurve(me, TrialState.RUNNING, mine, 1));
            boolean prunedNow = !pruner.decide(goal, judged).isEmpty();
            assertEquals(c.get("judged").asBoolean(), prunedNow, "case " + n + " judged");
            judgedTrue += prunedNow ? 1 : 0;

            List<TrialCurve> replayed = new ArrayList<>(others);
            replayed.add(new TrialCurve(me, TrialState.RUNNING, mine, mine.size()));
            List<RungDecision> d = pruner.decide(goal, replayed);
            JsonNode want = c.get("replayed_prune_step");
            assertEquals(
                    want.isNull() ? null : want.asLong(),
                    d.isEmpty() ? null : d.get(0).step(),
                    "case " + n + " replayed");
            replayedTrue += d.isEmpty() ? 0 : 1;
        }
        assertTrue(judgedTrue > 3 && replayedTrue > 8, judgedTrue + " / " + replayedTrue);
    }

    private static SortedMap<Long, Double> values(JsonNode node) {
        SortedMap<Long, Double> out = new TreeMap<>();
        node.fields()
                .forEachRemaining(
                        e -> out.put(Long.parseLong(e.getKey()), e.getValue().asDouble()));
        return out;
    }

    @Test
    void percentileIsNumpysLinear() {
        // numpy 1.24: np.nanpercentile([3, 1, 2, 10], 50) = 2.5; [1, 2, 4] at 50 = 2.0; [1, 2] at 25 = 1.25
        assertEquals(2.5, MedianPruner.percentile(List.of(3.0, 1.0, 2.0, 10.0), 50));
        assertEquals(2.0, MedianPruner.percentile(List.of(1.0, 2.0, 4.0), 50));
        assertEquals(1.25, MedianPruner.percentile(List.of(1.0, 2.0), 25));
    }
}
