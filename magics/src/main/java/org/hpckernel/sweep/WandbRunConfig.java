package org.hpckernel.sweep;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A trial's point as the run config W&B's sweeps package hands the agent: parameters in the order of
 * {@code HyperParameterSet.from_config} (sorted by name at every nesting level), then nested ones
 * folded into dicts the way {@code to_config}'s {@code _renest} does it (wandb/sweeps b1dfc5f,
 * src/sweeps/params.py): flat keys stay where they were, each nested parent is appended when its first
 * key (in sorted order of the delimited names) is folded, and its own keys follow that sorted order.
 * The order matters: it is the order of the agent's {@code ${args}} and {@code ${args_json}}.
 */
public final class WandbRunConfig {

    /** sweeps' NESTING_DELIMITER; only its sort position matters here. */
    static final String DELIM = ".wbnest[599c28ca25da].";

    private WandbRunConfig() {}

    /** The nested run config (name -> value) for a flat point whose nested names are dot paths. */
    public static Map<String, Object> of(Map<String, Object> flatPoint) {
        List<String> names = new ArrayList<>(flatPoint.keySet());
        names.sort(Comparator.comparing((String n) -> Arrays.asList(n.split("\\.")), WandbRunConfig::comparePaths));
        Map<String, Object> config = new LinkedHashMap<>();
        for (String n : names) config.put(n.replace(".", DELIM), flatPoint.get(n));
        renest(config);
        return config;
    }

    private static int comparePaths(List<String> a, List<String> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = a.get(i).compareTo(b.get(i));
            if (c != 0) return c;
        }
        return Integer.compare(a.size(), b.size());
    }

    @SuppressWarnings("unchecked")
    private static void renest(Map<String, Object> d) {
        for (String k : d.keySet().stream().sorted().toList()) {
            if (!k.contains(DELIM)) continue;
            Map<String, Object> sub = d;
            String[] keys = k.split(java.util.regex.Pattern.quote(DELIM));
            for (int i = 0; i < keys.length - 1; i++) {
                Object next = sub.get(keys[i]);
                if (next == null) {
                    next = new LinkedHashMap<String, Object>();
                    sub.put(keys[i], next);
                } else if (!(next instanceof Map)) {
                    throw new IllegalArgumentException("parameter '" + String.join(".", Arrays.copyOf(keys, i + 1))
                            + "' is both a value and a group of nested parameters");
                }
                sub = (Map<String, Object>) next;
            }
            sub.put(keys[keys.length - 1], d.remove(k));
        }
    }
}
