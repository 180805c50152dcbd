package org.hpckernel.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Reads a segmented sweep cell: a mapping whose {@code segments} is a list of named segments. Two forms:
 * <ul>
 * <li>each segment carries its own space: {@code space:} (any format {@link SpaceParser} reads) or W&B
 *     keys inline ({@code method}, {@code parameters}, ...), with its own {@code metric} and {@code command};</li>
 * <li>PanDA's as pasted: {@code segments:} is phpo's --segmentSpecFile ({@code [{"name": ..., "files": [...]}]})
 *     and {@code search_space:} is its --searchSpaceFile: one phpo space cloned for every segment, a list
 *     with one space per segment, or JEDI's {@code [{"model_id": i, "search_space": {...}}]}.</li>
 * </ul>
 * Top-level {@code metric}, {@code method} and {@code command} are defaults for every segment.
 */
public final class SegmentedConfig {

    private static final ObjectMapper YAML = org.hpckernel.Json.yaml();
    private static final ObjectMapper JSON = org.hpckernel.Json.plain();
    private static final Set<String> TOP =
            Set.of("segments", "search_space", "searchSpace", "metric", "method", "command", "name");
    private static final Set<String> SEGMENT = Set.of(
            "name",
            "id",
            "files",
            "datasets",
            "space",
            "search_space",
            "metric",
            "command",
            "max_trials",
            "method",
            "parameters",
            "early_terminate",
            "run_cap",
            "program",
            "description");
    private static final Set<String> WANDB_INLINE =
            Set.of("method", "parameters", "early_terminate", "run_cap", "program");

    private SegmentedConfig() {}

    /** True when the cell is a segmented sweep (a mapping with a {@code segments} list). */
    public static boolean isSegmented(String text) {
        String t = text.strip();
        if (t.isEmpty() || t.startsWith("[") || t.startsWith("(")) {
            return false;
        }
        try {
            JsonNode root = YAML.readTree(t);
            return root != null && root.isObject() && root.has("segments");
        } catch (Exception e) {
            return false;
        }
    }

    /** The segments in cell order; errors name the segment and key and say what is expected. */
    public static List<SegmentSpec> parse(String text) {
        JsonNode root;
        try {
            root = YAML.readTree(text.strip());
        } catch (Exception e) {
            throw new IllegalArgumentException("segmented sweep config is not valid YAML/JSON: "
                    + e.getMessage().lines().findFirst().orElse(""));
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!TOP.contains(k)) {
                throw new IllegalArgumentException("unknown top-level key '" + k + "' in a segmented sweep; expected "
                        + new java.util.TreeSet<>(TOP));
            }
        }
        JsonNode segments = root.get("segments");
        if (!segments.isArray() || segments.isEmpty()) {
            throw new IllegalArgumentException("segments: expected a list such as "
                    + "[{name: cnn, parameters: {...}}, {name: bdt, ...}]"
                    + " (or phpo's segment spec [{\"name\": ..., \"files\": [...]}] with search_space beside it)");
        }
        JsonNode shared = root.has("search_space") ? root.get("search_space") : root.get("searchSpace");
        Metric topMetric = metric(root.get("metric"), "metric");
        String topCommand = shellLine(root.get("command"), "command");
        List<SegmentSpec> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < segments.size(); i++) {
            JsonNode s = segments.get(i);
            if (!s.isObject() || !s.hasNonNull("name") || s.get("name").asText().isBlank()) {
                throw new IllegalArgumentException("segments[" + i + "]: expected a mapping with a 'name'");
            }
            String name = s.get("name").asText();
            if (!names.add(name)) {
                throw new IllegalArgumentException(
                        "segment '" + name + "' is named twice: " + "segment names must be unique");
            }
            for (Iterator<String> it = s.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                if (!SEGMENT.contains(k)) {
                    throw new IllegalArgumentException("segment '" + name + "': unknown key '" + k + "'; expected "
                            + new java.util.TreeSet<>(SEGMENT));
                }
            }
            String where = "segment '" + name + "'";
            JsonNode space = space(s, shared, i, segments.size(), root.get("method"), where);
            Metric m = s.has("metric") ? metric(s.get("metric"), where + ": metric") : topMetric;
            String command = s.has("command") && !s.get("command").isArray()
                    ? shellLine(s.get("command"), where + ": command")
                    : topCommand;
            Integer maxTrials = null;
            if (s.has("max_trials")) {
                if (!s.get("max_trials").canConvertToExactIntegral()
                        || s.get("max_trials").asInt() < 1) {
                    throw new IllegalArgumentException(
                            where + ": max_trials: expected a positive integer, got " + s.get("max_trials"));
                }
                maxTrials = s.get("max_trials").asInt();
            }
            String config = space.isTextual() ? space.asText() : space.toString();
            try {
                SpaceParser.parse(config);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": " + e.getMessage());
            }
            String method = s.has("method") && !inlineWandb(s)
                    ? s.get("method").asText()
                    : root.hasNonNull("method") && !inlineWandb(s)
                            ? root.get("method").asText()
                            : null;
            out.add(new SegmentSpec(name, i, config, method, m.name, m.goal, command, maxTrials, files(s, where)));
        }
        return out;
    }

    /** The segment's own space, its inline W&B keys, or its share of the top-level search_space. */
    private static JsonNode space(JsonNode s, JsonNode shared, int i, int count, JsonNode topMethod, String where) {
        JsonNode own = s.has("space") ? s.get("space") : s.get("search_space");
        boolean inline = s.has("parameters");
        if (own != null && inline) {
            throw new IllegalArgumentException(
                    where + ": give its space either under 'space' or as W&B keys " + "(parameters), not both");
        }
        if (inline) {
            ObjectNode wandb = JSON.createObjectNode();
            if (topMethod != null && !s.has("method")) {
                wandb.set("method", topMethod);
            }
            for (String k : WANDB_INLINE) {
                if (s.has(k)) {
                    wandb.set(k, s.get(k));
                }
            }
            if (s.has("command") && s.get("command").isArray()) {
                wandb.set("command", s.get("command"));
            }
            if (!wandb.has("method")) {
                wandb.put("method", "random");
            }
            return wandb;
        }
        if (own != null) {
            return own;
        }
        if (shared == null) {
            throw new IllegalArgumentException(where + " has no search space: give it 'space: ...' "
                    + "or W&B 'parameters', "
                    + "or put search_space (phpo's --searchSpaceFile) beside segments");
        }
        if (shared.isObject()) {
            return shared; // phpo clones one space for every segment
        }
        if (shared.isArray()) {
            for (JsonNode e : shared) { // JEDI's form after phpo: [{"model_id": i, "search_space": {...}}]
                if (e.isObject()
                        && e.has("model_id")
                        && e.has("search_space")
                        && e.get("model_id").asInt(-1) == i) {
                    return e.get("search_space");
                }
            }
            if (shared.size() != count) {
                throw new IllegalArgumentException(
                        "search_space: a list needs one space per segment (" + count + "), got " + shared.size());
            }
            JsonNode e = shared.get(i);
            return e.isObject() && e.has("search_space") && e.has("model_id") ? e.get("search_space") : e;
        }
        throw new IllegalArgumentException(
                "search_space: expected a phpo search space (a mapping) " + "or a list of them, one per segment");
    }

    private static boolean inlineWandb(JsonNode s) {
        return s.has("parameters");
    }

    private record Metric(String name, Goal goal) {}

    private static Metric metric(JsonNode m, String where) {
        if (m == null || m.isNull()) {
            return new Metric(null, null);
        }
        if (m.isTextual()) {
            return new Metric(m.asText(), null);
        }
        if (!m.isObject() || !m.hasNonNull("name")) {
            throw new IllegalArgumentException(where + ": expected a name, or {name: ..., goal: minimize|maximize}");
        }
        return new Metric(
                m.get("name").asText(),
                m.hasNonNull("goal") ? Goal.parse(m.get("goal").asText()) : null);
    }

    private static String shellLine(JsonNode c, String where) {
        if (c == null || c.isNull()) {
            return null;
        }
        if (!c.isTextual()) {
            throw new IllegalArgumentException(where + ": expected a shell line such as 'python3 train.py ${args}'");
        }
        return c.asText();
    }

    private static List<String> files(JsonNode s, String where) {
        List<String> out = new ArrayList<>();
        for (String key : List.of("files", "datasets")) {
            JsonNode f = s.get(key);
            if (f == null) {
                continue;
            }
            if (!f.isArray()) {
                throw new IllegalArgumentException(where + ": " + key + ": expected a list of names");
            }
            f.forEach(n -> out.add(n.asText()));
        }
        return out;
    }
}
