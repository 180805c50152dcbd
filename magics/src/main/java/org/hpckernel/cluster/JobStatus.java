package org.hpckernel.cluster;

import java.util.Optional;

/**
 * One job's state with its evidence: exit code and signal, the scheduler's reason, and where the
 * answer came from (queue, accounting, exit file), so a failure can be explained.
 */
public record JobStatus(JobId id, JobState state, Optional<Integer> exitCode, Optional<Integer> signal,
                        String reason, Source source) {

    public enum Source { QUEUE, ACCOUNTING, EXIT_FILE, NONE }

    /**
     * Pending for good: its afterok parent failed, so the scheduler will never start it (Slurm keeps
     * it PENDING with reason DependencyNeverSatisfied unless the site kills such jobs). Waiting ends here.
     */
    public boolean neverStarts() {
        return state == JobState.PENDING && reason.contains("DependencyNeverSatisfied");
    }

    /** Ended, or will never start: nothing more will happen to it by itself. */
    public boolean isSettled() {
        return state.isTerminal() || neverStarts();
    }

    public static JobStatus unknown(JobId id, String reason) {
        return new JobStatus(id, JobState.UNKNOWN, Optional.empty(), Optional.empty(), reason, Source.NONE);
    }
}
