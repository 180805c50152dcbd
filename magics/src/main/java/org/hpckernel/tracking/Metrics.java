package org.hpckernel.tracking;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hpckernel.render.Charts;
import org.hpckernel.render.Png;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** Job metrics as Tablesaw tables (cells can filter, sort, join) and line charts of metric against step. */
public final class Metrics {

    private Metrics() {}

    /** One row per job and key: last, min, max, count, last step. Keys starting with '_' are left out. */
    public static Table summaryTable(Map<String, MetricsSummary> byJob, Set<String> onlyKeys) {
        StringColumn job = StringColumn.create("job");
        StringColumn key = StringColumn.create("key");
        DoubleColumn last = DoubleColumn.create("last");
        DoubleColumn min = DoubleColumn.create("min");
        DoubleColumn max = DoubleColumn.create("max");
        LongColumn count = LongColumn.create("count");
        LongColumn lastStep = LongColumn.create("last_step");
        byJob.forEach((j, s) -> s.keys().forEach((k, st) -> {
            if (k.startsWith("_") || (onlyKeys != null && !onlyKeys.isEmpty() && !onlyKeys.contains(k))) {
                return;
            }
            job.append(j);
            key.append(k);
            if (st.last() instanceof Double d) {
                last.append(d);
            } else {
                last.appendMissing();
            }
            if (Double.isNaN(st.min())) {
                min.appendMissing();
                max.appendMissing();
            } else {
                min.append(st.min());
                max.append(st.max());
            }
            count.append(st.count());
            lastStep.append(st.lastStep());
        }));
        return Table.create("metrics", job, key, last, min, max, count, lastStep);
    }

    /** The kept rows of several jobs as one long table: job, _step, then one column per numeric key. */
    public static Table rowsTable(Map<String, List<Map<String, Object>>> rowsByJob, Set<String> onlyKeys) {
        List<String> keys = new ArrayList<>();
        rowsByJob
                .values()
                .forEach(rows -> rows.forEach(r -> r.forEach((k, v) -> {
                    if (!k.startsWith("_")
                            && v instanceof Double
                            && !keys.contains(k)
                            && (onlyKeys == null || onlyKeys.isEmpty() || onlyKeys.contains(k))) {
                        keys.add(k);
                    }
                })));
        StringColumn job = StringColumn.create("job");
        LongColumn step = LongColumn.create("_step");
        Map<String, DoubleColumn> cols = new LinkedHashMap<>();
        keys.forEach(k -> cols.put(k, DoubleColumn.create(k)));
        rowsByJob.forEach((j, rows) -> rows.forEach(r -> {
            job.append(j);
            step.append(((Number) r.get("_step")).longValue());
            cols.forEach((k, c) -> {
                if (r.get(k) instanceof Double d) {
                    c.append(d);
                } else {
                    c.appendMissing();
                }
            });
        }));
        Table t = Table.create("metric rows", job, step);
        cols.values().forEach(t::addColumns);
        return t;
    }

    /** One chart per key would be many pictures; one chart of the given key, one line per job. */
    public static Png chart(String key, Map<String, List<Map<String, Object>>> rowsByJob) {
        Map<String, double[][]> series = new LinkedHashMap<>();
        rowsByJob.forEach((j, rows) -> {
            List<double[]> pts = new ArrayList<>();
            for (Map<String, Object> r : rows) {
                if (r.get(key) instanceof Double d && !d.isNaN()) {
                    pts.add(new double[] {((Number) r.get("_step")).doubleValue(), d});
                }
            }
            if (!pts.isEmpty()) {
                double[] xs = new double[pts.size()];
                double[] ys = new double[pts.size()];
                for (int i = 0; i < xs.length; i++) {
                    xs[i] = pts.get(i)[0];
                    ys[i] = pts.get(i)[1];
                }
                series.put(j, new double[][] {xs, ys});
            }
        });
        if (series.isEmpty()) {
            throw new IllegalArgumentException("no numeric values of '" + key + "' to plot");
        }
        return Charts.lines(key, "_step", key, series);
    }

    /** Numeric keys (not starting with '_') seen in any of the summaries, in first-seen order. */
    public static List<String> plottableKeys(Collection<MetricsSummary> summaries) {
        List<String> out = new ArrayList<>();
        for (MetricsSummary s : summaries) {
            s.keys().forEach((k, st) -> {
                if (!k.startsWith("_") && !Double.isNaN(st.min()) && !out.contains(k)) {
                    out.add(k);
                }
            });
        }
        return out;
    }
}
