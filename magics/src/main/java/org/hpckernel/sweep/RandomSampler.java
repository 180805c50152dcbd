package org.hpckernel.sweep;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Independent draws from each parameter's prior. Trial n's point depends only on (seed, n). */
public final class RandomSampler implements Sampler {

    private final long seed;

    RandomSampler(long seed) {
        this.seed = seed;
    }

    @Override
    public Map<String, Object> sample(SearchSpace space, Goal goal, List<Trial> trials, int trialNumber) {
        SplittableRandom rng = rngFor(seed, trialNumber);
        Map<String, Object> point = new LinkedHashMap<>();
        for (Param p : space.params()) {
            if (space.active(p.name(), point)) { // an inactive parameter is left out of the point
                point.put(p.name(), draw(p, rng));
            }
        }
        return point;
    }

    /**
     * Each trial's own stream, a function of (seed, trial) only, so a resumed sweep draws what it would
     * have drawn. Both are mixed before they meet: {@code seed * GOLDEN + trial}, as before, made seed
     * s+1's stream seed s's shifted by one draw (SplittableRandom steps by the same constant), so two
     * seeds gave nearly the same sweep.
     */
    static SplittableRandom rngFor(long seed, int trialNumber) {
        return new SplittableRandom(mix64(mix64(seed) + trialNumber));
    }

    /** Stafford's variant 13 of MurmurHash3's finaliser, as SplittableRandom uses it. */
    static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    static Object draw(Param p, SplittableRandom rng) {
        if (p instanceof Param.Const c) return c.value();
        if (p instanceof Param.Choice c)
            return c.choices().get(pick(c.probabilities(), c.choices().size(), rng));
        if (p instanceof Param.Int i) {
            if (i.log()) {
                double x = Math.exp(uniform(rng, Math.log(i.low() - 0.5), Math.log(i.high() + 0.5)));
                return Math.max(i.low(), Math.min(i.high(), Math.round(x)));
            }
            return i.low() + rng.nextLong((i.high() - i.low()) / i.step() + 1) * i.step();
        }
        if (p instanceof Param.Real r) {
            double x = r.log()
                    ? Math.exp(uniform(rng, Math.log(r.low()), Math.log(r.high())))
                    : uniform(rng, r.low(), r.high());
            return roundReal(r, x);
        }
        Param.Normal n = (Param.Normal) p;
        double x = n.mu() + n.sigma() * Normals.inverseCdf(open01(rng));
        if (n.log()) x = Math.exp(x);
        return n.q() == null ? x : Math.rint(x / n.q()) * n.q();
    }

    /** Puts x on the param's step grid (low + k*step; for log params: multiples of q) and inside the bounds. */
    static double roundReal(Param.Real r, double x) {
        if (r.step() != null) {
            double s = r.step();
            if (r.log()) {
                x = Math.rint(x / s) * s;
                if (x < r.low()) x += s;
                if (x > r.high()) x -= s;
            } else {
                double hi = r.low() + Math.floor((r.high() - r.low()) / s + 1e-9) * s;
                x = r.low() + Math.rint((x - r.low()) / s) * s;
                x = Math.min(x, hi);
            }
        }
        return Math.max(r.low(), Math.min(r.high(), x));
    }

    static double uniform(SplittableRandom rng, double lo, double hi) {
        return lo + (hi - lo) * rng.nextDouble();
    }

    static double open01(SplittableRandom rng) {
        double u;
        do u = rng.nextDouble();
        while (u == 0.0);
        return u;
    }

    static int pick(List<Double> probs, int n, SplittableRandom rng) {
        if (probs == null) return rng.nextInt(n);
        double u = rng.nextDouble(), acc = 0;
        for (int i = 0; i < n; i++) {
            acc += probs.get(i);
            if (u < acc) return i;
        }
        return n - 1;
    }
}
