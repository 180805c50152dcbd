package org.hpckernel.sweep;

public enum TrialState {
    RUNNING,
    COMPLETE,
    FAILED,
    PRUNED
}
