package org.hpckernel.sweep;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.List;
import java.util.Map;

/**
 * The staged params table of one batch (one job array): JSON lines, line i (0-based) is the point of
 * array task i, nested W&B parameters as nested objects; a task copies its line to params.json with
 * {@code sed -n "$((i+1))p"} (no JSON tool needed on the node). JSON lines hold no raw newline, so a
 * hostile string value cannot shift the lines.
 */
public final class ParamsTable {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private ParamsTable() {}

    public static String render(List<Trial> batch) {
        StringBuilder out = new StringBuilder();
        for (Trial t : batch) {
            try {
                out.append(JSON.writeValueAsString(SearchSpace.nest(t.params()))).append('\n');
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
