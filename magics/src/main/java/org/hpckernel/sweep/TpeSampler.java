package org.hpckernel.sweep;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Independent (univariate) TPE after Optuna's TPESampler, with its defaults: 10 random start-up trials,
 * 24 expected-improvement candidates, gamma(n) = min(ceil(0.1 n), 25), Optuna's default weights (older
 * trials down-weighted past 25), a prior kernel of weight 1, the magic clip, consider_endpoints off.
 * Parzen estimators live on the transformed domain (ln for log parameters, bounds widened by step/2
 * for int/stepped ones). The constant liar is ON by default: RUNNING trials count as "above" (worst),
 * so parallel asks spread out instead of piling onto one point. Bit-equality with Optuna is not a goal
 * (different RNG); the algorithm and defaults are. The Parzen densities are normalised truncated normals,
 * as in Optuna since 3.5 (Optuna 3.1-3.4, Debian 12's, left out the 1/sigma factor: optuna#5109).
 */
public final class TpeSampler implements Sampler {

    private final long seed;
    private final int nStartupTrials;
    private final int nEiCandidates;
    private final double priorWeight;
    private final boolean considerMagicClip;
    private final boolean considerEndpoints;
    private final boolean constantLiar;

    private TpeSampler(Builder b) {
        seed = b.seed;
        nStartupTrials = b.nStartupTrials;
        nEiCandidates = b.nEiCandidates;
        priorWeight = b.priorWeight;
        considerMagicClip = b.considerMagicClip;
        considerEndpoints = b.considerEndpoints;
        constantLiar = b.constantLiar;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private long seed;
        private int nStartupTrials = 10;
        private int nEiCandidates = 24;
        private double priorWeight = 1.0;
        private boolean considerMagicClip = true;
        private boolean considerEndpoints = false;
        private boolean constantLiar = true;

        public Builder seed(long s) { seed = s; return this; }
        public Builder nStartupTrials(int n) { if (n < 0) throw new IllegalArgumentException("nStartupTrials must be >= 0"); nStartupTrials = n; return this; }
        public Builder nEiCandidates(int n) { if (n < 1) throw new IllegalArgumentException("nEiCandidates must be >= 1"); nEiCandidates = n; return this; }
        public Builder priorWeight(double w) { if (!(w > 0)) throw new IllegalArgumentException("priorWeight must be > 0"); priorWeight = w; return this; }
        public Builder considerMagicClip(boolean b) { considerMagicClip = b; return this; }
        public Builder considerEndpoints(boolean b) { considerEndpoints = b; return this; }
        public Builder constantLiar(boolean b) { constantLiar = b; return this; }
        public TpeSampler build() { return new TpeSampler(this); }
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
        for (int i = 0; i < ramp; i++) w[i] = ramp == 1 ? 1.0 / n : 1.0 / n + (1.0 - 1.0 / n) * i / (ramp - 1);
        for (int i = ramp; i < n; i++) w[i] = 1.0;
        return w;
    }

    @Override
    public Map<String, Object> sample(SearchSpace space, Goal goal, List<Trial> trials, int trialNumber) {
        SplittableRandom rng = RandomSampler.rngFor(seed, trialNumber);
        List<Trial> complete = new ArrayList<>(), pruned = new ArrayList<>(), running = new ArrayList<>();
        for (Trial t : trials) {
            switch (t.state()) {
                case COMPLETE -> complete.add(t);
                case PRUNED -> pruned.add(t);
                case RUNNING -> { if (t.number() != trialNumber) running.add(t); }
                default -> { }
            }
        }
        int nFinished = complete.size() + pruned.size();
        if (nFinished < nStartupTrials) return new RandomSampler(seed).sample(space, goal, trials, trialNumber);

        // split: best gamma(n) COMPLETE trials are "below"; PRUNED fill the quota if needed; the rest,
        // plus RUNNING ones under the constant liar, are "above"
        Comparator<Trial> byLoss = Comparator.comparingDouble((Trial t) -> t.value() == null ? Double.POSITIVE_INFINITY : goal.loss(t.value()))
                .thenComparingInt(Trial::number);
        complete.sort(byLoss);
        pruned.sort(byLoss);
        List<Trial> ordered = new ArrayList<>(complete);
        ordered.addAll(pruned);
        int nBelow = gamma(nFinished);
        List<Trial> below = new ArrayList<>(ordered.subList(0, Math.min(nBelow, ordered.size())));
        List<Trial> above = new ArrayList<>(ordered.subList(Math.min(nBelow, ordered.size()), ordered.size()));
        if (constantLiar) above.addAll(running);
        below.sort(Comparator.comparingInt(Trial::number));
        above.sort(Comparator.comparingInt(Trial::number));

        Map<String, Object> point = new LinkedHashMap<>();
        for (Param p : space.params()) {
            if (p instanceof Param.Const || p instanceof Param.Normal) point.put(p.name(), RandomSampler.draw(p, rng));
            else if (p instanceof Param.Choice c) point.put(p.name(), sampleChoice(c, below, above, rng));
            else point.put(p.name(), sampleNumeric(p, below, above, rng));
        }
        return point;
    }

    // ------------------------------------------------------------ numerical parameters

    /** A numeric parameter on the transformed domain: [low, high] with grid step (0 = continuous). */
    private record Domain(double low, double high, double step, double gridLow) {}

    private static Domain domain(Param p) {
        if (p instanceof Param.Int i) {
            if (i.log()) return new Domain(Math.log(i.low() - 0.5), Math.log(i.high() + 0.5), 0, 0);
            return new Domain(i.low() - i.step() / 2.0, i.high() + i.step() / 2.0, i.step(), i.low());
        }
        Param.Real r = (Param.Real) p;
        if (r.log()) return new Domain(Math.log(r.low()), Math.log(r.high()), 0, 0);
        if (r.step() != null) {
            double hi = r.low() + Math.floor((r.high() - r.low()) / r.step() + 1e-9) * r.step();
            return new Domain(r.low() - r.step() / 2, hi + r.step() / 2, r.step(), r.low());
        }
        return new Domain(r.low(), r.high(), 0, 0);
    }

    private static double toDomain(Param p, Object v) {
        double x = ((Number) v).doubleValue();
        boolean log = p instanceof Param.Int i ? i.log() : ((Param.Real) p).log();
        return log ? Math.log(x) : x;
    }

    private static Object fromDomain(Param p, Domain d, double x) {
        if (d.step > 0) {
            x = d.gridLow + Math.rint((x - d.gridLow) / d.step) * d.step;
            x = Math.max(d.gridLow, Math.min(d.high - d.step / 2, x));
        }
        if (p instanceof Param.Int i) {
            long v = Math.round(i.log() ? Math.exp(x) : x);
            return Math.max(i.low(), Math.min(i.high(), v));
        }
        Param.Real r = (Param.Real) p;
        return RandomSampler.roundReal(r, r.log() ? Math.exp(x) : x);
    }

    private Object sampleNumeric(Param p, List<Trial> below, List<Trial> above, SplittableRandom rng) {
        Domain d = domain(p);
        Parzen l = parzen(d, observations(p, below));
        Parzen g = parzen(d, observations(p, above));
        double best = Double.NaN, bestScore = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < nEiCandidates; c++) {
            double x = l.sample(rng);
            if (d.step > 0) x = d.gridLow + Math.rint((x - d.gridLow) / d.step) * d.step; // score the point that will be used
            double score = l.logPdf(x) - g.logPdf(x);
            if (Double.isNaN(best) || score > bestScore) { best = x; bestScore = score; }
        }
        return fromDomain(p, d, best);
    }

    private static double[] observations(Param p, List<Trial> group) {
        return group.stream().filter(t -> t.params().get(p.name()) instanceof Number)
                .mapToDouble(t -> toDomain(p, t.params().get(p.name()))).toArray();
    }

    /**
     * Optuna's univariate bandwidths: each kernel's sigma is the larger gap to its sorted neighbours,
     * the prior's centre counted among them (so a lone good point gets a narrow kernel, not one as
     * wide as the domain); the prior keeps sigma = the domain's width; all clipped by the magic clip.
     */
    private Parzen parzen(Domain d, double[] obs) {
        int n = obs.length;
        double[] mus = java.util.Arrays.copyOf(obs, n + 1), sigmas = new double[n + 1];
        mus[n] = 0.5 * (d.low + d.high);
        Integer[] order = new Integer[n + 1];
        for (int i = 0; i <= n; i++) order[i] = i;
        java.util.Arrays.sort(order, Comparator.comparingDouble(i -> mus[i]));
        double[] padded = new double[n + 3];
        padded[0] = d.low;
        padded[n + 2] = d.high;
        for (int i = 0; i <= n; i++) padded[i + 1] = mus[order[i]];
        double[] sorted = new double[n + 1];
        for (int i = 0; i <= n; i++) sorted[i] = Math.max(padded[i + 1] - padded[i], padded[i + 2] - padded[i + 1]);
        if (!considerEndpoints && padded.length >= 4) {
            sorted[0] = padded[2] - padded[1];
            sorted[n] = padded[n + 1] - padded[n];
        }
        for (int i = 0; i <= n; i++) sigmas[order[i]] = sorted[i];
        sigmas[n] = d.high - d.low;
        double maxSigma = d.high - d.low;
        double minSigma = considerMagicClip ? (d.high - d.low) / Math.min(100.0, 1.0 + (n + 1)) : 1e-12;
        for (int i = 0; i <= n; i++) sigmas[i] = Math.min(maxSigma, Math.max(minSigma, sigmas[i]));
        return new Parzen(mixtureWeights(n), mus, sigmas, d);
    }

    private double[] mixtureWeights(int n) {
        double[] w0 = defaultWeights(n);
        double[] w = java.util.Arrays.copyOf(w0, n + 1);
        w[n] = priorWeight;
        double sum = 0;
        for (double v : w) sum += v;
        for (int i = 0; i <= n; i++) w[i] /= sum;
        return w;
    }

    /** A mixture of normals truncated to the domain; stepped domains score the mass of x's grid cell. */
    private record Parzen(double[] weights, double[] mus, double[] sigmas, Domain d, double[] logNorms) {

        Parzen(double[] weights, double[] mus, double[] sigmas, Domain d) {
            this(weights, mus, sigmas, d, logNorms(mus, sigmas, d));
        }

        private static double[] logNorms(double[] mus, double[] sigmas, Domain d) {
            double[] out = new double[mus.length];
            for (int k = 0; k < mus.length; k++) out[k] = Math.log(Normals.mass((d.low - mus[k]) / sigmas[k], (d.high - mus[k]) / sigmas[k]));
            return out;
        }

        double sample(SplittableRandom rng) {
            int k = pickWeighted(weights, rng);
            double a = (d.low - mus[k]) / sigmas[k], b = (d.high - mus[k]) / sigmas[k];
            double z;
            if (a > 0) {  // sample the mirrored interval, where the CDF is precise
                double lo = Normals.cdf(-b), hi = Normals.cdf(-a);
                z = -Normals.inverseCdf(clampOpen(lo + (hi - lo) * rng.nextDouble()));
            } else {
                double lo = Normals.cdf(a), hi = Normals.cdf(b);
                z = Normals.inverseCdf(clampOpen(lo + (hi - lo) * rng.nextDouble()));
            }
            return Math.max(d.low, Math.min(d.high, mus[k] + sigmas[k] * z));
        }

        double logPdf(double x) {
            double max = Double.NEGATIVE_INFINITY;
            double[] terms = new double[mus.length];
            for (int k = 0; k < mus.length; k++) {
                double s = sigmas[k], mu = mus[k];
                double logNorm = logNorms[k];
                double lp;
                if (d.step > 0) {
                    double m = Normals.mass((x - d.step / 2 - mu) / s, (x + d.step / 2 - mu) / s);
                    // far tails underflow: fall back to the density at the cell centre times the cell width
                    lp = m > 0 ? Math.log(m) : Normals.logPdf((x - mu) / s) + Math.log(d.step / s);
                } else {
                    lp = Normals.logPdf((x - mu) / s) - Math.log(s);
                }
                terms[k] = Math.log(weights[k]) + lp - logNorm;
                max = Math.max(max, terms[k]);
            }
            double sum = 0;
            for (double t : terms) sum += Math.exp(t - max);
            return max + Math.log(sum);
        }

        private static double clampOpen(double u) {
            return Math.min(1 - 1e-16, Math.max(1e-300, u));
        }
    }

    // ------------------------------------------------------------ categorical parameters

    private Object sampleChoice(Param.Choice c, List<Trial> below, List<Trial> above, SplittableRandom rng) {
        int m = c.choices().size();
        double[][] lRows = choiceKernels(c, below), gRows = choiceKernels(c, above);
        double[] lW = mixtureWeights(lRows.length - 1), gW = mixtureWeights(gRows.length - 1);
        double[] lP = mix(lRows, lW, m), gP = mix(gRows, gW, m);
        int best = -1;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < nEiCandidates; k++) {
            int kernel = pickWeighted(lW, rng);
            int idx = pickWeighted(lRows[kernel], rng);
            double score = Math.log(lP[idx]) - Math.log(gP[idx]);
            if (best < 0 || score > bestScore) { best = idx; bestScore = score; }
        }
        return c.choices().get(best);
    }

    private double[][] choiceKernels(Param.Choice c, List<Trial> group) {
        List<Integer> idx = new ArrayList<>();
        for (Trial t : group) {
            if (!t.params().containsKey(c.name())) continue;
            int i = c.choices().indexOf(t.params().get(c.name()));
            if (i >= 0) idx.add(i);
        }
        int nKernels = idx.size() + 1, m = c.choices().size();
        double[][] rows = new double[nKernels][m];
        for (int k = 0; k < nKernels; k++) {
            java.util.Arrays.fill(rows[k], priorWeight / nKernels);
            if (k < idx.size()) rows[k][idx.get(k)] += 1;
            double s = 0;
            for (double v : rows[k]) s += v;
            for (int j = 0; j < m; j++) rows[k][j] /= s;
        }
        return rows;
    }

    private static double[] mix(double[][] rows, double[] w, int m) {
        double[] p = new double[m];
        for (int k = 0; k < rows.length; k++) for (int j = 0; j < m; j++) p[j] += w[k] * rows[k][j];
        return p;
    }

    private static int pickWeighted(double[] w, SplittableRandom rng) {
        double u = rng.nextDouble(), acc = 0;
        for (int i = 0; i < w.length; i++) {
            acc += w[i];
            if (u < acc) return i;
        }
        return w.length - 1;
    }
}
