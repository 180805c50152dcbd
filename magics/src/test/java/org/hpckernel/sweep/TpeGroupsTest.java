package org.hpckernel.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** TPE on conditional spaces (only active parameters, group decomposition) and multivariate sampling. */
class TpeGroupsTest {

    static final SearchSpace RFGB = RfGbTable.SPACE;

    static Trial trial(int n, double value, Object... kv) {
        Map<String, Object> p = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            p.put((String) kv[i], kv[i + 1]);
        }
        return new Trial(n, p, TrialState.COMPLETE, value, null, 1);
    }

    static List<List<String>> names(List<List<Param>> groups) {
        return groups.stream().map(g -> g.stream().map(Param::name).toList()).toList();
    }

    /** Expected groups printed by Debian's Optuna 3.1 _SearchSpaceGroup for the same four key sets. */
    @Test
    void groupsDecomposeTrialKeySetsAsOptuna31() {
        SearchSpace space = SearchSpace.of(new ArrayList<>(RFGB.params()) {
                    {
                        add(new Param.Real("extra", 0, 1, false, null));
                    }
                })
                .withConditions(RFGB.conditions());
        List<Trial> trials = List.of(
                trial(0, 1, "clf", "RF", "rf_n_estimators", 10L, "rf_max_depth", 2L),
                trial(1, 1, "clf", "GB", "gb_learning_rate", 0.1, "gb_n_estimators", 5L, "gb_max_depth", 1L),
                trial(2, 1, "clf", "RF", "rf_n_estimators", 20L, "rf_max_depth", 3L),
                trial(3, 1, "clf", "RF", "rf_n_estimators", 20L, "extra", 0.5));
        TpeSampler grouped = TpeSampler.builder().multivariate(true).group(true).build();
        assertEquals(
                List.of(
                        List.of("clf"),
                        List.of("rf_n_estimators"),
                        List.of("rf_max_depth"),
                        List.of("gb_learning_rate", "gb_n_estimators", "gb_max_depth"),
                        List.of("extra")),
                names(grouped.groups(space, trials)));
        // without group, multivariate covers what every trial has (Optuna's intersection search space)
        TpeSampler joint = TpeSampler.builder().multivariate(true).group(false).build();
        assertEquals(List.of(List.of("clf")), names(joint.groups(space, trials)));
    }

    static Set<String> activeNames(SearchSpace space, Map<String, Object> point) {
        Set<String> want = new LinkedHashSet<>();
        Map<String, Object> sofar = new LinkedHashMap<>();
        for (Param p : space.params()) {
            if (space.active(p.name(), sofar)) {
                want.add(p.name());
                sofar.put(p.name(), point.get(p.name()));
            }
        }
        return want;
    }

    @Test
    void conditionalSpaceNeverSamplesAnInactiveParameter() {
        List<Sampler> samplers = List.of(
                Sampler.tpe(3),
                TpeSampler.builder().seed(3).group(false).build(),
                TpeSampler.builder().seed(3).multivariate(false).build(),
                TpeSampler.builder()
                        .seed(3)
                        .multivariateBandwidth(ParzenEstimator.Bandwidth.SCOTT)
                        .build(),
                TpeSampler.builder()
                        .seed(3)
                        .multivariate(false)
                        .scaleFreeScoring(true)
                        .build());
        for (Sampler sampler : samplers) {
            Study st = Study.create(RFGB, sampler, Goal.MINIMIZE);
            int rf = 0, gb = 0;
            for (int i = 0; i < 60; i++) {
                Trial t = st.ask();
                assertEquals(activeNames(RFGB, t.params()), t.params().keySet(), "trial " + i + ": " + t.params());
                double v;
                if (t.get("clf").equals("RF")) {
                    rf++;
                    long n = t.getLong("rf_n_estimators"), d = t.getLong("rf_max_depth");
                    assertTrue(
                            n >= 5 && n <= 50 && n % 5 == 0 && d >= 1 && d <= 8,
                            t.params().toString());
                    v = Math.abs(n - 30) / 10.0 + Math.abs(d - 5);
                } else {
                    gb++;
                    double lr = t.getDouble("gb_learning_rate");
                    long n = t.getLong("gb_n_estimators"), d = t.getLong("gb_max_depth");
                    assertTrue(
                            lr >= 0.01 && lr <= 1 && n >= 5 && n <= 50 && n % 5 == 0 && d >= 1 && d <= 4,
                            t.params().toString());
                    v = 1 + Math.abs(Math.log10(lr) + 1);
                }
                st.tell(t, v);
            }
            assertTrue(rf > 0 && gb > 0, "both branches were tried: RF " + rf + ", GB " + gb);
        }
    }

    /** A joint kernel puts both coordinates near the same observation; independent ones would mix them. */
    @Test
    void multivariateCandidatesTakeEveryCoordinateFromOneKernel() {
        List<TpeDimension> dims = List.of(
                TpeDimension.of(new Param.Real("x", 0, 1, false, null)),
                TpeDimension.of(new Param.Real("y", 0, 1, false, null)));
        ParzenEstimator pe = new ParzenEstimator(
                dims,
                new double[][] {{0.1, 0.1}, {0.9, 0.9}},
                TpeSampler.builder().build().settings(),
                ParzenEstimator.Bandwidth.SCOTT);
        double[][] c = pe.sample(new SplittableRandom(7), 4000);
        int sameSide = 0;
        for (double[] v : c) {
            if ((v[0] < 0.5) == (v[1] < 0.5)) {
                sameSide++;
            }
        }
        // two kernels (sigma 0.25 after the magic clip) put ~85% on one side each, the prior 50%: ~0.73;
        // independent coordinates would give 0.5 by symmetry
        double share = sameSide / 4000.0;
        assertTrue(share > 0.68 && share < 0.78, "share on the diagonal quadrants: " + share);
    }

    /** Optuna rounds a draw onto the grid and clips it into [low, last grid value] (D6 of the findings). */
    @Test
    void steppedDrawsAreClippedOntoTheGridBeforeScoring() {
        TpeDimension n = TpeDimension.of(new Param.Int("n", 5, 50, false, 5));
        assertEquals(50.0, n.snap(n.high()));
        assertEquals(5.0, n.snap(n.low()));
        TpeDimension drop = TpeDimension.of(new Param.Real("dropout", 0, 0.95, false, 0.1));
        assertEquals(0.9, drop.snap(drop.high()), 1e-12);
        TpeDimension k = TpeDimension.of(new Param.Int("k", 1, 100, true, 1));
        assertEquals(100.0, k.snap(k.high()));
        assertEquals(1.0, k.snap(k.low()));
        assertEquals(100L, k.external(k.snap(k.high())));
    }
}
