package org.hpckernel.sweep;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.hpckernel.cluster.Shell;

/**
 * The checkpoint part of {@code %hpc sweep status}: how many trials resumed from their checkpoint, and
 * for every trial that ran more than once (retried, or requeued by the scheduler) or resumed, each
 * attempt and whether a checkpoint existed when it started. Trials run once from scratch, the usual
 * case, are only counted.
 */
public final class CheckpointLines {

    private CheckpointLines() {}

    /** Empty when no attempt has ended yet. */
    public static String of(List<AttemptStartStore.Stored> attempts, String sweepDir) {
        if (attempts.isEmpty()) {
            return "";
        }
        Map<Integer, List<AttemptStartStore.Stored>> byTrial = new TreeMap<>();
        attempts.forEach(
                a -> byTrial.computeIfAbsent(a.number(), k -> new ArrayList<>()).add(a));
        List<String> lines = new ArrayList<>();
        int resumed = 0;
        for (var trial : byTrial.entrySet()) {
            List<AttemptStartStore.Stored> list = trial.getValue();
            boolean anyResumed = list.stream().anyMatch(a -> a.starts().resumed());
            if (anyResumed) {
                resumed++;
            }
            if (anyResumed
                    || list.size() > 1
                    || list.get(0).attempt() > 1
                    || list.get(0).starts().times() > 1) {
                List<String> parts = new ArrayList<>();
                list.forEach(a ->
                        parts.add("attempt " + a.attempt() + " " + a.starts().describe()));
                lines.add("  trial " + trial.getKey() + ": " + String.join("; ", parts));
            }
        }
        StringBuilder s = new StringBuilder("checkpoints: ")
                .append(resumed)
                .append(" of ")
                .append(byTrial.size())
                .append(byTrial.size() == 1 ? " trial" : " trials")
                .append(" resumed from one (HPC_CHECKPOINT_DIR, each trial's is ")
                .append(Shell.quote(sweepDir + "/" + TrialCheckpoint.FOLDER))
                .append("/trial-N)\n");
        lines.forEach(l -> s.append(l).append('\n'));
        return s.toString();
    }
}
