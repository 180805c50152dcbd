package org.hpckernel.sweep.prune;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;
import org.hpckernel.sweep.TrialState;

/**
 * What a pruner sees of one trial: its state and the metric's values it logged, by step (finite values only,
 * as W&B's history filter keeps them). {@code fresh}: how many of the last values arrived since the previous
 * decision (a rule that Optuna applies after every report is replayed over these).
 */
public record TrialCurve(int number, TrialState state, SortedMap<Long, Double> values, int fresh) {

    public TrialCurve {
        values = Collections.unmodifiableSortedMap(new TreeMap<>(values));
        fresh = Math.max(0, Math.min(fresh, values.size()));
    }
}
