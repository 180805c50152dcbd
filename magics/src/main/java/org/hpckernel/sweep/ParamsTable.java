package org.hpckernel.sweep;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The staged table of one batch (one job array): JSON lines, line i (0-based) is the point of array
 * task i: {"trial": n, "attempt": a, "params": {...}} with nested W&B parameters as nested objects.
 * A task finds its line by its array index; {@link #ARRAY_INDEX} plus {@code sed -n "$((i+1))p"} is
 * all a task needs (no JSON tool on the node).
 */
public final class ParamsTable {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    /** Sets i to this task's array index (Slurm, PBS Pro; SGE's ids start at 1: submit SGE arrays as 1-N). */
    public static final String ARRAY_INDEX = "i=\"${HPC_ARRAY_INDEX:-${SLURM_ARRAY_TASK_ID:-${PBS_ARRAY_INDEX:-${SGE_TASK_ID:-0}}}}\"\n";

    private ParamsTable() {}

    public static String render(List<Trial> batch) {
        StringBuilder out = new StringBuilder();
        for (Trial t : batch) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("trial", t.number());
            row.put("attempt", t.attempts());
            row.put("params", SearchSpace.nest(t.params()));
            try {
                out.append(JSON.writeValueAsString(row)).append('\n');
            } catch (Exception e) {
                throw new IllegalStateException("cannot write trial " + t.number() + " as JSON", e);
            }
        }
        return out.toString();
    }

    /** The point of the task with this array index, read back from a table (what the task sees). */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> row(String table, int index) {
        String[] lines = table.split("\n");
        if (index < 0 || index >= lines.length) throw new IllegalArgumentException("array index " + index + " is outside the table of " + lines.length + " points");
        try {
            return JSON.readValue(lines[index], Map.class);
        } catch (Exception e) {
            throw new IllegalArgumentException("line " + index + " of the params table is not JSON", e);
        }
    }
}
