package org.hpckernel.sweep;

import java.util.Map;

/**
 * One point of a study and what became of it. Immutable: the study replaces a trial when it is told.
 * value is the objective as reported (not sign-flipped); null unless COMPLETE (or PRUNED with a value).
 */
public record Trial(
        int number, Map<String, Object> params, TrialState state, Double value, String reason, int attempts) {

    public Trial {
        params = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(params));
    }

    public Object get(String name) {
        if (!params.containsKey(name))
            throw new IllegalArgumentException(
                    "trial " + number + " has no parameter '" + name + "'; it has " + params.keySet());
        return params.get(name);
    }

    public double getDouble(String name) {
        Object v = get(name);
        if (v instanceof Number n) return n.doubleValue();
        throw new IllegalArgumentException("parameter '" + name + "' is " + v + ", not a number");
    }

    public long getLong(String name) {
        Object v = get(name);
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) return n.longValue();
        throw new IllegalArgumentException("parameter '" + name + "' is " + v + ", not an integer");
    }

    public int getInt(String name) {
        return Math.toIntExact(getLong(name));
    }

    public String getString(String name) {
        return String.valueOf(get(name));
    }

    Trial with(TrialState s, Double v, String why) {
        return new Trial(number, params, s, v, why, attempts);
    }
}
