package org.hpckernel.sweep;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * The Java half of bench/sweep/fixed_history.py: our next point on Hartmann-6 after the same history,
 * over 300 sampler seeds, per sampler setting; f at that point, mean and quartiles.
 */
public final class FixedHistoryBench {

    static TpeSampler.Builder uni(long seed) {
        return TpeSampler.builder().seed(seed).multivariate(false).priorCentreIsNeighbour(true);
    }

    static TpeSampler.Builder scott(long seed) {
        return TpeSampler.builder()
                .seed(seed)
                .multivariate(true)
                .priorCentreIsNeighbour(true)
                .multivariateBandwidth(ParzenEstimator.Bandwidth.SCOTT);
    }

    public static void main(String[] args) throws IOException {
        List<String> lines = Files.readAllLines(Path.of(args.length > 0 ? args[0] : "/tmp/hpc-kernel-h6-history.tsv"));
        Map<String, LongFunction<Sampler>> cols = new LinkedHashMap<>();
        cols.put("uni (3.5-4.8)", s -> uni(s).build());
        cols.put("uni, 3.1 scoring", s -> uni(s).scaleFreeScoring(true).build());
        cols.put("mv Scott (4.x)", s -> scott(s).build());
        cols.put("mv Scott, 3.1 scoring", s -> scott(s).scaleFreeScoring(true).build());
        cols.put("defaults (5.0)", Sampler::tpe);
        for (var c : cols.entrySet()) {
            double[] vals = new double[300];
            for (int seed = 0; seed < 300; seed++) {
                Study st = Study.create(SweepBench.unitCube(6), c.getValue().apply(seed), Goal.MINIMIZE);
                for (String line : lines) {
                    String[] f = line.split("\\t");
                    Map<String, Object> p = new LinkedHashMap<>();
                    for (int j = 0; j < 6; j++) {
                        p.put("x" + j, Double.parseDouble(f[j]));
                    }
                    st.add(p, TrialState.COMPLETE, Double.parseDouble(f[6]), null, 1);
                }
                vals[seed] = SweepBench.hartmann6(st.ask());
            }
            double mean = java.util.Arrays.stream(vals).average().orElseThrow();
            System.out.printf(
                    "ours %-22s next point after %d trials: mean %.4f  quartiles %.4f %.4f %.4f%n",
                    c.getKey(),
                    lines.size(),
                    mean,
                    SweepBench.quantile(vals, 0.25),
                    SweepBench.quantile(vals, 0.5),
                    SweepBench.quantile(vals, 0.75));
        }
    }
}
