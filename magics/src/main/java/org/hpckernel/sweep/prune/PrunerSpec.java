package org.hpckernel.sweep.prune;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Which pruner a sweep uses: the {@code --prune} option when given (it overrides the config; "none" turns
 * pruning off), else a W&B config's {@code early_terminate} block, else none.
 * Option forms: {@code median[:startup=5,warmup=10,interval=1,min_trials=1]},
 * {@code hyperband:min_iter=3[,eta=3][,strict=false]}, {@code hyperband:max_iter=27,s=2[,eta=3]}, {@code none}.
 */
public final class PrunerSpec {

    private static final String FORMS = "--prune median[:startup=5,warmup=0,interval=1], "
            + "--prune hyperband:min_iter=3,eta=3 (or max_iter=27,s=2), or --prune none";

    private PrunerSpec() {}

    public static Optional<Pruner> of(String option, Map<String, Object> earlyTerminate) {
        if (option != null && !option.isBlank()) {
            return parseOption(option.strip());
        }
        if (earlyTerminate == null || earlyTerminate.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(fromEarlyTerminate(earlyTerminate));
    }

    /** A W&B {@code early_terminate} block; W&B fills eta=3 and strict=true and ignores keys it does not know. */
    public static Pruner fromEarlyTerminate(Map<String, Object> et) {
        Object type = et.get("type");
        if (!"hyperband".equals(type)) {
            throw new IllegalArgumentException("early_terminate type '" + type + "' is not one W&B runs "
                    + "(only hyperband); "
                    + "write type: hyperband, or stop trials with " + FORMS);
        }
        double eta = number(et, "eta", 3);
        boolean strict = !Boolean.FALSE.equals(et.get("strict")) && !"false".equals(String.valueOf(et.get("strict")));
        if (et.containsKey("max_iter")) {
            if (!et.containsKey("s")) {
                throw new IllegalArgumentException("early_terminate with max_iter needs s "
                        + "(how many bands below max_iter), "
                        + "e.g. {type: hyperband, max_iter: 27, s: 2}; or give min_iter instead");
            }
            return HyperbandPruner.fromMaxIter((long) number(et, "max_iter", 0), (int) number(et, "s", 0), eta, strict);
        }
        if (et.containsKey("min_iter")) {
            return HyperbandPruner.fromMinIter((long) number(et, "min_iter", 0), eta, strict);
        }
        throw new IllegalArgumentException("early_terminate needs min_iter (the first band), or max_iter and s, "
                + "e.g. {type: hyperband, min_iter: 3}");
    }

    private static Optional<Pruner> parseOption(String option) {
        int colon = option.indexOf(':');
        String kind = (colon < 0 ? option : option.substring(0, colon)).strip().toLowerCase(Locale.ROOT);
        Map<String, Object> args = new LinkedHashMap<>();
        if (colon >= 0) {
            for (String kv : option.substring(colon + 1).split(",")) {
                if (kv.isBlank()) {
                    continue;
                }
                int eq = kv.indexOf('=');
                if (eq < 0) {
                    throw new IllegalArgumentException(
                            "--prune " + option + ": '" + kv.strip() + "' is not key=value; use " + FORMS);
                }
                args.put(
                        kv.substring(0, eq).strip().toLowerCase(Locale.ROOT),
                        kv.substring(eq + 1).strip());
            }
        }
        switch (kind) {
            case "none", "off" -> {
                return Optional.empty();
            }
            case "median" -> {
                MedianPruner d = MedianPruner.defaults();
                Map<String, String> names = Map.of(
                        "n_startup_trials",
                        "startup",
                        "n_warmup_steps",
                        "warmup",
                        "interval_steps",
                        "interval",
                        "n_min_trials",
                        "min_trials");
                Map<String, Object> a = new LinkedHashMap<>();
                args.forEach((k, v) -> a.put(names.getOrDefault(k, k), v));
                for (String k : a.keySet()) {
                    if (!java.util.Set.of("startup", "warmup", "interval", "min_trials")
                            .contains(k)) {
                        throw new IllegalArgumentException("--prune median: unknown setting '" + k
                                + "'; it takes startup, warmup, interval, min_trials (Optuna's n_startup_trials, ...)");
                    }
                }
                return Optional.of(new MedianPruner(
                        (int) number(a, "startup", d.startup()),
                        (long) number(a, "warmup", (double) d.warmup()),
                        (long) number(a, "interval", (double) d.interval()),
                        (int) number(a, "min_trials", d.minTrials())));
            }
            case "hyperband" -> {
                for (String k : args.keySet()) {
                    if (!java.util.Set.of("min_iter", "max_iter", "s", "eta", "strict")
                            .contains(k)) {
                        throw new IllegalArgumentException("--prune hyperband: unknown setting '" + k
                                + "'; it takes min_iter, max_iter, s, eta, strict (as W&B's early_terminate)");
                    }
                }
                args.put("type", "hyperband");
                return Optional.of(fromEarlyTerminate(args));
            }
            default ->
                throw new IllegalArgumentException(
                        "--prune " + option + ": unknown pruner '" + kind + "'; use " + FORMS);
        }
    }

    private static double number(Map<String, Object> m, String key, double fallback) {
        Object v = m.get(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        try {
            return Double.parseDouble(v.toString().strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("pruning setting " + key + " must be a number, got '" + v + "'");
        }
    }
}
