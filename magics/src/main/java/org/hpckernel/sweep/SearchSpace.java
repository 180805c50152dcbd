package org.hpckernel.sweep;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one internal search-space model every input format maps to, plus what a W&B sweep config
 * says besides parameters (method, metric, run cap, command). Immutable.
 *
 * <p>{@code conditions} (parameter name to {@link Condition}) make the space conditional: a parameter
 * with a condition is sampled only when it holds. Parents come before their children in {@code params},
 * so a sampler that walks {@code params} in order and asks {@link #active} fills a valid point.
 */
public record SearchSpace(
        List<Param> params,
        String method,
        String metricName,
        Goal goal,
        Integer runCap,
        List<String> command,
        String program,
        Map<String, Object> earlyTerminate,
        Map<String, Condition> conditions) {

    public SearchSpace {
        params = List.copyOf(params);
        command = command == null ? List.of() : List.copyOf(command);
        earlyTerminate = earlyTerminate == null ? Map.of() : Map.copyOf(earlyTerminate);
        conditions = conditions == null ? Map.of() : Map.copyOf(conditions);
        Map<String, Param> seen = new LinkedHashMap<>();
        for (Param p : params) {
            if (seen.put(p.name(), p) != null)
                throw new IllegalArgumentException("parameter '" + p.name() + "' is defined twice");
            Condition c = conditions.get(p.name());
            if (c != null && !seen.containsKey(c.parent()))
                throw new IllegalArgumentException(
                        "parameter '" + p.name() + "' depends on '" + c.parent() + "', which must come before it");
        }
        for (String name : conditions.keySet())
            if (!seen.containsKey(name))
                throw new IllegalArgumentException("a condition names '" + name + "', which is no parameter");
    }

    /** An unconditional space. */
    public SearchSpace(
            List<Param> params,
            String method,
            String metricName,
            Goal goal,
            Integer runCap,
            List<String> command,
            String program,
            Map<String, Object> earlyTerminate) {
        this(params, method, metricName, goal, runCap, command, program, earlyTerminate, Map.of());
    }

    public boolean conditional() {
        return !conditions.isEmpty();
    }

    /** Whether parameter {@code name} applies, given the values chosen so far (its parent's, and theirs). */
    public boolean active(String name, Map<String, Object> chosenSoFar) {
        Condition c = conditions.get(name);
        return c == null || (active(c.parent(), chosenSoFar) && c.holds(chosenSoFar));
    }

    /** This space with other conditions (same parameters and settings). */
    public SearchSpace withConditions(Map<String, Condition> conditions) {
        return new SearchSpace(params, method, metricName, goal, runCap, command, program, earlyTerminate, conditions);
    }

    public static SearchSpace of(List<Param> params) {
        return new SearchSpace(params, "random", "loss", Goal.MINIMIZE, null, null, null, null);
    }

    public static SearchSpace of(Param... params) {
        return of(List.of(params));
    }

    public Optional<Param> param(String name) {
        return params.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** Turns a flat point ("a.b" keys) into the nested maps W&B hands to a run. */
    public static Map<String, Object> nest(Map<String, Object> flat) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (var e : flat.entrySet()) {
            String[] parts = e.getKey().split("\\.");
            Map<String, Object> m = out;
            for (int i = 0; i < parts.length - 1; i++) {
                @SuppressWarnings("unchecked")
                Map<String, Object> next =
                        (Map<String, Object>) m.computeIfAbsent(parts[i], k -> new LinkedHashMap<String, Object>());
                m = next;
            }
            m.put(parts[parts.length - 1], e.getValue());
        }
        return out;
    }
}
