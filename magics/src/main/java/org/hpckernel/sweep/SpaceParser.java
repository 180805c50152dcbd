package org.hpckernel.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses the three search-space formats into {@link SearchSpace}: a W&B sweep config (YAML or JSON,
 * pasted as is), a PanDA phpo search-space JSON, and HPC-Ops {@code params} tuples.
 * Errors name the key and say what is expected ({@link IllegalArgumentException}).
 */
public final class SpaceParser {

    private static final ObjectMapper YAML = org.hpckernel.Json.yaml();
    private static final ObjectMapper JSON = org.hpckernel.Json.pythonLiterals(); // Python literals pasted from HPC-Ops

    private static final Set<String> WANDB_TOP = Set.of(
            "method",
            "metric",
            "metrics",
            "parameters",
            "early_terminate",
            "run_cap",
            "command",
            "program",
            "name",
            "description",
            "project",
            "entity",
            "controller",
            "job",
            "image_uri",
            "scheduler",
            "apiVersion",
            "kind");

    private SpaceParser() {}

    /**
     * Any of the three formats, told apart by shape: a list is HPC-Ops params; a mapping with
     * {@code parameters} or a {@code method} name is a W&B config; an HPC-Ops request has a
     * {@code params} list; a mapping of {@code {"method", "dimension"}} objects is a phpo space.
     */
    public static SearchSpace parse(String text) {
        String t = text.strip();
        if (t.isEmpty())
            throw new IllegalArgumentException(
                    "the sweep config is empty: paste a W&B sweep config, a phpo search space or HPC-Ops params");
        if (t.startsWith("[") || t.startsWith("(")) return hpcOps(t);
        JsonNode root;
        try {
            root = YAML.readTree(t);
        } catch (Exception e) {
            throw new IllegalArgumentException("sweep config is not valid YAML/JSON: " + firstLine(e.getMessage()));
        }
        if (root != null && root.isObject()) {
            if (root.has("parameters")
                    || (root.has("method") && root.get("method").isTextual())) return wandb(t);
            if (root.has("params") && root.get("params").isArray())
                return hpcOps(root.get("params").toString());
            if (root.has("params") && root.get("params").isObject())
                return HpcOpsRequestSpace.of(root.get("params")); // HPC-Ops' dict
            boolean phpo = root.size() > 0;
            for (JsonNode v : root) phpo &= v.isObject() && v.has("method") && v.has("dimension");
            if (phpo) return phpo(root.toString());
        }
        throw new IllegalArgumentException(
                "cannot tell the sweep config's format: expected a W&B sweep config (method, metric, parameters), "
                        + "a phpo search space ({\"x\": {\"method\": \"uniform\", \"dimension\": {\"low\": 0, \"high\": 1}}}) "
                        + "or HPC-Ops params ([[\"clf\", [\"RF\", \"GB\"]], [\"max_depth\", 2, 32]])");
    }

    // ---------------------------------------------------------------- W&B

    /** A W&B sweep config, YAML or JSON (JSON is YAML). */
    public static SearchSpace wandb(String text) {
        JsonNode root;
        try {
            // JSON (a Python dict pasted) keeps its numbers; YAML is read as `wandb sweep` reads it, with PyYAML's
            // types
            root = text.strip().startsWith("{") ? JSON.readTree(text) : PyYaml.read(text);
        } catch (Exception e) {
            throw new IllegalArgumentException("sweep config is not valid YAML/JSON: " + firstLine(e.getMessage()));
        }
        if (root == null || !root.isObject())
            throw new IllegalArgumentException(
                    "sweep config must be a mapping with at least 'method' and 'parameters'");
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!WANDB_TOP.contains(k))
                throw new IllegalArgumentException("unknown top-level key '" + k + "' in sweep config; expected one of "
                        + new java.util.TreeSet<>(WANDB_TOP));
        }
        String method = text(root, "method", "method");
        if (method == null) throw new IllegalArgumentException("'method' is missing: expected grid, random or bayes");
        if (!Set.of("grid", "random", "bayes").contains(method))
            throw new IllegalArgumentException("method: expected grid, random or bayes, got '" + method + "'");
        String metricName = "loss";
        Goal goal = Goal.MINIMIZE;
        JsonNode metric = root.get("metric");
        if (metric != null) {
            if (!metric.isObject() || !metric.hasNonNull("name"))
                throw new IllegalArgumentException("metric: expected {name: ..., goal: minimize|maximize}");
            metricName = metric.get("name").asText();
            if (metric.hasNonNull("goal")) goal = Goal.parse(metric.get("goal").asText());
        } // bayes without a metric is valid config (sweeps' schema); SweepDefinition refuses to run it, as W&B's
        // controller does
        JsonNode params = root.get("parameters");
        if (params == null || !params.isObject() || params.isEmpty())
            throw new IllegalArgumentException(
                    "'parameters' is missing or empty: expected a mapping of parameter name -> {values|value|min/max|distribution ...}");
        List<Param> out = new ArrayList<>();
        Map<String, Condition> conditions = new LinkedHashMap<>();
        wandbParams("", params, out, conditions);
        Integer runCap = null;
        if (root.has("run_cap")) {
            JsonNode rc = root.get("run_cap");
            if (!rc.canConvertToExactIntegral() || rc.asInt() <= 0)
                throw new IllegalArgumentException("run_cap: expected a positive integer, got " + rc);
            runCap = rc.asInt();
        }
        List<String> command = null;
        if (root.has("command")) {
            JsonNode c = root.get("command");
            if (!c.isArray())
                throw new IllegalArgumentException(
                        "command: expected a list such as [\"${env}\", \"${interpreter}\", \"${program}\", \"${args}\"]");
            command = new ArrayList<>();
            for (JsonNode n : c) command.add(PyValue.str(value(n))); // the agent takes str(c) of each item
        }
        Map<String, Object> et = null;
        if (root.has("early_terminate")) {
            JsonNode e = root.get("early_terminate");
            if (!e.isObject() || !"hyperband".equals(e.path("type").asText()))
                throw new IllegalArgumentException(
                        "early_terminate: expected {type: hyperband, min_iter: N (or max_iter + s), eta: 3}");
            if (!e.has("min_iter") && !(e.has("max_iter") && e.has("s")))
                throw new IllegalArgumentException("early_terminate: hyperband needs min_iter, or max_iter and s");
            et = YAML.convertValue(e, LinkedHashMap.class);
        }
        return new SearchSpace(
                out, method, metricName, goal, runCap, command, text(root, "program", "program"), et, conditions);
    }

    /** True when a W&B config names its metric (bayes cannot run without one). */
    static boolean hasMetric(String text) {
        try {
            JsonNode root = text.strip().startsWith("{") ? JSON.readTree(text) : PyYaml.read(text);
            return root != null && root.path("metric").hasNonNull("name");
        } catch (Exception e) {
            return false;
        }
    }

    static void wandbParams(String prefix, JsonNode params, List<Param> out, Map<String, Condition> conditions) {
        // sorted by name at every level, as sweeps' HyperParameterSet.from_config (params.py _unnest)
        List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
        params.fields().forEachRemaining(fields::add);
        fields.sort(Map.Entry.comparingByKey());
        for (var e : fields) {
            String name = prefix + e.getKey();
            JsonNode p = e.getValue();
            if (!e.getKey().matches("[A-Za-z_][A-Za-z0-9_.-]*"))
                throw new IllegalArgumentException(
                        "parameters." + name + ": a name must match [A-Za-z_][A-Za-z0-9_.-]*");
            if (p == null || !p.isObject())
                throw new IllegalArgumentException("parameters." + name
                        + ": expected a mapping such as {values: [...]}, {value: x} or {min: a, max: b}");
            if (p.has("parameters") && ConditionalWandb.isChoice(p)) { // hpc-kernel's per-value parameters
                ConditionalWandb.expand(prefix, e.getKey(), p, out, conditions);
                continue;
            }
            if (p.has("parameters")) {
                wandbParams(name + ".", p.get("parameters"), out, conditions);
                continue;
            }
            out.add(wandbParam(name, p));
        }
    }

    static Param wandbParam(String name, JsonNode p) {
        String where = "parameters." + name;
        String dist = p.hasNonNull("distribution") ? p.get("distribution").asText() : null;
        if (dist == null) {
            if (p.has("values")) dist = p.has("probabilities") ? "categorical_w_probabilities" : "categorical";
            else if (p.has("value")) dist = "constant";
            else if (p.has("min") && p.has("max"))
                dist = isInt(p.get("min")) && isInt(p.get("max")) ? "int_uniform" : "uniform";
            else if (p.has("mu") || p.has("sigma")) dist = "normal";
            else throw new IllegalArgumentException(where + ": expected values, value, min+max or a distribution");
        }
        Double q = p.has("q") ? num(p, "q", where) : null;
        boolean intQ = p.has("q")
                && isInt(p.get(
                        "q")); // params.py: isinstance(q, int) -> astype(int); the schema default q is 1.0, a float
        switch (dist) {
            case "constant" -> {
                if (!p.has("value"))
                    throw new IllegalArgumentException(where + ": distribution constant needs 'value'");
                return new Param.Const(name, value(p.get("value")));
            }
            case "categorical", "categorical_w_probabilities" -> {
                JsonNode vs = p.get("values");
                if (vs == null || !vs.isArray() || vs.isEmpty())
                    throw new IllegalArgumentException(where + ".values: expected a non-empty list");
                List<Object> choices = new ArrayList<>();
                for (JsonNode v : vs) choices.add(value(v));
                List<Double> probs = null;
                if (p.has("probabilities")) {
                    probs = new ArrayList<>();
                    for (JsonNode v : p.get("probabilities")) probs.add(v.asDouble());
                }
                return new Param.Choice(name, choices, probs);
            }
            case "int_uniform" -> {
                requireMinMax(p, where, dist);
                if (!isInt(p.get("min")) || !isInt(p.get("max")))
                    throw new IllegalArgumentException(where + ": int_uniform needs integer min and max");
                return new Param.Int(name, p.get("min").asLong(), p.get("max").asLong(), false, 1);
            }
            case "uniform" -> {
                requireMinMax(p, where, dist);
                return new Param.Real(name, num(p, "min", where), num(p, "max", where), false, null);
            }
            case "q_uniform" -> {
                requireMinMax(p, where, dist);
                double step = q == null ? 1.0 : q;
                return new Param.Real(name, num(p, "min", where), num(p, "max", where), false, step, intQ);
            }
            case "log_uniform_values", "inv_log_uniform_values", "q_log_uniform_values" -> {
                requireMinMax(p, where, dist);
                return new Param.Real(
                        name,
                        num(p, "min", where),
                        num(p, "max", where),
                        true,
                        dist.startsWith("q_") ? (q == null ? 1.0 : q) : null,
                        dist.startsWith("q_") && intQ);
            }
            case "log_uniform", "q_log_uniform" -> {
                // min/max are natural-log EXPONENTS
                requireMinMax(p, where, dist);
                return new Param.Real(
                        name,
                        Math.exp(num(p, "min", where)),
                        Math.exp(num(p, "max", where)),
                        true,
                        dist.startsWith("q_") ? (q == null ? 1.0 : q) : null,
                        dist.startsWith("q_") && intQ);
            }
            case "inv_log_uniform" -> {
                // exp(-U(min, max)), exponents too
                requireMinMax(p, where, dist);
                return new Param.Real(
                        name, Math.exp(-num(p, "max", where)), Math.exp(-num(p, "min", where)), true, null);
            }
            case "normal", "q_normal", "log_normal", "q_log_normal" -> {
                return new Param.Normal(
                        name,
                        p.has("mu") ? num(p, "mu", where) : 0,
                        p.has("sigma") ? num(p, "sigma", where) : 1,
                        dist.contains("log"),
                        dist.startsWith("q_") ? (q == null ? 1.0 : q) : null,
                        dist.startsWith("q_") && intQ);
            }
            default ->
                throw new IllegalArgumentException(
                        where + ".distribution: '" + dist
                                + "' is not supported; expected one of constant, categorical, "
                                + "categorical_w_probabilities, int_uniform, uniform, q_uniform, log_uniform, log_uniform_values, q_log_uniform, "
                                + "q_log_uniform_values, inv_log_uniform, inv_log_uniform_values, normal, q_normal, log_normal, q_log_normal");
        }
    }

    private static void requireMinMax(JsonNode p, String where, String dist) {
        if (!p.has("min") || !p.has("max"))
            throw new IllegalArgumentException(where + ": distribution " + dist + " needs min and max");
    }

    // ---------------------------------------------------------------- PanDA phpo

    /** A phpo --searchSpaceFile: {"name": {"method": ..., "dimension": {...}}}. uniformint is inclusive. */
    public static SearchSpace phpo(String json) {
        JsonNode root = readJson(json, "phpo search space");
        if (!root.isObject() || root.isEmpty())
            throw new IllegalArgumentException(
                    "phpo search space: expected {\"name\": {\"method\": ..., \"dimension\": {...}}, ...}");
        List<Param> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            var e = it.next();
            String name = e.getKey();
            JsonNode p = e.getValue();
            if (!p.isObject() || !p.hasNonNull("method"))
                throw new IllegalArgumentException(name + ": expected {\"method\": ..., \"dimension\": {...}}");
            String method = p.get("method").asText();
            JsonNode d = p.get("dimension");
            if (d == null || !d.isObject())
                throw new IllegalArgumentException(
                        name + ".dimension: expected an object with the " + method + " arguments");
            String w = name + ".dimension";
            Double q = d.has("q") ? num(d, "q", w) : null;
            double base = d.has("base") ? num(d, "base", w) : Math.E;
            out.add(
                    switch (method) {
                        case "categorical" -> {
                            JsonNode c = d.get("categories");
                            if (c == null || !c.isArray() || c.isEmpty())
                                throw new IllegalArgumentException(w + ".categories: expected a non-empty list");
                            List<Object> choices = new ArrayList<>();
                            for (JsonNode v : c) choices.add(value(v));
                            yield new Param.Choice(name, choices, null);
                        }
                        case "uniformint" -> {
                            lowHigh(d, w, method);
                            if (!isInt(d.get("low")) || !isInt(d.get("high")))
                                throw new IllegalArgumentException(w + ": uniformint needs integer low and high");
                            yield new Param.Int(
                                    name, d.get("low").asLong(), d.get("high").asLong(), false, 1);
                        }
                        case "uniform" -> {
                            lowHigh(d, w, method);
                            yield new Param.Real(name, num(d, "low", w), num(d, "high", w), false, null);
                        }
                        case "quniform" -> {
                            lowHigh(d, w, method);
                            yield new Param.Real(name, num(d, "low", w), num(d, "high", w), false, q == null ? 1.0 : q);
                        }
                        case "loguniform",
                                "qloguniform" -> { // low/high are values; base only changes the scale, not the law
                            lowHigh(d, w, method);
                            yield new Param.Real(
                                    name,
                                    num(d, "low", w),
                                    num(d, "high", w),
                                    true,
                                    method.startsWith("q") ? (q == null ? 1.0 : q) : null);
                        }
                        case "normal", "qnormal" ->
                            new Param.Normal(
                                    name,
                                    num(d, "mu", w),
                                    num(d, "sigma", w),
                                    false,
                                    method.startsWith("q") ? (q == null ? 1.0 : q) : null);
                        case "lognormal", "qlognormal" ->
                            new Param.Normal(
                                    name,
                                    num(d, "mu", w) * Math.log(base),
                                    num(d, "sigma", w) * Math.log(base),
                                    true,
                                    method.startsWith("q") ? (q == null ? 1.0 : q) : null);
                        case "fixed" -> {
                            if (!d.has("value")) throw new IllegalArgumentException(w + ".value: fixed needs a value");
                            yield new Param.Const(name, value(d.get("value")));
                        }
                        default ->
                            throw new IllegalArgumentException(
                                    name + ".method: '" + method
                                            + "' is not supported; expected categorical, uniform, uniformint, "
                                            + "quniform, loguniform, qloguniform, normal, qnormal, lognormal, qlognormal or fixed");
                    });
        }
        return SearchSpace.of(out);
    }

    private static void lowHigh(JsonNode d, String where, String method) {
        if (!d.has("low") || !d.has("high"))
            throw new IllegalArgumentException(where + ": " + method + " needs low and high");
    }

    // ---------------------------------------------------------------- HPC-Ops tuples

    /**
     * HPC-Ops params: a list of tuples. {@code ["clf", ["RF","GB"]]} is a choice; {@code ["d", 2, 32]} with two
     * integer literals an inclusive int range; any float literal ({@code 0.0}) makes a float range.
     * Python's single quotes and trailing commas are accepted.
     */
    public static SearchSpace hpcOps(String text) {
        String t = text.strip().replace('(', '[').replace(')', ']');
        JsonNode root = readJson(t, "params");
        if (!root.isArray() || root.isEmpty())
            throw new IllegalArgumentException(
                    "params: expected a list of tuples such as [[\"clf\", [\"RF\", \"GB\"]], [\"max_depth\", 2, 32]]");
        List<Param> out = new ArrayList<>();
        int i = 0;
        for (JsonNode tup : root) {
            String w = "params[" + i++ + "]";
            if (!tup.isArray() || tup.size() < 2 || !tup.get(0).isTextual())
                throw new IllegalArgumentException(
                        w + ": expected [\"name\", [choices...]] or [\"name\", low, high], got " + tup);
            String name = tup.get(0).asText();
            if (tup.size() == 2 && tup.get(1).isArray()) {
                List<Object> choices = new ArrayList<>();
                for (JsonNode v : tup.get(1)) choices.add(value(v));
                out.add(new Param.Choice(name, choices, null));
            } else if (tup.size() == 3 && tup.get(1).isNumber() && tup.get(2).isNumber()) {
                if (tup.get(1).isIntegralNumber() && tup.get(2).isIntegralNumber())
                    out.add(new Param.Int(name, tup.get(1).asLong(), tup.get(2).asLong(), false, 1));
                else
                    out.add(new Param.Real(
                            name, tup.get(1).asDouble(), tup.get(2).asDouble(), false, null));
            } else {
                throw new IllegalArgumentException(w + " (" + name + "): expected [\"" + name
                        + "\", [choices...]] or [\"" + name + "\", low, high] with numbers, got " + tup);
            }
        }
        return HpcOpsConditions.apply(SearchSpace.of(out)); // rf_* only while clf == "RF"
    }

    // ---------------------------------------------------------------- helpers

    private static JsonNode readJson(String text, String what) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(what + " is not valid JSON: " + firstLine(e.getMessage()));
        }
    }

    private static boolean isInt(JsonNode n) {
        return n != null && n.isIntegralNumber();
    }

    private static double num(JsonNode p, String key, String where) {
        JsonNode n = p.get(key);
        if (n == null || !n.isNumber())
            throw new IllegalArgumentException(
                    where + "." + key + ": expected a number, got " + (n == null ? "nothing" : n.toString()));
        return n.asDouble();
    }

    private static String text(JsonNode root, String key, String where) {
        JsonNode n = root.get(key);
        if (n == null || n.isNull()) return null;
        if (!n.isTextual()) throw new IllegalArgumentException(where + ": expected a string, got " + n);
        return n.asText();
    }

    static Object value(JsonNode v) {
        if (v.isIntegralNumber()) return v.asLong();
        if (v.isNumber()) return v.asDouble();
        if (v.isBoolean()) return v.asBoolean();
        if (v.isNull()) return null;
        if (v.isTextual()) return v.asText();
        return JSON.convertValue(v, Object.class);
    }

    private static String firstLine(String s) {
        if (s == null) return "";
        int i = s.indexOf('\n');
        return i < 0 ? s : s.substring(0, i);
    }
}
