package org.hpckernel.sweep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;
import java.util.function.ToDoubleFunction;

/**
 * Benchmarks for bench/sweep (not a test: run by bench/sweep/run.sh).
 * (a) TPE ask latency after k completed trials, on perf-anchors §1's 5-parameter space;
 * (b) best value after 50/100/200 trials, 10 seeds, on Branin, Hartmann-6 and the conditional RF/GB space
 * ({@link RfGbTable}), ours side by side with Optuna's (read from optuna_tpe.py's output).
 */
public final class SweepBench {

    static final SearchSpace ANCHOR = SearchSpace.of(
            new Param.Real("x", -10, 10, false, null),
            new Param.Real("lr", 1e-5, 1e-1, true, null),
            new Param.Int("layers", 1, 100, false, 1),
            new Param.Choice("opt", List.of("adam", "sgd", "rms"), null),
            new Param.Real("dropout", 0, 0.9, false, 0.1));

    static double anchorObjective(Trial t) {
        double x = t.getDouble("x");
        return x * x
                + Math.log10(t.getDouble("lr") / 1e-3) * Math.log10(t.getDouble("lr") / 1e-3)
                + Math.abs(t.getLong("layers") - 30) / 10.0
                + (t.get("opt").equals("adam") ? 0 : 1)
                + t.getDouble("dropout");
    }

    public static void main(String[] args) {
        int[] ks = {0, 10, 100, 500, 1000};
        System.out.println("(a) TPE ask latency, perf-anchors §1 space, median of the 10 asks after k completed trials"
                + " (ms):");
        System.out.println("    wall clock, and this thread's CPU time (what the ask costs when 8 jobs share 2 cores)");
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        for (int run = 0; run < 2; run++) { // run 0 warms the JIT; run 1 is reported
            Study st = Study.create(ANCHOR, Sampler.tpe(0), Goal.MINIMIZE);
            StringBuilder wall = new StringBuilder(run == 0 ? "  warm-up (wall):" : "  hpc-kernel TPE (wall):");
            StringBuilder cpu = new StringBuilder("  hpc-kernel TPE (cpu): ");
            for (int k = 0, next = 0; next < ks.length; ) {
                if (k == ks[next]) {
                    double[] ms = new double[10], cms = new double[10];
                    for (int i = 0; i < 10; i++) {
                        long c0 = mx.getCurrentThreadCpuTime(), t0 = System.nanoTime();
                        Trial t = st.ask();
                        ms[i] = (System.nanoTime() - t0) / 1e6;
                        cms[i] = (mx.getCurrentThreadCpuTime() - c0) / 1e6;
                        st.tell(t, anchorObjective(t));
                    }
                    k += 10;
                    wall.append(String.format("  k=%d: %.2f", ks[next], quantile(ms, 0.5)));
                    cpu.append(String.format("  k=%d: %.2f", ks[next], quantile(cms, 0.5)));
                    next++;
                } else {
                    Trial t = st.ask();
                    st.tell(t, anchorObjective(t));
                    k++;
                }
            }
            System.out.println(wall);
            if (run == 1) {
                System.out.println(cpu);
            }
        }

        System.out.println();
        String optunaTsv = args.length > 0 ? args[0] : "/tmp/hpc-kernel-optuna-quality.tsv";
        String rfgbTable = args.length > 1 ? args[1] : "/tmp/hpc-kernel-rfgb-v1.tsv";
        quality(optunaTsv, rfgbTable);
    }

    /** The samplers compared in (b): ours with its defaults and with multivariate + group; extras on request. */
    static Map<String, LongFunction<Sampler>> ourColumns() {
        Map<String, LongFunction<Sampler>> cols = new LinkedHashMap<>();
        cols.put("ours", Sampler::tpe);
        // Optuna 3.5-4.8's default (univariate, prior centre among the neighbours)
        cols.put(
                "ours-uni",
                s -> TpeSampler.builder()
                        .seed(s)
                        .multivariate(false)
                        .priorCentreIsNeighbour(true)
                        .build());
        // the same with Optuna 3.1's scoring (no 1/sigma): Debian's TPESampler(seed=s)
        cols.put(
                "ours-uni31",
                s -> TpeSampler.builder()
                        .seed(s)
                        .multivariate(false)
                        .priorCentreIsNeighbour(true)
                        .scaleFreeScoring(true)
                        .build());
        // Optuna 3.x-4.9's multivariate=True, group=True (Scott widths)
        cols.put(
                "ours-mv4",
                s -> TpeSampler.builder()
                        .seed(s)
                        .priorCentreIsNeighbour(true)
                        .multivariateBandwidth(ParzenEstimator.Bandwidth.SCOTT)
                        .build());
        if (Boolean.getBoolean("bench.variants")) {
            cols.put("random", Sampler::random);
        }
        return cols;
    }

    static final int[] BUDGETS = {50, 100, 200};
    static final int SEEDS = 10;

    /** (b): every column's best after 50/100/200 trials over 10 seeds, Optuna's read from optuna_tpe.py's TSV. */
    static void quality(String optunaTsv, String rfgbTable) {
        Map<String, Map<String, double[][]>> results = new LinkedHashMap<>(); // function -> column -> [budget][seed]
        Map<String, SearchSpace> spaces = new LinkedHashMap<>();
        Map<String, ToDoubleFunction<Trial>> fs = new LinkedHashMap<>();
        spaces.put("branin", branin());
        fs.put("branin", SweepBench::braninValue);
        spaces.put("hartmann6", unitCube(6));
        fs.put("hartmann6", SweepBench::hartmann6);
        RfGbTable rfgb = Files.exists(Path.of(rfgbTable)) ? RfGbTable.load(Path.of(rfgbTable)) : null;
        if (rfgb != null) {
            spaces.put("rfgb", RfGbTable.SPACE);
            fs.put("rfgb", rfgb::loss);
        }
        for (var e : spaces.entrySet()) {
            Map<String, double[][]> byCol = results.computeIfAbsent(e.getKey(), k -> new LinkedHashMap<>());
            for (var c : ourColumns().entrySet()) {
                double[][] best = new double[BUDGETS.length][SEEDS];
                for (int seed = 0; seed < SEEDS; seed++) {
                    Study st = Study.create(e.getValue(), c.getValue().apply(seed), Goal.MINIMIZE);
                    double[] b = bestAt(st, fs.get(e.getKey()));
                    for (int i = 0; i < BUDGETS.length; i++) {
                        best[i][seed] = b[i];
                    }
                }
                byCol.put(c.getKey(), best);
            }
        }
        readOptuna(optunaTsv, results);
        System.out.println("(b) best value found: median [IQR] over seeds 0-9, sequential ask/tell, lower is better");
        System.out.println("    ours = TpeSampler defaults (Optuna 5.0's + group); ours-uni = multivariate(false)"
                + ".priorCentreIsNeighbour(true) (3.5-4.8's default); ours-uni31 = the same + scaleFreeScoring(true)"
                + " (3.1's); ours-mv4 = Scott widths + priorCentreIsNeighbour(true)"
                + " (4.x multivariate=True, group=True);");
        System.out.println(
                "    optuna = TPESampler(seed=s); optuna-mv = TPESampler(seed=s, multivariate=True," + " group=True)");
        for (var f : results.entrySet()) {
            for (int i = 0; i < BUDGETS.length; i++) {
                StringBuilder line = new StringBuilder(String.format("  %-9s n=%3d", f.getKey(), BUDGETS[i]));
                for (var c : f.getValue().entrySet()) {
                    double[] v = c.getValue()[i];
                    line.append(String.format(
                            "  %s %.4f [%.4f, %.4f]",
                            c.getKey(), quantile(v, 0.5), quantile(v, 0.25), quantile(v, 0.75)));
                }
                System.out.println(line);
            }
        }
        if (rfgb == null) {
            System.out.println("  (rfgb skipped: no table at " + rfgbTable + "; run bench/sweep/rfgb_table.py)");
        }
    }

    static void readOptuna(String tsv, Map<String, Map<String, double[][]>> results) {
        Path p = Path.of(tsv);
        if (!Files.exists(p)) {
            System.out.println("  (no Optuna results at " + tsv + ")");
            return;
        }
        try {
            for (String line : Files.readAllLines(p)) {
                String[] f = line.split("\t");
                Map<String, double[][]> byCol = results.get(f[0]);
                if (byCol == null) {
                    continue;
                }
                int budget = Arrays.binarySearch(BUDGETS, Integer.parseInt(f[3]));
                int seed = Integer.parseInt(f[2]);
                if (budget >= 0 && seed < SEEDS) {
                    double[][] col = byCol.computeIfAbsent(f[1], k -> new double[BUDGETS.length][SEEDS]);
                    col[budget][seed] = Double.parseDouble(f[4]);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Best value after each budget in BUDGETS, from one run of max(BUDGETS) trials. */
    static double[] bestAt(Study st, ToDoubleFunction<Trial> f) {
        double[] out = new double[BUDGETS.length];
        double best = Double.POSITIVE_INFINITY;
        for (int n = 1, i = 0; n <= BUDGETS[BUDGETS.length - 1]; n++) {
            Trial t = st.ask();
            double v = f.applyAsDouble(t);
            st.tell(t, v);
            best = Math.min(best, v);
            if (n == BUDGETS[i]) {
                out[i++] = best;
            }
        }
        return out;
    }

    /** numpy's default (linear) percentile. */
    static double quantile(double[] v, double q) {
        double[] s = v.clone();
        Arrays.sort(s);
        double pos = q * (s.length - 1);
        int lo = (int) Math.floor(pos), hi = (int) Math.ceil(pos);
        return s[lo] + (s[hi] - s[lo]) * (pos - lo);
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    static SearchSpace branin() {
        return SearchSpace.of(new Param.Real("x1", -5, 10, false, null), new Param.Real("x2", 0, 15, false, null));
    }

    static double braninValue(Trial t) {
        double x1 = t.getDouble("x1"), x2 = t.getDouble("x2");
        double b = 5.1 / (4 * Math.PI * Math.PI), c = 5 / Math.PI, s = 10, r = 6, tt = 1 / (8 * Math.PI);
        return Math.pow(x2 - b * x1 * x1 + c * x1 - r, 2) + s * (1 - tt) * Math.cos(x1) + s;
    }

    static SearchSpace unitCube(int d) {
        List<Param> ps = new ArrayList<>();
        for (int i = 0; i < d; i++) ps.add(new Param.Real("x" + i, 0, 1, false, null));
        return SearchSpace.of(ps);
    }

    static final double[] H_ALPHA = {1.0, 1.2, 3.0, 3.2};
    static final double[][] H_A = {
        {10, 3, 17, 3.5, 1.7, 8}, {0.05, 10, 17, 0.1, 8, 14}, {3, 3.5, 1.7, 10, 17, 8}, {17, 8, 0.05, 10, 0.1, 14}
    };
    static final double[][] H_P = {
        {1312, 1696, 5569, 124, 8283, 5886},
        {2329, 4135, 8307, 3736, 1004, 9991},
        {2348, 1451, 3522, 2883, 3047, 6650},
        {4047, 8828, 8732, 5743, 1091, 381}
    };

    static double hartmann6(Trial t) {
        double sum = 0;
        for (int i = 0; i < 4; i++) {
            double inner = 0;
            for (int j = 0; j < 6; j++) {
                double d = t.getDouble("x" + j) - H_P[i][j] * 1e-4;
                inner += H_A[i][j] * d * d;
            }
            sum += H_ALPHA[i] * Math.exp(-inner);
        }
        return -sum;
    }
}
