package org.hpckernel.sweep.export;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.hpckernel.sweep.Param;
import org.hpckernel.sweep.PyValue;

/**
 * One parameter as Optuna's storage records it: the distribution JSON (the text of Optuna 3.1's
 * {@code distribution_to_json}: {@code json.dumps({"name": cls, "attributes": dist.__dict__})}, keys in
 * the order its constructors assign them) and the internal value of each trial's choice (a float; for a
 * categorical, the index of the choice). {@code note} says when the mapping had to give something up.
 *
 * <p>Numeric distributions are checked against the values the trials hold, as Optuna's
 * {@code FrozenTrial._validate} checks them ({@code low <= v <= high}, on the step grid to 1e-8): a value
 * outside (a ledger written under another definition) widens the bounds and drops the step, so that
 * {@code optuna.copy_study} and samplers that re-validate accept every trial.
 *
 * @param choices the categorical choices as written, or null for a numeric distribution
 */
public record OptunaDistribution(String json, List<Object> choices, String note) {

    /** The float Optuna stores in {@code trial_params.param_value} for {@code value}. */
    public double internal(Object value) {
        if (choices == null) {
            return ((Number) value).doubleValue();
        }
        Object written = choiceAsWritten(value);
        for (int i = 0; i < choices.size(); i++) {
            if (Objects.equals(choices.get(i), written)) {
                return i; // the exact choice first: Python's == would take True for an earlier 1
            }
        }
        for (int i = 0; i < choices.size(); i++) {
            if (sameChoice(choices.get(i), written)) {
                return i;
            }
        }
        throw new IllegalStateException("value " + PyValue.repr(value) + " is none of the choices " + choices);
    }

    /** The distribution for {@code p}, given every value the exported trials hold for it (inactive trials left out). */
    public static OptunaDistribution of(Param p, Collection<Object> values) {
        if (p instanceof Param.Choice c) {
            return categorical(
                    c.choices(),
                    c.probabilities() == null
                            ? null
                            : p.name() + ": Optuna's categorical has no weights; the probabilities " + c.probabilities()
                                    + " are not kept");
        }
        if (p instanceof Param.Const k) {
            // Optuna's own way to hold a fixed value: suggest_categorical with one choice
            return categorical(java.util.Collections.singletonList(k.value()), null);
        }
        if (p instanceof Param.Int i) {
            return numeric(p.name(), true, (double) i.low(), (double) i.high(), i.log(), (double) i.step(), values);
        }
        if (p instanceof Param.Real r && r.ints()) {
            // W&B's q_* with an integer q hands out ints: what suggest_int would record
            double low = Math.ceil(r.low()), high = Math.floor(r.high());
            boolean gridFromLow = r.step() != null && r.step() == Math.rint(r.step()) && r.low() == low && !r.log();
            return numeric(p.name(), true, low, high, r.log() && low >= 1, gridFromLow ? r.step() : 1.0, values);
        }
        if (p instanceof Param.Real r) {
            // FloatDistribution refuses log with a step (W&B's q_log_uniform): the values are inside
            // [low, high] on a log scale, which is what the samplers and plots need
            String note = r.log() && r.step() != null
                    ? p.name()
                            + ": Optuna has no log scale with a step; written as log "
                            + "FloatDistribution without the step (q=" + PyValue.repr(r.step()) + ")"
                    : null;
            return numeric(p.name(), false, r.low(), r.high(), r.log(), r.log() ? null : r.step(), values)
                    .withNote(note);
        }
        Param.Normal n = (Param.Normal) p;
        // Optuna has no unbounded distribution: the observed range (the prior goes to the study's user attrs)
        double low = values.stream()
                .mapToDouble(v -> ((Number) v).doubleValue())
                .min()
                .orElse(0);
        double high = values.stream()
                .mapToDouble(v -> ((Number) v).doubleValue())
                .max()
                .orElse(0);
        OptunaDistribution d = numeric(
                p.name(),
                n.ints(),
                n.ints() ? Math.floor(low) : low,
                n.ints() ? Math.ceil(high) : high,
                n.log() && low > 0 && (!n.ints() || low >= 1),
                n.q() == null ? (n.ints() ? 1.0 : null) : n.q(),
                values);
        return d.withNote(p.name() + ": a normal prior (mu=" + PyValue.repr(n.mu()) + ", sigma="
                + PyValue.repr(n.sigma())
                + ") has no Optuna distribution; written over the range the trials drew, the prior is in the study's "
                + "user attr "
                + "'normal_priors'");
    }

    /** A parameter the space no longer defines: the values the trials hold, as choices, first seen first. */
    public static OptunaDistribution observed(String name, Collection<Object> values) {
        List<Object> seen = new ArrayList<>();
        for (Object v : values) {
            if (seen.stream().noneMatch(s -> sameChoice(s, choiceAsWritten(v)))) {
                seen.add(v);
            }
        }
        return categorical(
                seen,
                name + ": not in the sweep's search space; written as a categorical of the values the trials hold");
    }

    private static OptunaDistribution categorical(List<Object> choices, String note) {
        List<Object> written = new ArrayList<>();
        for (Object c : choices) {
            written.add(choiceAsWritten(c));
        }
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("choices", written);
        return new OptunaDistribution(
                json("CategoricalDistribution", attrs), java.util.Collections.unmodifiableList(written), note);
    }

    private OptunaDistribution withNote(String extra) {
        if (extra == null) {
            return this;
        }
        return new OptunaDistribution(json, choices, note == null ? extra : note + "; " + extra);
    }

    /**
     * Optuna stores None, bool, int, float and str choices as JSON; anything else (a W&B list or dict
     * value) would come back as a list from JSON and break the plots' hashing, so it is written as the
     * JSON text of the value.
     */
    static Object choiceAsWritten(Object v) {
        if (v == null || v instanceof String || v instanceof Boolean || v instanceof Double) {
            return v;
        }
        if (v instanceof Float f) {
            return f.doubleValue();
        }
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        return PyValue.jsonDumps(v);
    }

    /** Python's == between two choices as Optuna compares them (1 == 1.0 == True; NaN equals NaN). */
    private static boolean sameChoice(Object a, Object b) {
        if (a instanceof Boolean x && b instanceof Boolean y) {
            return x.equals(y);
        }
        if (a instanceof Number || a instanceof Boolean) {
            if (b instanceof Number || b instanceof Boolean) {
                double x = a instanceof Boolean p ? (p ? 1 : 0) : ((Number) a).doubleValue();
                double y = b instanceof Boolean q ? (q ? 1 : 0) : ((Number) b).doubleValue();
                return x == y || (Double.isNaN(x) && Double.isNaN(y));
            }
            return false;
        }
        return Objects.equals(a, b);
    }

    private static OptunaDistribution numeric(
            String name, boolean ints, double low, double high, boolean log, Double step, Collection<Object> values) {
        double top = step != null && !log ? adjustHigh(low, high, step) : high;
        if (!values.stream().allMatch(v -> contains(((Number) v).doubleValue(), low, top, step))) {
            double newLow = low, newHigh = top;
            for (Object v : values) {
                newLow = Math.min(newLow, ((Number) v).doubleValue());
                newHigh = Math.max(newHigh, ((Number) v).doubleValue());
            }
            double l = ints ? Math.floor(newLow) : newLow, h = ints ? Math.ceil(newHigh) : newHigh;
            String note = name + ": some trials hold values outside [" + PyValue.repr(low) + ", " + PyValue.repr(top)
                    + "]"
                    + (step == null ? "" : " or off its step " + PyValue.repr(step)) + "; written as ["
                    + PyValue.repr(l) + ", "
                    + PyValue.repr(h) + "] without a step";
            return numericJson(ints, l, h, log && l > 0 && (!ints || l >= 1), null, note);
        }
        return numericJson(ints, low, top, log, step, null);
    }

    private static OptunaDistribution numericJson(
            boolean ints, double low, double high, boolean log, Double step, String note) {
        Map<String, Object> attrs = new LinkedHashMap<>();
        if (ints) {
            // IntDistribution.__init__ sets log, step, low, high in this order
            attrs.put("log", log);
            attrs.put("step", log || step == null ? 1L : Math.round(step));
            attrs.put("low", Math.round(low));
            attrs.put("high", Math.round(high));
            return new OptunaDistribution(json("IntDistribution", attrs), null, note);
        }
        // FloatDistribution.__init__ sets step, low, high, log in this order
        attrs.put("step", log ? null : step);
        attrs.put("low", low);
        attrs.put("high", high);
        attrs.put("log", log);
        return new OptunaDistribution(json("FloatDistribution", attrs), null, note);
    }

    /** Optuna's _contains: inside the bounds and, with a step, within 1e-8 steps of the grid from low. */
    private static boolean contains(double v, double low, double high, Double step) {
        if (!(low <= v && v <= high)) {
            return false;
        }
        if (step == null) {
            return true;
        }
        double k = (v - low) / step;
        return Math.abs(k - Math.rint(k)) < 1.0e-8;
    }

    /** Optuna's _adjust_discrete_uniform_high: the last grid point, computed on the decimal text of each float. */
    static double adjustHigh(double low, double high, double step) {
        BigDecimal l = new BigDecimal(PyValue.str(low)),
                h = new BigDecimal(PyValue.str(high)),
                s = new BigDecimal(PyValue.str(step));
        BigDecimal range = h.subtract(l);
        if (range.remainder(s).signum() == 0) {
            return high;
        }
        return range.divideToIntegralValue(s).multiply(s).add(l).doubleValue();
    }

    private static String json(String name, Map<String, Object> attrs) {
        Map<String, Object> top = new LinkedHashMap<>();
        top.put("name", name);
        top.put("attributes", attrs);
        return PyValue.jsonDumps(top);
    }
}
