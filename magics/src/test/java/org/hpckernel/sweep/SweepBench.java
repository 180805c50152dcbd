package org.hpckernel.sweep;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Benchmarks for bench/sweep (not a test: run by bench/sweep/run.sh).
 * (a) TPE ask latency after k completed trials, on perf-anchors §1's 5-parameter space;
 * (b) TPE vs random, equal trial counts, Branin and Hartmann-6, 10 seeds, median best value.
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
        return x * x + Math.log10(t.getDouble("lr") / 1e-3) * Math.log10(t.getDouble("lr") / 1e-3)
                + Math.abs(t.getLong("layers") - 30) / 10.0 + (t.get("opt").equals("adam") ? 0 : 1) + t.getDouble("dropout");
    }

    public static void main(String[] args) {
        int[] ks = {0, 10, 100, 500, 1000};
        System.out.println("(a) TPE ask latency, perf-anchors §1 space, median of the 10 asks after k completed trials (ms)");
        for (int run = 0; run < 2; run++) {   // run 0 warms the JIT; run 1 is reported
            Study st = Study.create(ANCHOR, Sampler.tpe(0), Goal.MINIMIZE);
            StringBuilder line = new StringBuilder(run == 0 ? "  warm-up:" : "  hpc-kernel TPE:");
            for (int k = 0, next = 0; next < ks.length; ) {
                if (k == ks[next]) {
                    double[] ms = new double[10];
                    for (int i = 0; i < 10; i++) {
                        long t0 = System.nanoTime();
                        Trial t = st.ask();
                        ms[i] = (System.nanoTime() - t0) / 1e6;
                        st.tell(t, anchorObjective(t));
                    }
                    k += 10;
                    Arrays.sort(ms);
                    line.append(String.format("  k=%d: %.2f", ks[next], (ms[4] + ms[5]) / 2));
                    next++;
                } else {
                    Trial t = st.ask();
                    st.tell(t, anchorObjective(t));
                    k++;
                }
            }
            System.out.println(line);
        }

        System.out.println();
        System.out.println("(b) best value found, median over 10 seeds (lower is better)");
        compare("Branin (2-D, min 0.397887)", branin(), SweepBench::braninValue, new int[] {30, 60, 100});
        compare("Hartmann-6 (min -3.32237)", unitCube(6), SweepBench::hartmann6, new int[] {50, 100, 200});
    }

    static void compare(String name, SearchSpace space, ToDoubleFunction<Trial> f, int[] budgets) {
        for (int budget : budgets) {
            double[] tpe = new double[10], rnd = new double[10];
            for (int seed = 0; seed < 10; seed++) {
                tpe[seed] = bestAfter(Study.create(space, Sampler.tpe(seed), Goal.MINIMIZE), f, budget);
                rnd[seed] = bestAfter(Study.create(space, Sampler.random(seed), Goal.MINIMIZE), f, budget);
            }
            System.out.printf("  %-28s n=%3d  TPE %.5f   random %.5f%n", name, budget, median(tpe), median(rnd));
        }
    }

    static double bestAfter(Study st, ToDoubleFunction<Trial> f, int n) {
        for (int i = 0; i < n; i++) {
            Trial t = st.ask();
            st.tell(t, f.applyAsDouble(t));
        }
        return st.best().orElseThrow().value();
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
    static final double[][] H_A = {{10, 3, 17, 3.5, 1.7, 8}, {0.05, 10, 17, 0.1, 8, 14}, {3, 3.5, 1.7, 10, 17, 8}, {17, 8, 0.05, 10, 0.1, 14}};
    static final double[][] H_P = {{1312, 1696, 5569, 124, 8283, 5886}, {2329, 4135, 8307, 3736, 1004, 9991},
            {2348, 1451, 3522, 2883, 3047, 6650}, {4047, 8828, 8732, 5743, 1091, 381}};

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
