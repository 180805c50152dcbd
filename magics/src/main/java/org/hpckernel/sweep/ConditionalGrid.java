package org.hpckernel.sweep;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The grid of a conditional space: only valid combinations, each once. The order is the unconditional
 * grid's (first parameter slowest, values in axis order), with an inactive parameter simply not varied:
 * {@code clf=RF} with each {@code rf_*} combination, then {@code clf=GB} with each {@code gb_*} one.
 * Point n is found by counting the completions under each value, so no list of points is built.
 */
final class ConditionalGrid {

    private final SearchSpace space;
    private final List<List<Object>> axes;
    private final Set<String> parents = new TreeSet<>();
    private final Map<String, Long> counts = new HashMap<>();

    ConditionalGrid(SearchSpace space, List<List<Object>> axes) {
        this.space = space;
        this.axes = axes;
        space.conditions().values().forEach(c -> parents.add(c.parent()));
    }

    long size() {
        return count(0, new LinkedHashMap<>());
    }

    /** The n-th valid point, or null past the end. */
    Map<String, Object> point(long n) {
        if (n < 0 || n >= size()) {
            return null;
        }
        Map<String, Object> chosen = new LinkedHashMap<>();
        for (int i = 0; i < axes.size(); i++) {
            String name = space.params().get(i).name();
            if (!space.active(name, chosen)) {
                continue;
            }
            for (Object v : axes.get(i)) {
                chosen.put(name, v);
                long c = count(i + 1, chosen);
                if (n < c) {
                    break;
                }
                n -= c;
                chosen.remove(name);
            }
        }
        return chosen;
    }

    /** Completions of the parameters from i on, given the values chosen before i. */
    private long count(int i, Map<String, Object> chosen) {
        if (i == axes.size()) {
            return 1;
        }
        String key = memoKey(i, chosen);
        Long known = counts.get(key);
        if (known != null) {
            return known;
        }
        String name = space.params().get(i).name();
        long total;
        if (!space.active(name, chosen)) {
            total = count(i + 1, chosen);
        } else {
            total = 0;
            for (Object v : axes.get(i)) {
                chosen.put(name, v);
                total = Math.addExact(total, count(i + 1, chosen));
                chosen.remove(name);
            }
        }
        counts.put(key, total);
        return total;
    }

    /** What the count from i on can depend on: i and the values of the parents chosen so far. */
    private String memoKey(int i, Map<String, Object> chosen) {
        List<String> parts = new ArrayList<>();
        parts.add(Integer.toString(i));
        for (String p : parents) {
            parts.add(chosen.containsKey(p) ? PyValue.jsonDumps(chosen.get(p)) : "-");
        }
        return String.join("\u0000", parts);
    }
}
