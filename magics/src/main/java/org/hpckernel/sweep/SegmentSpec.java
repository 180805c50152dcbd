package org.hpckernel.sweep;

import java.util.List;
import java.util.Objects;

/**
 * One segment of a segmented sweep, as the cell gives it: a named search space with its own objective.
 *
 * @param name     unique in the cell; the trials see it as $HPC_SEGMENT (PanDA's %SEGMENT_NAME)
 * @param position 0-based order in the cell (PanDA's segment id, $HPC_SEGMENT_ID)
 * @param config   the segment's search space in any format {@link SpaceParser} reads
 * @param method   grid, random or bayes for every space of the segment; null = the space's own (or --method)
 * @param metric   objective name in result.json; null = the space's own (loss)
 * @param goal     null = the space's own (minimize)
 * @param command  shell line per trial; null = the sweep's --command or the space's program
 * @param maxTrials null = the sweep's --max-trials (per segment, as phpo's maxPoints)
 * @param files    PanDA's training files of the segment ($HPC_SEGMENT_FILES, a JSON list); may be empty
 */
public record SegmentSpec(
        String name,
        int position,
        String config,
        String method,
        String metric,
        Goal goal,
        String command,
        Integer maxTrials,
        List<String> files) {

    public SegmentSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(config, "config");
        files = List.copyOf(files);
    }
}
