package org.hpckernel.sweep.prune;

/**
 * A running trial to stop: at {@code rung} (1-based; 0 for a rule without rungs), judged on the value it
 * had at {@code step} against {@code cutoff} (the band's threshold, or the median of finished trials).
 */
public record RungDecision(int trial, int rung, long step, double value, double cutoff) {

    /** The trial's reason in the ledger, e.g. "pruned at rung 2 (step 9): loss 0.53, cut-off 0.41". */
    public String reason(String metric) {
        String where = rung > 0 ? "rung " + rung + " (step " + step + ")" : "step " + step;
        return "pruned at " + where + ": " + metric + " " + fmt(value) + ", cut-off " + fmt(cutoff);
    }

    private static String fmt(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return String.valueOf((long) v);
        }
        return String.format(java.util.Locale.ROOT, "%.6g", v).replaceFirst("\\.?0+(e|$)", "$1");
    }
}
