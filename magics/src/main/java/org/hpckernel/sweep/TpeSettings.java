package org.hpckernel.sweep;

/**
 * TPE's knobs, with the Optuna release each default follows written at {@link TpeSampler.Builder}.
 *
 * @param priorCentreIsNeighbour univariate widths count the prior's centre as a neighbour (Optuna 3.1-4.8)
 * @param scaleFreeScoring       score continuous kernels without their 1/sigma, as Optuna 3.1-3.4 did
 *                               (optuna#5109); sampling is unchanged
 * @param multivariate           sample the parameters of a group jointly (Optuna's multivariate=True)
 * @param group                  split a conditional space into the groups of parameters that trials share
 *                               (Optuna's group=True); without it multivariate covers the parameters every
 *                               trial has and the rest are univariate
 * @param multivariateBandwidth  kernel widths in multivariate groups
 */
record TpeSettings(
        int nStartupTrials,
        int nEiCandidates,
        double priorWeight,
        boolean magicClip,
        boolean considerEndpoints,
        boolean constantLiar,
        boolean priorCentreIsNeighbour,
        boolean scaleFreeScoring,
        boolean multivariate,
        boolean group,
        ParzenEstimator.Bandwidth multivariateBandwidth) {}
