package org.hpckernel.sweep;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * When a parameter applies: only while {@code parent} is active and holds one of {@code values}
 * (HPC-Ops' RF-only parameters under {@code clf == "RF"}, W&B's parameters nested under a choice).
 * A point leaves an inactive parameter out; tables show it empty.
 */
public record Condition(String parent, List<Object> values) {

    public Condition {
        Objects.requireNonNull(parent, "parent");
        if (values.isEmpty())
            throw new IllegalArgumentException("a condition on '" + parent + "' needs at least one value");
        values = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(values));
    }

    /** True when the parent's value in {@code point} is one of the values (numbers compare by value). */
    public boolean holds(Map<String, Object> point) {
        if (!point.containsKey(parent)) return false;
        Object v = point.get(parent);
        for (Object want : values) {
            if (Objects.equals(want, v)
                    || (want instanceof Number a && v instanceof Number b && a.doubleValue() == b.doubleValue())
                    || (want != null && v != null && String.valueOf(want).equals(String.valueOf(v)))) return true;
        }
        return false;
    }
}
