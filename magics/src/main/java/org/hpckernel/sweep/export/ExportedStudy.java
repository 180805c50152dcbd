package org.hpckernel.sweep.export;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.hpckernel.sweep.Goal;
import org.hpckernel.sweep.SearchSpace;
import org.hpckernel.sweep.Trial;

/**
 * A study as it goes out to another tool: what the ledger knows of a sweep, detached from it.
 *
 * @param intermediates trial number to its reported values by step (absent or empty: none reported)
 * @param times         trial number to when it started and ended (end null while it runs)
 * @param userAttrs     written as the study's user attrs (JSON values: String, Number, Boolean, List, Map)
 */
public record ExportedStudy(
        String name,
        Goal goal,
        SearchSpace space,
        List<Trial> trials,
        Map<Integer, SortedMap<Long, Double>> intermediates,
        Map<Integer, TrialTimes> times,
        Map<String, Object> userAttrs) {

    /** When a trial's first attempt was handed to the scheduler, and when its outcome was recorded. */
    public record TrialTimes(Instant start, Instant end) {}

    public ExportedStudy {
        trials = List.copyOf(trials);
        intermediates = intermediates == null ? Map.of() : Map.copyOf(intermediates);
        times = times == null ? Map.of() : Map.copyOf(times);
        userAttrs = userAttrs == null
                ? Map.of()
                : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(userAttrs));
    }
}
