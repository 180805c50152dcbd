package org.hpckernel.sweep.prune;

import java.util.List;
import org.hpckernel.sweep.Goal;

/** Decides which running trials to stop early from the intermediate values of all trials of a sweep. */
public interface Pruner {

    /** The RUNNING trials among {@code trials} to stop now; the others' curves are the comparison. */
    List<RungDecision> decide(Goal goal, List<TrialCurve> trials);

    /** How the option or config reads back, for the status line. */
    String describe();
}
