package org.hpckernel.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Per-value parameters under a W&B categorical, an hpc-kernel extension:
 * <pre>
 * clf:
 *   values: [RF, GB]
 *   parameters:
 *     RF: {rf_max_depth: {min: 2, max: 32}}
 *     GB: {gb_learning_rate: {min: 0.01, max: 0.3}}
 * </pre>
 * Each block's parameters apply only while the choice holds that value; they sit beside the choice
 * (same nesting level, so the run gets {@code --clf=RF --rf_max_depth=7}) and come right after it.
 *
 * <p>Why an extension, and why this one: W&B's sweeps have no conditional parameters. In wandb/sweeps
 * (b1dfc5f src/sweeps/config/schema.json) every parameter schema has {@code additionalProperties: false},
 * so {@code values} beside {@code parameters} matches no schema and the config is refused; the only
 * nesting is {@code param_dict} ({@code parameters} alone: a group, always present), and a {@code values}
 * list of dicts is one categorical whose chosen dict is handed to the run whole. The conditional
 * {@code _choice} of sweeps PR #71 was closed unmerged. So this shape cannot change the meaning of any
 * config W&B accepts, and those still parse as before.
 */
final class ConditionalWandb {

    private ConditionalWandb() {}

    static boolean isChoice(JsonNode p) {
        return p.has("values");
    }

    /** Adds the choice {@code prefix+key}, then its per-value parameters, each conditioned on its value. */
    static void expand(String prefix, String key, JsonNode p, List<Param> out, Map<String, Condition> conditions) {
        String name = prefix + key;
        String where = "parameters." + name + ".parameters";
        if (!(SpaceParser.wandbParam(name, p) instanceof Param.Choice choice)) {
            throw new IllegalArgumentException(
                    "parameters." + name + ": per-value 'parameters' need a categorical 'values' list");
        }
        out.add(choice);
        JsonNode blocks = p.get("parameters");
        if (!blocks.isObject()) {
            throw new IllegalArgumentException(where + ": expected one mapping per value, such as {"
                    + label(choice.choices().get(0)) + ": {x: {min: 0, max: 1}}}");
        }
        blocks.fieldNames().forEachRemaining(k -> {
            if (choice.choices().stream().noneMatch(v -> matches(v, k))) {
                throw new IllegalArgumentException(where + ": '" + k + "' is not one of the values " + choice.choices()
                        + "; W&B refuses 'values' beside 'parameters', and hpc-kernel reads them as parameters"
                        + " per value: {" + label(choice.choices().get(0)) + ": {x: {min: 0, max: 1}}}");
            }
        });
        Map<String, Param> kids = new LinkedHashMap<>();
        Map<String, Condition> kidConditions = new LinkedHashMap<>();
        for (Object value : choice.choices()) {
            JsonNode block = blockFor(blocks, value);
            if (block == null) {
                continue;
            }
            if (!block.isObject() || block.isEmpty()) {
                throw new IllegalArgumentException(where + "." + label(value)
                        + ": expected a mapping of parameter name -> {values|value|min/max ...}");
            }
            List<Param> found = new ArrayList<>();
            Map<String, Condition> foundConditions = new LinkedHashMap<>();
            SpaceParser.wandbParams(prefix, block, found, foundConditions);
            for (Param kid : found) {
                Condition own = foundConditions.getOrDefault(kid.name(), new Condition(name, List.of(value)));
                Param before = kids.get(kid.name());
                Condition cBefore = kidConditions.get(kid.name());
                if (before == null) {
                    kids.put(kid.name(), kid);
                    kidConditions.put(kid.name(), own);
                } else if (before.equals(kid)
                        && cBefore.parent().equals(name)
                        && own.parent().equals(name)) {
                    List<Object> values = new ArrayList<>(cBefore.values()); // the same parameter under two values
                    values.add(value);
                    kidConditions.put(kid.name(), new Condition(name, values));
                } else if (!(before.equals(kid) && Objects.equals(cBefore, own))) {
                    String example =
                            label(choice.choices().get(0)).toLowerCase(java.util.Locale.ROOT) + "_" + kid.name();
                    throw new IllegalArgumentException(where + ": '" + kid.name()
                            + "' is defined differently under two values of " + name + "; give each its own name ("
                            + example + ", ...)");
                }
            }
        }
        out.addAll(kids.values());
        conditions.putAll(kidConditions);
    }

    private static JsonNode blockFor(JsonNode blocks, Object value) {
        for (var it = blocks.fields(); it.hasNext(); ) {
            var e = it.next();
            if (matches(value, e.getKey())) {
                return e.getValue();
            }
        }
        return null;
    }

    /** A YAML key names a value as written: RF, 3, true (or Python's True). */
    private static boolean matches(Object value, String key) {
        return String.valueOf(value).equals(key) || PyValue.str(value).equals(key);
    }

    private static String label(Object value) {
        return String.valueOf(value);
    }
}
