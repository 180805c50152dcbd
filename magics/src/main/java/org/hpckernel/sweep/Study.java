package org.hpckernel.sweep;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Ask/tell optimisation, usable straight from a cell:
 * <pre>
 * Study study = Study.create(space, Sampler.tpe(42), Goal.MINIMIZE);
 * Trial t = study.ask();
 * study.tell(t, f(t.getDouble("x")));
 * </pre>
 * Thread-safe (the steering thread and a cell may share a study).
 */
public final class Study {

    private final SearchSpace space;
    private final Sampler sampler;
    private final Goal goal;
    private final List<Trial> trials = new ArrayList<>();

    private Study(SearchSpace space, Sampler sampler, Goal goal) {
        this.space = space;
        this.sampler = sampler;
        this.goal = goal;
    }

    public static Study create(SearchSpace space, Sampler sampler, Goal goal) {
        return new Study(space, sampler, goal);
    }

    /** A study for a parsed W&B config: its method picks the sampler, its metric the goal. */
    public static Study create(SearchSpace space, long seed) {
        return new Study(space, Sampler.forMethod(space.method(), seed), space.goal());
    }

    public SearchSpace space() {
        return space;
    }

    public Goal goal() {
        return goal;
    }

    /** The next point, recorded as RUNNING. Throws NoSuchElementException when a grid is exhausted. */
    public synchronized Trial ask() {
        int number = trials.size();
        Map<String, Object> point = sampler.sample(space, goal, List.copyOf(trials), number);
        if (point == null)
            throw new NoSuchElementException("the search space is exhausted after " + number + " trials");
        point = new java.util.LinkedHashMap<>(ActivePoint.of(space, point)); // no inactive parameter, whichever sampler
        point.replaceAll((k, v) -> space.param(k)
                .filter(p -> p instanceof Param.Real || p instanceof Param.Normal)
                .map(p -> p.coerce(v))
                .orElse(v)); // W&B's integer-q values as ints
        Trial t = new Trial(number, point, TrialState.RUNNING, null, null, 1);
        trials.add(t);
        return t;
    }

    /** Adds a trial with a known point and state (restoring a study from the ledger). */
    public synchronized Trial add(
            Map<String, Object> point, TrialState state, Double value, String reason, int attempts) {
        Trial t = new Trial(trials.size(), point, state, value, reason, attempts);
        trials.add(t);
        return t;
    }

    public void tell(Trial t, double value) {
        if (Double.isNaN(value)) {
            fail(t, "objective is NaN");
            return;
        } // Optuna: NaN -> FAIL
        finish(t, TrialState.COMPLETE, value, null);
    }

    public void fail(Trial t, String reason) {
        finish(t, TrialState.FAILED, null, reason);
    }

    public void prune(Trial t, Double lastValue) {
        prune(t, lastValue, "pruned");
    }

    /** A trial stopped early; {@code reason} says where and why (its rung, its value, the cut-off). */
    public void prune(Trial t, Double lastValue, String reason) {
        finish(t, TrialState.PRUNED, lastValue, reason);
    }

    /** Records a trial that ran out of retries as COMPLETE with the worst objective, as phpo does. */
    public void tellWorst(Trial t, String reason) {
        finish(
                t,
                TrialState.COMPLETE,
                goal == Goal.MINIMIZE ? RetryPolicy.WORST_LOSS : -RetryPolicy.WORST_LOSS,
                reason);
    }

    /** Counts another attempt of a RUNNING trial (a retry after a cluster fault). */
    public synchronized Trial retry(Trial t) {
        Trial cur = current(t);
        if (cur.state() != TrialState.RUNNING)
            throw new IllegalStateException("trial " + t.number() + " is " + cur.state() + ", not RUNNING");
        Trial next = new Trial(cur.number(), cur.params(), TrialState.RUNNING, null, null, cur.attempts() + 1);
        trials.set(t.number(), next);
        return next;
    }

    private synchronized void finish(Trial t, TrialState state, Double value, String reason) {
        Trial cur = current(t);
        if (cur.state() != TrialState.RUNNING)
            throw new IllegalStateException(
                    "trial " + t.number() + " was already told (" + cur.state() + "); a trial is told once");
        trials.set(t.number(), cur.with(state, value, reason));
    }

    private Trial current(Trial t) {
        if (t.number() < 0 || t.number() >= trials.size())
            throw new IllegalArgumentException("trial " + t.number() + " is not from this study");
        return trials.get(t.number());
    }

    /** Trial {@code number} as it stands now (no copy of the list, for loops over many trials). */
    public synchronized Trial trial(int number) {
        return current(new Trial(number, java.util.Map.of(), TrialState.RUNNING, null, null, 1));
    }

    public synchronized List<Trial> trials() {
        return List.copyOf(trials);
    }

    public synchronized Optional<Trial> best() {
        return trials.stream()
                .filter(t -> t.state() == TrialState.COMPLETE && t.value() != null)
                .min(Comparator.comparingDouble((Trial t) -> goal.loss(t.value()))
                        .thenComparingInt(Trial::number));
    }

    public synchronized long count(TrialState s) {
        return trials.stream().filter(t -> t.state() == s).count();
    }

    /** One row per trial, best first (trials without a value last): trial, each parameter, objective, state, reason. */
    public synchronized Table results(String objectiveName) {
        List<Trial> rows = new ArrayList<>(trials);
        rows.sort(Comparator.comparingDouble(
                        (Trial t) -> t.value() == null ? Double.POSITIVE_INFINITY : goal.loss(t.value()))
                .thenComparingInt(Trial::number));
        Table table = Table.create("sweep results");
        table.addColumns(
                IntColumn.create("trial", rows.stream().mapToInt(Trial::number).toArray()));
        for (Param p : space.params()) {
            boolean numeric = rows.stream()
                    .allMatch(
                            t -> t.params().get(p.name()) == null || t.params().get(p.name()) instanceof Number);
            if (numeric) {
                DoubleColumn c = DoubleColumn.create(p.name());
                for (Trial t : rows) {
                    Object v = t.params().get(p.name());
                    if (v == null) c.appendMissing();
                    else c.append(((Number) v).doubleValue());
                }
                table.addColumns(c);
            } else {
                StringColumn c = StringColumn.create(p.name());
                for (Trial t : rows) {
                    if (t.params().containsKey(p.name())) {
                        c.append(String.valueOf(t.params().get(p.name())));
                    } else {
                        c.appendMissing(); // inactive in this trial: an empty cell, not "null"
                    }
                }
                table.addColumns(c);
            }
        }
        DoubleColumn obj = DoubleColumn.create(objectiveName == null ? "objective" : objectiveName);
        StringColumn state = StringColumn.create("state"), reason = StringColumn.create("reason");
        for (Trial t : rows) {
            if (t.value() == null) obj.appendMissing();
            else obj.append(t.value());
            state.append(t.state().name());
            reason.append(t.reason() == null ? "" : t.reason());
        }
        return table.addColumns(obj, state, reason);
    }

    public Table results() {
        return results(space.metricName());
    }
}
