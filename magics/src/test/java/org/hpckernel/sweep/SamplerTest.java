package org.hpckernel.sweep;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SamplerTest {

    static final SearchSpace MIXED = SearchSpace.of(
            new Param.Real("x", -10, 10, false, null),
            new Param.Real("lr", 1e-5, 1e-1, true, null),
            new Param.Int("layers", 1, 100, false, 1),
            new Param.Int("units", 8, 512, true, 1),
            new Param.Int("even", 2, 21, false, 2),
            new Param.Choice("opt", List.of("adam", "sgd", "rms"), null),
            new Param.Real("dropout", 0, 0.9, false, 0.1),
            new Param.Real("qlog", 32, 256, true, 8.0),
            new Param.Const("k", "fixed"));

    /** Checks a point against its space: bounds, ints are ints, steps, log bounds, choices. */
    static void assertValid(SearchSpace space, Map<String, Object> point) {
        for (Param p : space.params()) {
            Object v = point.get(p.name());
            String at = p.name() + "=" + v;
            if (p instanceof Param.Real r) {
                double x = ((Number) v).doubleValue();
                assertEquals(r.ints(), v instanceof Long, at + ": W&B's integer q gives ints");
                assertTrue(x >= r.low() && x <= r.high(), at);
                if (r.step() != null) {
                    double k = r.log() ? x / r.step() : (x - r.low()) / r.step();
                    assertEquals(Math.rint(k), k, 1e-6, at);
                }
            } else if (p instanceof Param.Int i) {
                long x = (Long) v;
                assertTrue(x >= i.low() && x <= i.high(), at);
                assertEquals(0, (x - i.low()) % i.step(), at);
            } else if (p instanceof Param.Choice c) {
                assertTrue(c.choices().contains(v), at);
            } else if (p instanceof Param.Const c) {
                assertEquals(c.value(), v);
            }
        }
    }

    @Test
    void neighbouringSeedsAndTrialsDrawUnrelatedStreams() {
        for (long seed = 0; seed < 20; seed++) {
            java.util.SplittableRandom a = RandomSampler.rngFor(seed, 3),
                    b = RandomSampler.rngFor(seed + 1, 3),
                    c = RandomSampler.rngFor(seed, 4);
            double[] x = {a.nextDouble(), a.nextDouble(), a.nextDouble()};
            double y = b.nextDouble(), z = c.nextDouble();
            // seed * GOLDEN + trial made seed s+1's stream seed s's shifted by one draw
            for (double v : x) {
                org.junit.jupiter.api.Assertions.assertNotEquals(
                        v, y, "seed " + seed + " and " + (seed + 1) + " share draws");
                org.junit.jupiter.api.Assertions.assertNotEquals(
                        v, z, "trials 3 and 4 of seed " + seed + " share draws");
            }
        }
        org.junit.jupiter.api.Assertions.assertEquals(
                RandomSampler.rngFor(7, 2).nextLong(),
                RandomSampler.rngFor(7, 2).nextLong(),
                "a trial's stream depends on the seed and its number only, so a resumed sweep draws the same");
    }

    @Test
    void randomSamplesStayInBoundsAndRespectLogStepAndIntsOverManySeeds() {
        for (long seed = 0; seed < 50; seed++) {
            Sampler s = Sampler.random(seed);
            for (int n = 0; n < 200; n++) assertValid(MIXED, s.sample(MIXED, Goal.MINIMIZE, List.of(), n));
        }
    }

    @Test
    void logUniformSamplesAreSpreadOverDecadesNotBunchedAtTheTop() {
        Sampler s = Sampler.random(7);
        int belowMillesimal = 0;
        for (int n = 0; n < 2000; n++)
            if ((Double) s.sample(MIXED, Goal.MINIMIZE, List.of(), n).get("lr") < 1e-3) belowMillesimal++;
        // log-uniform over 4 decades puts half the mass below 1e-3; a linear draw would put ~1% there
        assertTrue(belowMillesimal > 800 && belowMillesimal < 1200, "got " + belowMillesimal);
    }

    @Test
    void tpeSamplesStayInBoundsWithManySeedsAndRunningTrials() {
        for (long seed = 0; seed < 8; seed++) {
            Study st = Study.create(MIXED, Sampler.tpe(seed), Goal.MINIMIZE);
            for (int n = 0; n < 60; n++) {
                Trial t = st.ask();
                assertValid(MIXED, t.params());
                if (n % 4 != 3)
                    st.tell(t, t.getDouble("x") * t.getDouble("x") + t.getLong("layers")); // every 4th stays RUNNING
            }
        }
    }

    @Test
    void everyWandbMethodParsesAndSamplesWithinBounds() {
        for (String yaml :
                List.of(SpaceParserTest.RANDOM_YAML, SpaceParserTest.GRID_YAML, SpaceParserTest.BAYES_JSON)) {
            SearchSpace space = SpaceParser.wandb(yaml);
            Study st = Study.create(space, 3);
            for (int n = 0; n < 30; n++) {
                Trial t;
                try {
                    t = st.ask();
                } catch (java.util.NoSuchElementException end) {
                    break;
                }
                Map<String, Object> p = new java.util.HashMap<>(t.params());
                space.params().stream().filter(q -> q instanceof Param.Normal).forEach(q -> p.remove(q.name()));
                assertValid(
                        SearchSpace.of(space.params().stream()
                                .filter(q -> !(q instanceof Param.Normal))
                                .toList()),
                        p);
                st.tell(t, n);
            }
        }
    }

    @Test
    void gridVisitsEveryCombinationOnceThenStops() {
        SearchSpace g = SpaceParser.wandb(SpaceParserTest.GRID_YAML);
        Study st = Study.create(g, Sampler.grid(), Goal.MINIMIZE);
        Set<Map<String, Object>> seen = new HashSet<>();
        for (int i = 0; i < 36; i++) {
            Trial t = st.ask();
            assertTrue(seen.add(t.params()), "duplicate " + t.params());
            assertTrue(List.of(0.0, 0.25, 0.5, 0.75).contains(t.getDouble("c")));
        }
        assertThrows(java.util.NoSuchElementException.class, st::ask);
    }

    @Test
    void gridOnAContinuousParameterNamesIt() {
        SearchSpace s = SpaceParser.wandb("method: grid\nparameters: {lr: {min: 0.1, max: 1.0}}");
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> Study.create(s, 1).ask());
        assertTrue(e.getMessage().contains("'lr' is continuous"), e.getMessage());
    }

    @Test
    void sameSeedGivesTheSameTrialsForEverySampler() {
        for (int kind = 0; kind < 2; kind++) {
            List<Map<String, Object>> a = run(kind == 0 ? Sampler.random(11) : Sampler.tpe(11));
            List<Map<String, Object>> b = run(kind == 0 ? Sampler.random(11) : Sampler.tpe(11));
            List<Map<String, Object>> c = run(kind == 0 ? Sampler.random(12) : Sampler.tpe(12));
            assertEquals(a, b);
            assertNotEquals(a, c);
        }
    }

    private static List<Map<String, Object>> run(Sampler s) {
        Study st = Study.create(MIXED, s, Goal.MINIMIZE);
        List<Map<String, Object>> out = new ArrayList<>();
        for (int n = 0; n < 30; n++) {
            Trial t = st.ask();
            out.add(t.params());
            st.tell(t, Math.abs(t.getDouble("x") - 3));
        }
        return out;
    }

    @Test
    void tpeConcentratesNearTheOptimumOfAOneDimensionalQuadratic() {
        SearchSpace s = SearchSpace.of(new Param.Real("x", -10, 10, false, null));
        Study st = Study.create(s, Sampler.tpe(0), Goal.MINIMIZE);
        List<Double> late = new ArrayList<>();
        for (int n = 0; n < 100; n++) {
            Trial t = st.ask();
            double x = t.getDouble("x");
            if (n >= 50) late.add(x);
            st.tell(t, (x - 2) * (x - 2));
        }
        late.sort(Double::compare);
        double median = late.get(late.size() / 2);
        assertEquals(2.0, median, 0.5, "median of trials 50-99: " + median);
        assertTrue(st.best().orElseThrow().value() < 0.01, "best " + st.best());
    }

    @Test
    void tpeWithMaximizeConcentratesOnTheMaximum() {
        SearchSpace s = SearchSpace.of(
                new Param.Int("n", 0, 50, false, 1), new Param.Choice("c", List.of("a", "b", "c"), null));
        Study st = Study.create(s, Sampler.tpe(5), Goal.MAXIMIZE);
        for (int i = 0; i < 80; i++) {
            Trial t = st.ask();
            st.tell(t, -Math.abs(t.getLong("n") - 40) + (t.get("c").equals("b") ? 10 : 0));
        }
        Trial best = st.best().orElseThrow();
        assertEquals("b", best.get("c"));
        assertTrue(Math.abs(best.getLong("n") - 40) <= 2, "best " + best);
    }

    @Test
    void constantLiarSpreadsABatchAskedWhileTrialsRun() {
        // summed over seeds: one seed's batch can put its extremes on the same candidates either way
        SearchSpace s = SearchSpace.of(new Param.Real("x", -10, 10, false, null));
        double liarSpread = 0, honestSpread = 0;
        for (int seed = 1; seed <= 10; seed++) {
            Study liar = Study.create(s, Sampler.tpe(seed), Goal.MINIMIZE);
            Study honest = Study.create(
                    s, TpeSampler.builder().seed(seed).constantLiar(false).build(), Goal.MINIMIZE);
            for (Study st : List.of(liar, honest))
                for (int n = 0; n < 30; n++) {
                    Trial t = st.ask();
                    st.tell(t, Math.pow(t.getDouble("x") - 2, 2));
                }
            liarSpread += spreadOfBatch(liar);
            honestSpread += spreadOfBatch(honest);
        }
        System.out.println("constant liar: batch spread " + liarSpread + " vs " + honestSpread);
        assertTrue(liarSpread > 1.2 * honestSpread, "liar " + liarSpread + " vs " + honestSpread);
    }

    private static double spreadOfBatch(Study st) {
        double min = Double.MAX_VALUE, max = -Double.MAX_VALUE;
        for (int i = 0; i < 10; i++) {
            double x = st.ask().getDouble("x");
            min = Math.min(min, x);
            max = Math.max(max, x);
        }
        return max - min;
    }

    @Test
    void tpeDefaultsFollowOptuna() {
        assertEquals(1, TpeSampler.gamma(10));
        assertEquals(10, TpeSampler.gamma(100));
        assertEquals(25, TpeSampler.gamma(1000));
        assertArrayEquals(new double[] {1, 1, 1}, TpeSampler.defaultWeights(3));
        double[] w = TpeSampler.defaultWeights(30);
        assertEquals(1.0 / 30, w[0], 1e-12);
        assertEquals(1.0, w[4], 1e-12);
        assertEquals(1.0, w[29], 1e-12);
    }
}
