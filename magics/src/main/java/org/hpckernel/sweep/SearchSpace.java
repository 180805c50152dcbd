package org.hpckernel.sweep;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one internal search-space model every input format maps to, plus what a W&B sweep config
 * says besides parameters (method, metric, run cap, command). Immutable.
 */
public record SearchSpace(List<Param> params, String method, String metricName, Goal goal,
                          Integer runCap, List<String> command, String program, Map<String, Object> earlyTerminate) {

    public SearchSpace {
        params = List.copyOf(params);
        command = command == null ? List.of() : List.copyOf(command);
        earlyTerminate = earlyTerminate == null ? Map.of() : Map.copyOf(earlyTerminate);
        Map<String, Param> seen = new LinkedHashMap<>();
        for (Param p : params)
            if (seen.put(p.name(), p) != null) throw new IllegalArgumentException("parameter '" + p.name() + "' is defined twice");
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
                Map<String, Object> next = (Map<String, Object>) m.computeIfAbsent(parts[i], k -> new LinkedHashMap<String, Object>());
                m = next;
            }
            m.put(parts[parts.length - 1], e.getValue());
        }
        return out;
    }
}
