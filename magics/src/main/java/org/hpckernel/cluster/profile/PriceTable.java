package org.hpckernel.cluster.profile;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What a profile's cluster charges, in its own unit (points, node-hours, EUR...): rates per node-hour,
 * core-hour and GPU-hour, added up; a partition listed under {@code partitions} has its own rates
 * instead (ABCI's rt_F: 3.0 points per node-hour, whatever runs on the node). In profiles.yaml:
 * <pre>
 * price:
 *   unit: points
 *   core-hour: 0.01
 *   gpu-hour: 1.0
 *   partitions:
 *     rt_F: {node-hour: 3.0}
 * </pre>
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record PriceTable(
        String unit,
        @JsonProperty("node-hour") Double nodeHour,
        @JsonProperty("core-hour") Double coreHour,
        @JsonProperty("gpu-hour") Double gpuHour,
        Map<String, Rates> partitions) {

    public PriceTable {
        unit = unit == null || unit.isBlank() ? "units" : unit.strip();
        partitions =
                partitions == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(partitions));
        check(nodeHour, "node-hour");
        check(coreHour, "core-hour");
        check(gpuHour, "gpu-hour");
    }

    /** The rates of one partition. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Rates(
            @JsonProperty("node-hour") Double nodeHour,
            @JsonProperty("core-hour") Double coreHour,
            @JsonProperty("gpu-hour") Double gpuHour) {

        public Rates {
            check(nodeHour, "node-hour");
            check(coreHour, "core-hour");
            check(gpuHour, "gpu-hour");
        }

        /** What {@code nodes}, {@code cores} and {@code gpus} held for {@code hours} cost at these rates. */
        public double cost(double hours, int nodes, int cores, int gpus) {
            return hours * (rate(nodeHour) * nodes + rate(coreHour) * cores + rate(gpuHour) * gpus);
        }

        private static double rate(Double r) {
            return r == null ? 0 : r;
        }
    }

    /** The rates jobs in {@code partition} pay: its own when listed, else the profile's. */
    public Rates rates(String partition) {
        Rates own = partition == null ? null : partitions.get(partition);
        return own != null ? own : new Rates(nodeHour, coreHour, gpuHour);
    }

    /** {@code 12.50 points}. */
    public String format(double amount) {
        return number(amount) + " " + unit;
    }

    /**
     * Hours and amounts with two decimals, and a small one with two significant digits: a test job's
     * 0.0017 core-hours would read as nothing spent at {@code 0.00}.
     */
    public static String number(double amount) {
        return amount > 0 && amount < 0.01
                ? String.format(Locale.ROOT, "%.2g", amount)
                : String.format(Locale.ROOT, "%.2f", amount);
    }

    /**
     * From {@code --price} words: {@code unit=points}, {@code core-hour=0.01}, {@code gpu-hour=1},
     * {@code node-hour=3}, and {@code PARTITION:node-hour=3} for one partition's own rates.
     */
    public static Optional<PriceTable> parse(List<String> words) {
        if (words == null || words.isEmpty()) {
            return Optional.empty();
        }
        String unit = null;
        Map<String, Double> top = new LinkedHashMap<>();
        Map<String, Map<String, Double>> byPartition = new LinkedHashMap<>();
        for (String w : words) {
            int eq = w.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(
                        "--price takes KEY=VALUE (unit=points, core-hour=0.01, gpu-hour=1, node-hour=3, "
                                + "or PARTITION:node-hour=3), not '" + w + "'");
            }
            String key = w.substring(0, eq).strip();
            String value = w.substring(eq + 1).strip();
            if (key.equals("unit")) {
                unit = value;
                continue;
            }
            int colon = key.lastIndexOf(':');
            String rate = colon < 0 ? key : key.substring(colon + 1);
            if (!List.of("node-hour", "core-hour", "gpu-hour").contains(rate)) {
                throw new IllegalArgumentException(
                        "--price " + w + ": the rates are node-hour, core-hour and gpu-hour (and unit=NAME)");
            }
            double amount;
            try {
                amount = Double.parseDouble(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--price " + w + ": '" + value + "' is not a number");
            }
            (colon < 0 ? top : byPartition.computeIfAbsent(key.substring(0, colon), k -> new LinkedHashMap<>()))
                    .put(rate, amount);
        }
        Map<String, Rates> partitions = new LinkedHashMap<>();
        byPartition.forEach(
                (p, r) -> partitions.put(p, new Rates(r.get("node-hour"), r.get("core-hour"), r.get("gpu-hour"))));
        return Optional.of(
                new PriceTable(unit, top.get("node-hour"), top.get("core-hour"), top.get("gpu-hour"), partitions));
    }

    private static void check(Double rate, String name) {
        if (rate != null && (rate < 0 || rate.isNaN() || rate.isInfinite())) {
            throw new IllegalArgumentException("a " + name + " price cannot be negative or not a number: " + rate);
        }
    }
}
