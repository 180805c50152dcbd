package org.hpckernel.sweep.prune;

import java.util.ArrayList;
import java.util.List;
import org.hpckernel.sweep.Goal;
import org.hpckernel.sweep.TrialState;

/**
 * W&B's hyperband stopping (wandb/sweeps src/sweeps/hyperband_stopping.py, hyperband_stop_runs): rungs ("bands")
 * are counts of logged values; at each band the threshold is the value ranked int(n/eta) (0-based, best first)
 * among all trials that logged that many; a running trial past a band is stopped when its value there
 * (strict, W&B's default) or its best value so far (strict: false) is worse than the last band's threshold.
 */
public record HyperbandPruner(List<Long> bands, double eta, boolean strict) implements Pruner {

    /** W&B computes bands up to eta^99 * min_iter; past any real history they never apply. */
    private static final double LAST_BAND = 1e15;

    public HyperbandPruner {
        bands = List.copyOf(bands);
        if (bands.isEmpty()) {
            throw new IllegalArgumentException(
                    "hyperband has no bands: try increasing s, decreasing eta, or increasing min_iter");
        }
        if (!(eta >= 1)) {
            throw new IllegalArgumentException("hyperband's eta must be greater than 1, got " + eta);
        }
    }

    /** Bands counted down from max_iter: max_iter/eta, max_iter/eta^2, ... (s of them, none below 1), ascending. */
    public static HyperbandPruner fromMaxIter(long maxIter, int s, double eta, boolean strict) {
        checkEta(eta);
        List<Long> bands = new ArrayList<>();
        double band = maxIter;
        for (int i = 0; i < s; i++) {
            band /= eta;
            if (band < 1) {
                break;
            }
            bands.add((long) band);
        }
        bands.sort(null);
        return new HyperbandPruner(bands, eta, strict);
    }

    /** Bands counted up from min_iter: min_iter, min_iter*eta, min_iter*eta^2, ... */
    public static HyperbandPruner fromMinIter(long minIter, double eta, boolean strict) {
        checkEta(eta);
        if (minIter < 1) {
            throw new IllegalArgumentException("hyperband's min_iter must be at least 1, got " + minIter);
        }
        List<Long> bands = new ArrayList<>();
        double band = minIter;
        for (int i = 0; i < 100 && band <= LAST_BAND; i++) {
            bands.add((long) band);
            band *= eta;
        }
        return new HyperbandPruner(bands, eta, strict);
    }

    private static void checkEta(double eta) {
        if (!(eta > 1)) {
            throw new IllegalArgumentException("hyperband's eta must be greater than 1, got " + eta);
        }
    }

    /** The threshold of each band (in "smaller is better" terms); +inf where no trial logged that many values. */
    List<Double> thresholds(Goal goal, List<TrialCurve> trials) {
        double r = 1.0 / eta;
        List<Double> out = new ArrayList<>();
        for (long band : bands) {
            List<Double> at = new ArrayList<>();
            for (TrialCurve t : trials) {
                List<Double> h = history(goal, t);
                if (h.size() >= band) {
                    at.add(h.get((int) (band - 1)));
                }
            }
            at.sort(null);
            out.add(at.isEmpty() ? Double.POSITIVE_INFINITY : at.get((int) (r * at.size())));
        }
        return out;
    }

    @Override
    public List<RungDecision> decide(Goal goal, List<TrialCurve> trials) {
        List<Double> thresholds = thresholds(goal, trials);
        List<RungDecision> stop = new ArrayList<>();
        for (TrialCurve t : trials) {
            if (t.state() != TrialState.RUNNING) {
                continue;
            }
            List<Double> h = history(goal, t);
            int rung = -1;
            for (int i = 0; i < bands.size() && bands.get(i) <= h.size(); i++) {
                rung = i;
            }
            if (rung < 0) {
                continue;
            }
            int at = (int) (bands.get(rung) - 1);
            double value = strict
                    ? h.get(at)
                    : h.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
            double cutoff = thresholds.get(rung);
            if (value > cutoff) {
                long step = new ArrayList<>(t.values().keySet()).get(at);
                stop.add(new RungDecision(t.number(), rung + 1, step, sign(goal) * value, sign(goal) * cutoff));
            }
        }
        return stop;
    }

    /** The logged values in order, as losses (W&B negates a maximized metric). */
    private static List<Double> history(Goal goal, TrialCurve t) {
        return t.values().values().stream().map(v -> sign(goal) * v).toList();
    }

    private static double sign(Goal goal) {
        return goal == Goal.MAXIMIZE ? -1 : 1;
    }

    @Override
    public String describe() {
        return "hyperband (bands " + (bands.size() > 6 ? bands.subList(0, 6) + "..." : bands) + ", eta " + eta
                + (strict ? "" : ", strict: false") + ")";
    }
}
