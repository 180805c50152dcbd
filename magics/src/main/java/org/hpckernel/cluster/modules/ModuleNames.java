package org.hpckernel.cluster.modules;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Whether {@code module load NAME} finds a module in a listing, and the closest names when it does not. */
public final class ModuleNames {

    private ModuleNames() {}

    /**
     * Whether {@code requested} loads something: a full name ({@code openmpi/4.1}), a bare name
     * that resolves to its default version ({@code openmpi}), or a version prefix the module
     * systems' extended defaults accept ({@code gcc/12} for {@code gcc/12.2.0}). Names are case-sensitive, as in {@code module load}.
     */
    public static boolean loads(ModuleList list, String requested) {
        String r = requested.strip();
        for (Module m : list.modules()) {
            if (r.equals(m.fullName()) || r.equals(m.name())) {
                return true;
            }
            if (r.startsWith(m.name() + "/")) {
                String v = r.substring(m.name().length() + 1);
                if (!v.isEmpty()
                        && (m.version().startsWith(v + ".") || m.version().startsWith(v + "-"))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The message for a module {@code module load} would not find, with the closest names; empty when it loads. */
    public static Optional<String> problem(ModuleList list, String requested) {
        if (loads(list, requested)) {
            return Optional.empty();
        }
        List<String> close = closest(list, requested, 3);
        return Optional.of("no module '" + requested.strip() + "'"
                + (close.isEmpty()
                        ? " among the " + list.modules().size() + " modules of this cluster (%hpc modules lists them)"
                        : "; did you mean " + String.join(" or ", close) + "?"));
    }

    /** Up to {@code max} full names nearest to {@code requested}: the name's default version when the name is what is close. */
    public static List<String> closest(ModuleList list, String requested, int max) {
        String r = requested.strip().toLowerCase(Locale.ROOT);
        Map<String, Integer> score = new LinkedHashMap<>();
        for (Module m : list.modules()) {
            String full = m.fullName().toLowerCase(Locale.ROOT);
            String name = m.name().toLowerCase(Locale.ROOT);
            int byFull = distance(r, full);
            int byName = m.isDefault() ? distance(r, name) : Integer.MAX_VALUE;
            int best = Math.min(byFull, byName);
            // a different case, or a piece of the name (mpi for openmpi) is close too
            if (full.equals(r)
                    || (m.isDefault()
                            && (name.equals(r) || (r.length() >= 3 && (name.contains(r) || r.contains(name)))))) {
                best = Math.min(best, 1);
            }
            if (best <= Math.max(2, r.length() / 3)) {
                score.merge(m.fullName(), best, Math::min);
            }
        }
        List<Map.Entry<String, Integer>> ranked = new ArrayList<>(score.entrySet());
        ranked.sort(Map.Entry.comparingByValue(Comparator.naturalOrder()));
        return ranked.stream().limit(max).map(Map.Entry::getKey).toList();
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                cur[j] = Math.min(
                        Math.min(cur[j - 1] + 1, prev[j] + 1),
                        prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
