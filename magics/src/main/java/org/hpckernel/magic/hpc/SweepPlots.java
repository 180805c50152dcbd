package org.hpckernel.magic.hpc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hpckernel.render.Charts;
import org.hpckernel.render.Png;
import org.hpckernel.sweep.Param;
import org.hpckernel.sweep.RetryPolicy;
import org.hpckernel.sweep.Study;
import org.hpckernel.sweep.Trial;
import org.hpckernel.sweep.TrialState;

/**
 * The plots of {@code %hpc sweep results}: the objective against the trial number with a best-so-far
 * line, and each parameter against the objective. Trials recorded with phpo's worst loss (out of
 * retries) are left out so they do not flatten the axis.
 */
public final class SweepPlots {

    private SweepPlots() {}

    public static Png objectiveByTrial(Study study) {
        List<double[]> pts = completed(study);
        double[] xs = new double[pts.size()], ys = new double[pts.size()], best = new double[pts.size()];
        double b = Double.NaN;
        for (int i = 0; i < pts.size(); i++) {
            xs[i] = pts.get(i)[0];
            ys[i] = pts.get(i)[1];
            b = Double.isNaN(b)
                    ? ys[i]
                    : (study.goal() == org.hpckernel.sweep.Goal.MINIMIZE ? Math.min(b, ys[i]) : Math.max(b, ys[i]));
            best[i] = b;
        }
        Map<String, double[][]> series = new LinkedHashMap<>();
        series.put(study.space().metricName(), new double[][] {xs, ys});
        series.put("best so far", new double[][] {xs, best});
        return Charts.lines(
                study.space().metricName() + " by trial", "trial", study.space().metricName(), series);
    }

    /** One scatter per numeric parameter (choices are plotted by their index in the list of values). */
    public static List<Png> parameterVsObjective(Study study) {
        List<Png> out = new ArrayList<>();
        for (Param p : study.space().params()) {
            if (p instanceof Param.Const) continue;
            List<Double> xs = new ArrayList<>(), ys = new ArrayList<>();
            for (Trial t : study.trials()) {
                if (t.state() != TrialState.COMPLETE
                        || t.value() == null
                        || Math.abs(t.value()) >= RetryPolicy.WORST_LOSS) continue;
                if (!t.params().containsKey(p.name())) continue; // inactive in this trial (conditional space)
                Object v = t.params().get(p.name());
                if (v instanceof Number n) xs.add(n.doubleValue());
                else if (p instanceof Param.Choice c)
                    xs.add((double) c.choices().indexOf(v));
                else continue;
                ys.add(t.value());
            }
            if (xs.isEmpty()) continue; // e.g. a conditional branch no completed trial took: nothing to plot
            String xLabel = p instanceof Param.Choice c ? p.name() + " (index in " + c.choices() + ")" : p.name();
            out.add(Charts.scatter(
                    study.space().metricName() + " vs " + p.name(),
                    xLabel,
                    study.space().metricName(),
                    Map.of(p.name(), new double[][] {toArray(xs), toArray(ys)})));
        }
        return out;
    }

    private static List<double[]> completed(Study study) {
        List<double[]> pts = new ArrayList<>();
        for (Trial t : study.trials())
            if (t.state() == TrialState.COMPLETE && t.value() != null && Math.abs(t.value()) < RetryPolicy.WORST_LOSS)
                pts.add(new double[] {t.number(), t.value()});
        return pts;
    }

    private static double[] toArray(List<Double> l) {
        return l.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
