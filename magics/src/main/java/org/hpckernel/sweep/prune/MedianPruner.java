package org.hpckernel.sweep.prune;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import org.hpckernel.sweep.Goal;
import org.hpckernel.sweep.TrialState;

/**
 * Optuna's MedianPruner (optuna/pruners/_median.py, a PercentilePruner at 50 in _percentile.py, 3.1): once
 * {@code startup} trials are COMPLETE, a trial whose last step is past {@code warmup} and the first report of
 * its interval is stopped when its best value so far is worse than the median of the COMPLETE trials' values
 * at that same step. Optuna asks after every report; the values read since the last poll are replayed one by one.
 */
public record MedianPruner(int startup, long warmup, long interval, int minTrials) implements Pruner {

    public MedianPruner {
        if (startup < 0) {
            throw new IllegalArgumentException(
                    "median's startup (trials that finish before any is pruned) must be >= 0, got " + startup);
        }
        if (warmup < 0) {
            throw new IllegalArgumentException(
                    "median's warmup (steps before a trial can be pruned) must be >= 0, got " + warmup);
        }
        if (interval < 1) {
            throw new IllegalArgumentException(
                    "median's interval (steps between checks) must be at least 1, got " + interval);
        }
        if (minTrials < 1) {
            throw new IllegalArgumentException("median's min_trials must be at least 1, got " + minTrials);
        }
    }

    /** Optuna's defaults: n_startup_trials=5, n_warmup_steps=0, interval_steps=1, n_min_trials=1. */
    public static MedianPruner defaults() {
        return new MedianPruner(5, 0, 1, 1);
    }

    @Override
    public List<RungDecision> decide(Goal goal, List<TrialCurve> trials) {
        List<TrialCurve> complete =
                trials.stream().filter(t -> t.state() == TrialState.COMPLETE).toList();
        List<RungDecision> stop = new ArrayList<>();
        if (complete.isEmpty() || complete.size() < startup) {
            return stop;
        }
        for (TrialCurve t : trials) {
            if (t.state() != TrialState.RUNNING) {
                continue;
            }
            List<Long> steps = new ArrayList<>(t.values().keySet());
            for (int k = steps.size() - t.fresh(); k < steps.size(); k++) {
                RungDecision d = judge(goal, t.number(), t.values().headMap(steps.get(k) + 1), complete);
                if (d != null) {
                    stop.add(d);
                    break;
                }
            }
        }
        return stop;
    }

    /** Optuna's prune() for a trial whose reports so far are {@code soFar}; null = keep it. */
    private RungDecision judge(Goal goal, int number, SortedMap<Long, Double> soFar, List<TrialCurve> complete) {
        long step = soFar.lastKey();
        if (step < warmup || !firstInInterval(step, soFar)) {
            return null;
        }
        var values = soFar.values().stream().mapToDouble(Double::doubleValue);
        double best = goal == Goal.MAXIMIZE
                ? values.max().orElseThrow()
                : values.min().orElseThrow();
        List<Double> at = new ArrayList<>();
        for (TrialCurve c : complete) {
            Double v = c.values().get(step);
            if (v != null) {
                at.add(v);
            }
        }
        if (at.size() < minTrials) {
            return null;
        }
        double median = percentile(at, 50);
        boolean worse = goal == Goal.MAXIMIZE ? best < median : best > median;
        return worse ? new RungDecision(number, 0, step, best, median) : null;
    }

    /** True when no earlier report falls in this step's interval (Optuna's _is_first_in_interval_step). */
    private boolean firstInInterval(long step, SortedMap<Long, Double> soFar) {
        long nearestLower = Math.floorDiv(step - warmup, interval) * interval + warmup;
        SortedMap<Long, Double> before = soFar.headMap(step);
        long secondLast = before.isEmpty() ? -1 : before.lastKey();
        return secondLast < nearestLower;
    }

    /** numpy's percentile, method "linear", including its two-sided lerp. */
    static double percentile(List<Double> values, double q) {
        double[] a = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double index = (a.length - 1) * (q / 100);
        int lo = (int) Math.floor(index);
        int hi = Math.min(lo + 1, a.length - 1);
        double t = index - lo;
        double diff = a[hi] - a[lo];
        return t >= 0.5 ? a[hi] - diff * (1 - t) : a[lo] + diff * t;
    }

    @Override
    public String describe() {
        return "median (startup " + startup + ", warmup " + warmup + ", interval " + interval
                + (minTrials == 1 ? "" : ", min_trials " + minTrials) + ")";
    }
}
