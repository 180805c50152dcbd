package org.hpckernel.sweep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The conditional RF/GB bench objective, looked up in the table bench/sweep/rfgb_table.py computes once
 * (3-fold CV log loss on sklearn's breast-cancer set); GB is interpolated linearly in ln(learning_rate)
 * between the 9 tabulated rates, as optuna_tpe.py does, so both samplers score the same function.
 */
record RfGbTable(Map<String, Double> rf, Map<String, double[][]> gb) {

    static final SearchSpace SPACE = SearchSpace.of(
                    new Param.Choice("clf", List.of("RF", "GB"), null),
                    new Param.Int("rf_n_estimators", 5, 50, false, 5),
                    new Param.Int("rf_max_depth", 1, 8, false, 1),
                    new Param.Real("gb_learning_rate", 0.01, 1.0, true, null),
                    new Param.Int("gb_n_estimators", 5, 50, false, 5),
                    new Param.Int("gb_max_depth", 1, 4, false, 1))
            .withConditions(Map.of(
                    "rf_n_estimators", new Condition("clf", List.of("RF")),
                    "rf_max_depth", new Condition("clf", List.of("RF")),
                    "gb_learning_rate", new Condition("clf", List.of("GB")),
                    "gb_n_estimators", new Condition("clf", List.of("GB")),
                    "gb_max_depth", new Condition("clf", List.of("GB"))));

    static RfGbTable load(Path p) {
        Map<String, Double> rf = new HashMap<>();
        Map<String, List<double[]>> gb = new HashMap<>();
        try {
            for (String line : Files.readAllLines(p)) {
                String[] f = line.split("\\t");
                String key = f[1] + "/" + f[2];
                if (f[0].equals("RF")) {
                    rf.put(key, Double.parseDouble(f[4]));
                } else {
                    gb.computeIfAbsent(key, k -> new ArrayList<>())
                            .add(new double[] {Math.log(Double.parseDouble(f[3])), Double.parseDouble(f[4])});
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, double[][]> gbSorted = new HashMap<>();
        gb.forEach((k, v) -> {
            v.sort((a, b) -> Double.compare(a[0], b[0]));
            gbSorted.put(k, v.toArray(new double[0][]));
        });
        return new RfGbTable(rf, gbSorted);
    }

    double loss(Trial t) {
        if (t.get("clf").equals("RF")) {
            return rf.get(t.getLong("rf_n_estimators") + "/" + t.getLong("rf_max_depth"));
        }
        double[][] pts = gb.get(t.getLong("gb_n_estimators") + "/" + t.getLong("gb_max_depth"));
        double x = Math.log(t.getDouble("gb_learning_rate"));
        int i = 1;
        while (i < pts.length - 1 && pts[i][0] <= x) {
            i++;
        }
        double[] a = pts[i - 1], b = pts[i];
        return a[1] + (b[1] - a[1]) * (x - a[0]) / (b[0] - a[0]);
    }
}
