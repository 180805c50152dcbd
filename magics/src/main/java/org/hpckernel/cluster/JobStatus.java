package org.hpckernel.cluster;

import java.util.Optional;

/**
 * One job's state with its evidence: exit code and signal, the scheduler's reason, and where the
 * answer came from (queue, accounting, exit file), so a failure can be explained.
 */
public record JobStatus(
        JobId id, JobState state, Optional<Integer> exitCode, Optional<Integer> signal, String reason, Source source) {

    public enum Source {
        QUEUE,
        ACCOUNTING,
        EXIT_FILE,
        NONE
    }

    /**
     * Pending for good: it asks for more than a limit allows, names an account or QOS it may not use,
     * or its afterok parent failed ({@link NeverStarts} lists the reasons). The scheduler keeps such a
     * job PENDING; waiting for it ends here.
     */
    public boolean neverStarts() {
        return state == JobState.PENDING && NeverStarts.reason(reason).isPresent();
    }

    /** Ended, or will never start: nothing more will happen to it by itself. */
    public boolean isSettled() {
        return state.isTerminal() || neverStarts();
    }

    public static JobStatus unknown(JobId id, String reason) {
        return new JobStatus(id, JobState.UNKNOWN, Optional.empty(), Optional.empty(), reason, Source.NONE);
    }
}
