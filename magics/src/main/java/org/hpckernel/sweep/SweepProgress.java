package org.hpckernel.sweep;

import java.util.Locale;
import java.util.Optional;

/**
 * Where a sweep stands, as the live progress line and {@code %hpc sweep status} show it.
 * state: RUNNING, STOPPED, DONE, FAILED, or NOT_STEERED (recorded as running, but no kernel steers it).
 */
public record SweepProgress(
        int id,
        String name,
        String state,
        int asked,
        int maxTrials,
        int complete,
        int running,
        int queued,
        int failed,
        Optional<Trial> best,
        String metric,
        String message) {

    /** Without a live steering loop nobody has polled the scheduler: unfinished trials count as running. */
    public static SweepProgress of(int id, String name, String state, Study study, int maxTrials, String message) {
        return of(id, name, state, study, maxTrials, Integer.MAX_VALUE, message);
    }

    /**
     * {@code executing}: trials the scheduler said were running at the last poll. The other unfinished
     * trials are queued (throttled by the array's %K, pending, or not yet submitted).
     */
    public static SweepProgress of(
            int id, String name, String state, Study study, int maxTrials, int executing, String message) {
        int unfinished = (int) study.count(TrialState.RUNNING);
        int running = Math.min(unfinished, Math.max(0, executing));
        return new SweepProgress(
                id,
                name,
                state,
                study.trials().size(),
                maxTrials,
                (int) study.count(TrialState.COMPLETE),
                running,
                unfinished - running,
                (int) (study.count(TrialState.FAILED) + study.count(TrialState.PRUNED)),
                study.best(),
                study.space().metricName(),
                message == null ? "" : message);
    }

    public boolean ended() {
        return !state.equals("RUNNING");
    }

    /** {@code sweep 3 (quad) RUNNING: 12/30 done, 2 running, 3 queued, 1 failed; best loss 0.0123 (trial 7)} */
    public String line() {
        StringBuilder s = new StringBuilder("sweep ")
                .append(id)
                .append(" (")
                .append(name)
                .append(") ")
                .append(state)
                .append(": ")
                .append(complete + failed)
                .append('/')
                .append(maxTrials)
                .append(" done, ")
                .append(running)
                .append(" running, ");
        if (queued > 0) s.append(queued).append(" queued, ");
        s.append(failed).append(" failed");
        best.ifPresent(t -> s.append("; best ")
                .append(metric)
                .append(' ')
                .append(format(t.value()))
                .append(" (trial ")
                .append(t.number())
                .append(')'));
        if (!message.isEmpty()) s.append(" - ").append(message);
        return s.toString();
    }

    static String format(Double v) {
        if (v == null) return "-";
        if (Math.abs(v) >= RetryPolicy.WORST_LOSS) return "worst";
        return String.format(Locale.ROOT, "%.6g", v);
    }
}
