package org.hpckernel.sweep;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The results of a segmented sweep: each segment's own table (as {@code %hpc sweep results} shows a
 * sweep: best first, one column per parameter of that segment's space) and one table with the best
 * trial of every segment, its objective named per segment since each segment has its own.
 */
public final class SegmentResults {

    private SegmentResults() {}

    /** Segment name -> that segment's results table, in cell order. */
    public static Map<String, Table> perSegment(Sweeps sweeps, SegmentStore.Group group) throws IOException {
        Map<String, Table> out = new LinkedHashMap<>();
        for (SegmentStore.Member m : group.members()) {
            Table t = sweeps.study(m.sweepId()).results();
            out.put(m.segment(), t.setName("segment " + m.segment() + " (sweep " + m.sweepId() + ")"));
        }
        return out;
    }

    /**
     * One row per segment, in cell order: its sweep, trials complete/asked, the best trial, its objective's
     * name, goal and value, and its point as {@code name=value, ...} (segments' spaces differ). A segment
     * without a finished trial has empty best columns.
     */
    public static Table bestPerSegment(Sweeps sweeps, SegmentStore.Group group) throws IOException {
        StringColumn segment = StringColumn.create("segment");
        IntColumn sweep = IntColumn.create("sweep");
        IntColumn complete = IntColumn.create("complete");
        IntColumn asked = IntColumn.create("trials");
        IntColumn trial = IntColumn.create("best trial");
        StringColumn metric = StringColumn.create("metric");
        StringColumn goal = StringColumn.create("goal");
        DoubleColumn value = DoubleColumn.create("value");
        StringColumn params = StringColumn.create("params");
        for (SegmentStore.Member m : group.members()) {
            Study study = sweeps.study(m.sweepId());
            segment.append(m.segment());
            sweep.append(m.sweepId());
            complete.append((int) study.count(TrialState.COMPLETE));
            asked.append(study.trials().size());
            metric.append(study.space().metricName());
            goal.append(study.goal().name().toLowerCase(java.util.Locale.ROOT));
            Optional<Trial> best = study.best();
            if (best.isPresent()) {
                trial.append(best.get().number());
                value.append(best.get().value());
                params.append(best.get().params().entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining(", ")));
            } else {
                trial.appendMissing();
                value.appendMissing();
                params.append("");
            }
        }
        return Table.create("best per segment (segmented sweep " + group.id() + ")")
                .addColumns(segment, sweep, complete, asked, trial, metric, goal, value, params);
    }
}
