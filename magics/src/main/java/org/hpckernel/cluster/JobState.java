package org.hpckernel.cluster;

/** Normalised job states, the same for every scheduler. */
public enum JobState {
    PENDING,
    RUNNING,
    COMPLETED,
    FAILED,
    CANCELLED,
    TIMEOUT,
    OUT_OF_MEMORY,
    NODE_FAIL,
    PREEMPTED,
    /** A failed status call or a job missing from the queue: never read as COMPLETED or gone. */
    UNKNOWN;

    public boolean isTerminal() {
        return this != PENDING && this != RUNNING && this != UNKNOWN;
    }

    /** Died of the cluster's fault, not the application's: worth retrying. */
    public boolean isClusterFault() {
        return this == NODE_FAIL || this == PREEMPTED;
    }
}
