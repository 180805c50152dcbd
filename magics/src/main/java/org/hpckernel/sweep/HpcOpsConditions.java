package org.hpckernel.sweep;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The conditions of an HPC-Ops params list, read from its names: a parameter named {@code <value>_...}
 * applies only while an earlier choice holds that value ({@code rf_max_depth} while {@code clf == "RF"}).
 *
 * <p>Why a name rule: HPC-Ops' params are a flat list of tuples with no structure; what makes its RF/GB
 * space conditional is the flow logic (KaitoShioya/HPC-Ops@3e512b7 flow_logics/optuna_example.py,
 * {@code objective_vr}): it suggests {@code clf} first, then only the {@code rf_*} tuples when
 * {@code clf == "RF"} and only the {@code gb_*} ones otherwise, and logs the others as None. The prefix
 * is the value in lower case followed by "_". The flow logic's {@code else} means "any value but RF";
 * with the example's two values that is GB, which is what the prefix says; a third value would get
 * neither group here, where the flow logic would give it the gb_ ones.
 */
final class HpcOpsConditions {

    private HpcOpsConditions() {}

    /** The space with each prefixed parameter conditioned on its choice, moved after that choice if needed. */
    static SearchSpace apply(SearchSpace space) {
        Map<String, Condition> conditions = new LinkedHashMap<>();
        for (Param p : space.params()) {
            Condition c = conditionFor(p.name(), space.params());
            if (c != null) {
                conditions.put(p.name(), c);
            }
        }
        if (conditions.isEmpty()) {
            return space;
        }
        List<Param> ordered = parentsFirst(space.params(), conditions);
        return new SearchSpace(
                ordered,
                space.method(),
                space.metricName(),
                space.goal(),
                space.runCap(),
                space.command(),
                space.program(),
                space.earlyTerminate(),
                conditions);
    }

    /** The first other choice with a string value whose lower case + "_" starts the name. */
    private static Condition conditionFor(String name, List<Param> params) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (Param q : params) {
            if (!(q instanceof Param.Choice choice) || q.name().equals(name)) {
                continue;
            }
            for (Object v : choice.choices()) {
                if (v instanceof String s && !s.isEmpty() && lower.startsWith(s.toLowerCase(Locale.ROOT) + "_")) {
                    return new Condition(q.name(), List.of(v));
                }
            }
        }
        return null;
    }

    /** Keeps the given order, except that a conditioned parameter waits until its parent has been placed. */
    private static List<Param> parentsFirst(List<Param> params, Map<String, Condition> conditions) {
        List<Param> out = new ArrayList<>();
        List<Param> waiting = new ArrayList<>(params);
        while (!waiting.isEmpty()) {
            boolean placed = false;
            for (int i = 0; i < waiting.size(); i++) {
                Param p = waiting.get(i);
                Condition c = conditions.get(p.name());
                if (c == null || out.stream().anyMatch(o -> o.name().equals(c.parent()))) {
                    out.add(p);
                    waiting.remove(i);
                    placed = true;
                    break;
                }
            }
            if (!placed) {
                throw new IllegalArgumentException("params: the names make a cycle of conditions among "
                        + waiting.stream().map(Param::name).toList()
                        + "; rename one so its prefix is no value of the others");
            }
        }
        return out;
    }
}
