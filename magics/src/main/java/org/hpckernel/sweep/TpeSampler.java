package org.hpckernel.sweep;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * TPE after Optuna's TPESampler (defaults and the release each follows: {@link Builder}). Trials are split
 * into the best gamma(n) ("below", l) and the rest ("above", g); each parameter, or each group of
 * parameters under {@code multivariate}, draws 24 candidates from l and keeps the one with the largest
 * l/g. Parzen estimators live on the transformed domain (ln for log parameters, bounds widened by step/2
 * for int/stepped ones): {@link TpeDimension}, {@link ParzenEstimator}. On a conditional space only the
 * active parameters are sampled, and each estimator sees only the trials that have its parameters (as
 * Optuna's define-by-run). Bit-equality with Optuna is not a goal (different RNG); algorithm and defaults are.
 */
public final class TpeSampler implements Sampler {

    private final long seed;
    private final TpeSettings s;

    private TpeSampler(long seed, TpeSettings settings) {
        this.seed = seed;
        this.s = settings;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Defaults = Optuna 5.0's TPESampler (v5.0.0-rc1), except {@code group}, which is on so that conditional
     * spaces are sampled per subspace (no effect on a space without conditions). The release each follows:
     */
    public static final class Builder {
        private long seed;
        private int nStartupTrials = 10; // all releases
        private int nEiCandidates = 24; // all releases
        private double priorWeight = 1.0; // all releases
        private boolean considerMagicClip = true; // all releases
        private boolean considerEndpoints = false; // all releases
        private boolean constantLiar = true; // 5.0 (False up to 4.9)
        private boolean priorCentreIsNeighbour = false; // 4.9, 5.0 (3.1-4.8 counted it: true)
        private boolean scaleFreeScoring = false; // 3.5 and later (3.1-3.4 scored without 1/sigma: true)
        private boolean multivariate = true; // 5.0 (False up to 4.9)
        private boolean group = true; // ours (False in every release; 5.0 recommends it
        // for define-by-run conditional spaces)
        private ParzenEstimator.Bandwidth bandwidth = ParzenEstimator.Bandwidth.NEIGHBOURS; // 5.0 (3.x-4.9: SCOTT)

        public Builder seed(long v) {
            seed = v;
            return this;
        }

        public Builder nStartupTrials(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("nStartupTrials must be >= 0");
            }
            nStartupTrials = n;
            return this;
        }

        public Builder nEiCandidates(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("nEiCandidates must be >= 1");
            }
            nEiCandidates = n;
            return this;
        }

        public Builder priorWeight(double w) {
            if (!(w > 0)) {
                throw new IllegalArgumentException("priorWeight must be > 0");
            }
            priorWeight = w;
            return this;
        }

        public Builder considerMagicClip(boolean b) {
            considerMagicClip = b;
            return this;
        }

        public Builder considerEndpoints(boolean b) {
            considerEndpoints = b;
            return this;
        }

        public Builder constantLiar(boolean b) {
            constantLiar = b;
            return this;
        }

        public Builder priorCentreIsNeighbour(boolean b) {
            priorCentreIsNeighbour = b;
            return this;
        }

        public Builder scaleFreeScoring(boolean b) {
            scaleFreeScoring = b;
            return this;
        }

        public Builder multivariate(boolean b) {
            multivariate = b;
            return this;
        }

        public Builder group(boolean b) {
            group = b;
            return this;
        }

        public Builder multivariateBandwidth(ParzenEstimator.Bandwidth b) {
            bandwidth = b;
            return this;
        }

        public TpeSampler build() {
            return new TpeSampler(
                    seed,
                    new TpeSettings(
                            nStartupTrials,
                            nEiCandidates,
                            priorWeight,
                            considerMagicClip,
                            considerEndpoints,
                            constantLiar,
                            priorCentreIsNeighbour,
                            scaleFreeScoring,
                            multivariate,
                            group,
                            bandwidth));
        }
    }

    TpeSettings settings() {
        return s;
    }

    static int gamma(int n) {
        return Math.min((int) Math.ceil(0.1 * n), 25);
    }

    static double[] defaultWeights(int n) {
        double[] w = new double[n];
        if (n < 25) {
            java.util.Arrays.fill(w, 1.0);
            return w;
        }
        int ramp = n - 25;
        for (int i = 0; i < ramp; i++) {
            w[i] = ramp == 1 ? 1.0 / n : 1.0 / n + (1.0 - 1.0 / n) * i / (ramp - 1);
        }
        for (int i = ramp; i < n; i++) {
            w[i] = 1.0;
        }
        return w;
    }

    /** Below and above, each in trial order (Optuna re-sorts both by number). */
    record Split(List<Trial> below, List<Trial> above) {}

    /**
     * The best gamma(n) COMPLETE trials are "below"; PRUNED ones fill the quota if needed; the rest, plus
     * RUNNING ones (not this one) under the constant liar, are "above". n counts finished trials, over the
     * whole study as Optuna 4.x (each estimator then keeps the trials that have its parameters).
     */
    Split split(Goal goal, List<Trial> complete, List<Trial> pruned, List<Trial> running) {
        Comparator<Trial> byLoss = Comparator.comparingDouble(
                        (Trial t) -> t.value() == null ? Double.POSITIVE_INFINITY : goal.loss(t.value()))
                .thenComparingInt(Trial::number);
        List<Trial> ordered = new ArrayList<>(complete);
        ordered.sort(byLoss);
        List<Trial> p = new ArrayList<>(pruned);
        p.sort(byLoss);
        ordered.addAll(p);
        int nBelow = Math.min(gamma(complete.size() + pruned.size()), ordered.size());
        List<Trial> below = new ArrayList<>(ordered.subList(0, nBelow));
        List<Trial> above = new ArrayList<>(ordered.subList(nBelow, ordered.size()));
        if (s.constantLiar()) {
            above.addAll(running);
        }
        below.sort(Comparator.comparingInt(Trial::number));
        above.sort(Comparator.comparingInt(Trial::number));
        return new Split(below, above);
    }

    @Override
    public Map<String, Object> sample(SearchSpace space, Goal goal, List<Trial> trials, int trialNumber) {
        SplittableRandom rng = RandomSampler.rngFor(seed, trialNumber);
        List<Trial> complete = new ArrayList<>(), pruned = new ArrayList<>(), running = new ArrayList<>();
        for (Trial t : trials) {
            switch (t.state()) {
                case COMPLETE -> complete.add(t);
                case PRUNED -> pruned.add(t);
                case RUNNING -> {
                    if (t.number() != trialNumber) {
                        running.add(t);
                    }
                }
                default -> {}
            }
        }
        Map<String, Object> point = new LinkedHashMap<>();
        if (complete.size() + pruned.size() < s.nStartupTrials()) {
            for (Param p : space.params()) {
                if (space.active(p.name(), point)) {
                    point.put(p.name(), RandomSampler.draw(p, rng));
                }
            }
            return point;
        }
        Split split = split(goal, complete, pruned, running);
        List<Trial> finished = new ArrayList<>(complete);
        finished.addAll(pruned);
        List<List<Param>> groups = s.multivariate() ? groups(space, finished) : List.of();
        Map<String, Object> joint = new HashMap<>();
        for (Param p : space.params()) {
            if (!space.active(p.name(), point)) {
                continue;
            }
            if (!TpeDimension.samplable(p)) {
                point.put(p.name(), RandomSampler.draw(p, rng));
                continue;
            }
            if (!joint.containsKey(p.name())) {
                List<Param> g =
                        groups.stream().filter(x -> x.contains(p)).findFirst().orElse(null);
                if (g != null) {
                    joint.putAll(sampleJoint(g, split, s.multivariateBandwidth(), rng));
                } else {
                    joint.putAll(sampleJoint(List.of(p), split, ParzenEstimator.Bandwidth.NEIGHBOURS, rng));
                }
            }
            point.put(p.name(), joint.get(p.name()));
        }
        return point;
    }

    /**
     * The parameter groups sampled jointly. With {@code group}: Optuna's decomposition, each finished trial's
     * key set splitting the groups so far into their intersection and differences. Without: one group, the
     * parameters every finished trial has (Optuna's intersection search space). Single-valued parameters
     * are left out, as Optuna does.
     */
    List<List<Param>> groups(SearchSpace space, List<Trial> finished) {
        List<Param> samplable = space.params().stream()
                .filter(p -> TpeDimension.samplable(p) && !singleValued(p))
                .toList();
        List<Set<String>> sets = new ArrayList<>();
        if (s.group()) {
            for (Trial t : finished) {
                Set<String> keys = new LinkedHashSet<>(t.params().keySet());
                List<Set<String>> next = new ArrayList<>();
                for (Set<String> g : sets) {
                    Set<String> in = new LinkedHashSet<>(g), out = new LinkedHashSet<>(g);
                    in.retainAll(keys);
                    out.removeAll(keys);
                    next.add(in);
                    next.add(out);
                    keys.removeAll(g);
                }
                next.add(keys);
                next.removeIf(Set::isEmpty);
                sets = next;
            }
        } else if (!finished.isEmpty()) {
            Set<String> common = new LinkedHashSet<>(finished.get(0).params().keySet());
            for (Trial t : finished) {
                common.retainAll(t.params().keySet());
            }
            sets.add(common);
        }
        List<List<Param>> out = new ArrayList<>();
        for (Set<String> g : sets) {
            List<Param> ps =
                    samplable.stream().filter(p -> g.contains(p.name())).toList();
            if (!ps.isEmpty()) {
                out.add(ps);
            }
        }
        return out;
    }

    private static boolean singleValued(Param p) {
        return p instanceof Param.Choice c
                ? c.choices().size() == 1
                : p instanceof Param.Int i ? i.low() == i.high() : ((Param.Real) p).low() == ((Param.Real) p).high();
    }

    /** l and g over the trials that have every parameter of {@code ps}; the best of 24 candidates from l. */
    private Map<String, Object> sampleJoint(
            List<Param> ps, Split split, ParzenEstimator.Bandwidth rule, SplittableRandom rng) {
        List<TpeDimension> dims = ps.stream().map(TpeDimension::of).toList();
        ParzenEstimator l = new ParzenEstimator(dims, observations(dims, split.below()), s, rule);
        ParzenEstimator g = new ParzenEstimator(dims, observations(dims, split.above()), s, rule);
        double[][] candidates = l.sample(rng, s.nEiCandidates());
        double[] best = candidates[0];
        double bestScore = Double.NEGATIVE_INFINITY;
        for (double[] c : candidates) {
            double score = l.logPdf(c) - g.logPdf(c);
            if (score > bestScore) {
                best = c;
                bestScore = score;
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (int j = 0; j < dims.size(); j++) {
            out.put(ps.get(j).name(), dims.get(j).external(best[j]));
        }
        return out;
    }

    /** One row per trial that has all the dimensions' parameters with values that fit them. */
    static double[][] observations(List<TpeDimension> dims, List<Trial> group) {
        List<double[]> rows = new ArrayList<>();
        for (Trial t : group) {
            double[] row = new double[dims.size()];
            boolean ok = true;
            for (int j = 0; j < dims.size() && ok; j++) {
                Object v = t.params().get(dims.get(j).param().name());
                row[j] = v == null ? Double.NaN : dims.get(j).centre(v);
                ok = !Double.isNaN(row[j]);
            }
            if (ok) {
                rows.add(row);
            }
        }
        return rows.toArray(new double[0][]);
    }
}
