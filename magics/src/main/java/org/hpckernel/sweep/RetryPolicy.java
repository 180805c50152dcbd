package org.hpckernel.sweep;

import org.hpckernel.cluster.JobState;

/**
 * phpo's rule: a trial that died of the cluster's fault (NODE_FAIL, PREEMPTED; Slurm's BOOT_FAIL is
 * normalised to NODE_FAIL) is run again, up to maxAttempts in all, then recorded with the worst
 * objective; an application failure (FAILED, TIMEOUT, OUT_OF_MEMORY, non-zero status) is FAILED at once.
 */
public record RetryPolicy(int maxAttempts) {

    /** The "very large loss" phpo registers for a point that never evaluated. */
    public static final double WORST_LOSS = 1e300;

    public enum Action {
        COMPLETE,
        RETRY,
        RECORD_WORST,
        FAIL,
        WAIT
    }

    public RetryPolicy {
        if (maxAttempts < 1) throw new IllegalArgumentException("maxAttempts must be >= 1");
    }

    public static RetryPolicy phpo() {
        return new RetryPolicy(3);
    }

    /** What to do with a trial whose job ended in state after attempts tries (1 = first run). */
    public Action decide(JobState state, int attempts) {
        if (!state.isTerminal()) return Action.WAIT;
        if (state == JobState.COMPLETED) return Action.COMPLETE;
        if (state.isClusterFault()) return attempts < maxAttempts ? Action.RETRY : Action.RECORD_WORST;
        return Action.FAIL;
    }
}
