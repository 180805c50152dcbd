package org.hpckernel.sweep;

import java.util.List;
import java.util.Map;

/**
 * The staged params table of one batch (one job array): JSON lines, line i (0-based) is the point of
 * array task i, nested W&B parameters as nested objects; a task copies its line to params.json with
 * {@code sed -n "$((i+1))p"} (no JSON tool needed on the node). JSON lines hold no raw newline, so a
 * hostile string value cannot shift the lines.
 */
public final class ParamsTable {

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = org.hpckernel.Json.plain();

    private ParamsTable() {}

    public static String render(List<Trial> batch) {
        StringBuilder out = new StringBuilder();
        for (Trial t : batch) {
            try {
                out.append(PyValue.jsonDumps(WandbRunConfig.of(t.params()))).append('\n');
            } catch (Exception e) {
                throw new IllegalStateException("cannot write trial " + t.number() + " as JSON", e);
            }
        }
        return out.toString();
    }

    /**
     * One line per trial: the run config file the agent writes for {@code WANDB_SWEEP_PARAM_PATH}
     * ({@code {"wandb_version": 1, "lr": {"value": 0.001}, ...}}), as one flow mapping that PyYAML
     * (wandb's config_util) and json.loads both read.
     */
    public static String renderSweepConfigs(List<Trial> batch) {
        StringBuilder out = new StringBuilder();
        for (Trial t : batch) {
            Map<String, Object> file = new java.util.LinkedHashMap<>();
            file.put("wandb_version", 1L);
            WandbRunConfig.of(t.params()).forEach((k, v) -> {
                Map<String, Object> value = new java.util.LinkedHashMap<>();
                value.put("value", v);
                file.put(k, value);
            });
            out.append(PyValue.yamlSafeJson(file)).append('\n');
        }
        return out.toString();
    }

    /** The point of the task with this array index, read back from a table (what the task sees). */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> row(String table, int index) {
        String[] lines = table.split("\n");
        if (index < 0 || index >= lines.length)
            throw new IllegalArgumentException(
                    "array index " + index + " is outside the table of " + lines.length + " points");
        try {
            return JSON.readValue(lines[index], Map.class);
        } catch (Exception e) {
            throw new IllegalArgumentException("line " + index + " of the params table is not JSON", e);
        }
    }
}
