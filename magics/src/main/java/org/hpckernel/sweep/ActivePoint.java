package org.hpckernel.sweep;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A point with only the parameters that apply: walking the space's parameters in order, a value is kept
 * when its condition holds on what was kept before it. Study applies it to whatever a sampler returns,
 * so no trial of a conditional space carries a value its program would ignore (a sampler that draws
 * every parameter, as TPE without group decomposition does, still gives valid trials).
 */
final class ActivePoint {

    private ActivePoint() {}

    static Map<String, Object> of(SearchSpace space, Map<String, Object> point) {
        if (!space.conditional()) {
            return point;
        }
        Map<String, Object> kept = new LinkedHashMap<>();
        for (Param p : space.params()) {
            if (point.containsKey(p.name()) && space.active(p.name(), kept)) {
                kept.put(p.name(), point.get(p.name()));
            }
        }
        point.forEach((k, v) -> {
            if (space.param(k).isEmpty()) {
                kept.put(k, v); // not a parameter of the space: not ours to judge
            }
        });
        return kept;
    }
}
