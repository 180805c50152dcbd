package org.hpckernel.sweep.prune;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SortedMap;
import java.util.TreeMap;
import org.hpckernel.sweep.Goal;
import org.hpckernel.sweep.Sampler;
import org.hpckernel.sweep.SearchSpace;
import org.hpckernel.sweep.SpaceParser;
import org.hpckernel.sweep.Study;
import org.hpckernel.sweep.Trial;

/**
 * bench/sweep/early: replays sweeps over recorded learning curves (curves.py) with the real samplers and pruners:
 * 4 trials at a time, a new point asked as a slot frees, the pruner asked after every epoch any trial logs (as
 * W&B's agent and Optuna's should_prune do). Reports trial-seconds used (the curves' measured epoch times) and the
 * best final value reached, per pruner, over seeds; and the best value reached when pruning spends the same
 * trial-seconds as the sweep without it. Not a test: run by bench/sweep/early/run.sh.
 */
public final class EarlyBench {

    private static final int PARALLEL = 4;
    private static final int TRIALS = 40;
    private static final int SEEDS = 20;

    record Curve(double[] values, double[] seconds) {}

    record Outcome(double seconds, double best, int trials, int pruned) {}

    public static void main(String[] args) throws IOException {
        JsonNode data = new ObjectMapper().readTree(new File(args[0]));
        Map<String, Curve> curves = new HashMap<>();
        for (JsonNode c : data.get("curves")) {
            curves.put(
                    key(
                            c.get("eta0").asDouble(),
                            c.get("alpha").asDouble(),
                            c.get("loss").asText()),
                    new Curve(doubles(c.get("val_error")), doubles(c.get("seconds"))));
        }
        String config = "metric: {name: val_error, goal: minimize}\nparameters:\n"
                + "  eta0: {values: " + data.get("eta0") + "}\n  alpha: {values: " + data.get("alpha") + "}\n"
                + "  loss: {values: " + data.get("loss") + "}\n";
        Map<String, Pruner> pruners = new java.util.LinkedHashMap<>();
        pruners.put("none", null);
        pruners.put(
                "hyperband min_iter=3 eta=3",
                PrunerSpec.of("hyperband:min_iter=3,eta=3", null).orElseThrow());
        pruners.put(
                "median startup=5 warmup=3",
                PrunerSpec.of("median:startup=5,warmup=3", null).orElseThrow());
        System.out.printf(
                Locale.ROOT,
                "%d curves x %d epochs; %d trials, %d at a time, %d seeds per row%n",
                curves.size(),
                data.get("epochs").asInt(),
                TRIALS,
                PARALLEL,
                SEEDS);
        for (String method : List.of("random", "bayes")) {
            SearchSpace space = SpaceParser.parse("method: " + method + "\n" + config);
            Outcome[] none = new Outcome[SEEDS];
            for (var p : pruners.entrySet()) {
                double seconds = 0, best = 0, trials = 0, pruned = 0, sameBest = 0, budgetBest = 0;
                for (int seed = 1; seed <= SEEDS; seed++) {
                    Outcome o = replay(space, method, seed, p.getValue(), curves, TRIALS, Double.POSITIVE_INFINITY);
                    if (p.getValue() == null) {
                        none[seed - 1] = o;
                    }
                    seconds += o.seconds() / SEEDS;
                    best += o.best() / SEEDS;
                    trials += o.trials() / (double) SEEDS;
                    pruned += o.pruned() / (double) SEEDS;
                    sameBest += o.best() <= none[seed - 1].best() + 1e-12 ? 1 : 0;
                    budgetBest += replay(space, method, seed, p.getValue(), curves, 10_000, none[seed - 1].seconds())
                                    .best()
                            / SEEDS;
                }
                System.out.printf(
                        Locale.ROOT,
                        "%-7s %-28s trial-seconds %6.1f (%5.1f%% of none), pruned %4.1f of %d, "
                                + "best %.4f, as good as none in %2d/%d; with none's seconds: best %.4f%n",
                        method,
                        p.getKey(),
                        seconds,
                        100 * seconds / mean(none),
                        pruned,
                        (int) trials,
                        best,
                        (int) sameBest,
                        SEEDS,
                        budgetBest);
            }
        }
    }

    private static double mean(Outcome[] os) {
        double s = 0;
        for (Outcome o : os) {
            s += o.seconds() / os.length;
        }
        return s;
    }

    /** One sweep, event by event: stops after maxTrials trials or once budget trial-seconds are spent. */
    static Outcome replay(
            SearchSpace space,
            String method,
            long seed,
            Pruner pruner,
            Map<String, Curve> curves,
            int maxTrials,
            double budget) {
        Study study = Study.create(space, Sampler.forMethod(method, seed), Goal.MINIMIZE);
        Map<Integer, SortedMap<Long, Double>> logged = new HashMap<>();
        Map<Integer, Curve> curveOf = new HashMap<>();
        PriorityQueue<double[]> events = new PriorityQueue<>((a, b) -> Double.compare(a[0], b[0])); // {time, trial}
        double now = 0;
        double spent = 0;
        int running = 0;
        int pruned = 0;
        while (true) {
            while (running < PARALLEL && study.trials().size() < maxTrials && spent < budget) {
                Trial t = study.ask();
                Curve c = curves.get(key(t.getDouble("eta0"), t.getDouble("alpha"), t.getString("loss")));
                curveOf.put(t.number(), c);
                logged.put(t.number(), new TreeMap<>());
                events.add(new double[] {now + c.seconds()[0], t.number()});
                running++;
            }
            double[] e = events.poll();
            if (e == null) {
                break;
            }
            now = e[0];
            int n = (int) e[1];
            Curve c = curveOf.get(n);
            SortedMap<Long, Double> values = logged.get(n);
            int epoch = values.size();
            values.put((long) epoch, c.values()[epoch]);
            spent += c.seconds()[epoch];
            Trial t = study.trial(n);
            if (epoch + 1 == c.values().length) {
                study.tell(t, c.values()[epoch]);
                running--;
                continue;
            }
            boolean stopped = false;
            if (pruner != null) {
                List<TrialCurve> view = new ArrayList<>();
                for (Trial u : study.trials()) {
                    view.add(new TrialCurve(u.number(), u.state(), logged.get(u.number()), u.number() == n ? 1 : 0));
                }
                for (RungDecision d : pruner.decide(Goal.MINIMIZE, view)) {
                    Trial victim = study.trial(d.trial());
                    study.prune(
                            victim,
                            logged.get(d.trial()).get(logged.get(d.trial()).lastKey()),
                            d.reason("val_error"));
                    events.removeIf(ev -> (int) ev[1] == d.trial());
                    running--;
                    pruned++;
                    stopped |= d.trial() == n;
                }
            }
            if (!stopped) {
                events.add(new double[] {now + c.seconds()[epoch + 1], n});
            }
        }
        double best = study.best().map(Trial::value).orElse(Double.NaN);
        return new Outcome(spent, best, study.trials().size(), pruned);
    }

    private static String key(double eta0, double alpha, String loss) {
        return eta0 + "/" + alpha + "/" + loss;
    }

    private static double[] doubles(JsonNode a) {
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).asDouble();
        }
        return out;
    }
}
