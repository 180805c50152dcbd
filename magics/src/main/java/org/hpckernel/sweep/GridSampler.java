package org.hpckernel.sweep;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * W&B grid semantics: every combination of the values, in order (first parameter varies slowest).
 * Accepts choices, constants, int ranges (every value) and stepped floats (min, min+q, ... below max,
 * max excluded as in W&B's np.arange); anything continuous is an error that names the parameter.
 * A conditional space enumerates only its valid combinations ({@link ConditionalGrid}).
 */
public final class GridSampler implements Sampler {

    GridSampler() {}

    @Override
    public Map<String, Object> sample(SearchSpace space, Goal goal, List<Trial> trials, int trialNumber) {
        List<List<Object>> axes = axes(space);
        if (space.conditional()) {
            return new ConditionalGrid(space, axes).point(trialNumber); // valid combinations only
        }
        long total = 1;
        for (List<Object> a : axes) total = Math.multiplyExact(total, a.size());
        if (trialNumber >= total) return null;
        Map<String, Object> point = new LinkedHashMap<>();
        long rest = trialNumber;
        Object[] vals = new Object[axes.size()];
        for (int i = axes.size() - 1; i >= 0; i--) {
            vals[i] = axes.get(i).get((int) (rest % axes.get(i).size()));
            rest /= axes.get(i).size();
        }
        for (int i = 0; i < vals.length; i++) point.put(space.params().get(i).name(), vals[i]);
        return point;
    }

    /** Number of grid points. */
    public static long size(SearchSpace space) {
        if (space.conditional()) {
            return new ConditionalGrid(space, axes(space)).size();
        }
        long total = 1;
        for (List<Object> a : axes(space)) total = Math.multiplyExact(total, a.size());
        return total;
    }

    /**
     * W&B's grid walks values by their yaml_hash (grid_search.py): equal values count once (a dict in
     * any key order, 3000000.0 and 3000000), in the order they first appear, each standing for the
     * LAST value with that hash (dict(zip(hashes, values))).
     */
    static List<Object> distinct(List<Object> values) {
        Map<String, Object> byHash = new LinkedHashMap<>();
        for (Object v : values) {
            String h = hashKey(v);
            if (byHash.containsKey(h)) byHash.replace(h, v);
            else byHash.put(h, v);
        }
        return new ArrayList<>(byHash.values());
    }

    private static String hashKey(Object v) {
        if (v instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 9.0e18)
            v = d.longValue();
        return PyValue.jsonDumps(sortedKeys(v)) + "|"
                + (v == null ? "n" : v.getClass().getSimpleName().charAt(0) == 'B' ? "b" : "");
    }

    private static Object sortedKeys(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new java.util.TreeMap<>();
            m.forEach((k, x) -> out.put(String.valueOf(k), sortedKeys(x)));
            return out;
        }
        if (v instanceof List<?> l)
            return l.stream().map(GridSampler::sortedKeys).toList();
        return v;
    }

    static List<List<Object>> axes(SearchSpace space) {
        List<List<Object>> axes = new ArrayList<>();
        for (Param p : space.params()) {
            List<Object> a = new ArrayList<>();
            if (p instanceof Param.Const c) a.add(c.value());
            else if (p instanceof Param.Choice c && c.probabilities() == null) a.addAll(distinct(c.choices()));
            else if (p instanceof Param.Int i && !i.log())
                for (long v = i.low(); v <= i.high(); v += i.step()) a.add(v);
            else if (p instanceof Param.Real r && r.step() != null && !r.log()) {
                for (long k = 0; r.low() + k * r.step() < r.high() - 1e-12 * Math.abs(r.high()); k++)
                    a.add(r.low() + k * r.step());
            } else {
                throw new IllegalArgumentException("method grid: parameter '" + p.name() + "' is "
                        + (p instanceof Param.Choice
                                ? "categorical with probabilities, which W&B's grid refuses too"
                                : "continuous; give it 'values', an int min/max or a q_uniform distribution"));
            }
            if (a.size() > 1_000_000)
                throw new IllegalArgumentException(
                        "method grid: parameter '" + p.name() + "' has more than 1,000,000 values");
            axes.add(a);
        }
        return axes;
    }
}
