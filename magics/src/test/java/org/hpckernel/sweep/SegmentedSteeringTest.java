package org.hpckernel.sweep;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.hpckernel.cluster.Cluster;
import org.hpckernel.cluster.JobId;
import org.hpckernel.cluster.JobSpec;
import org.hpckernel.cluster.JobState;
import org.hpckernel.cluster.profile.Profile;
import org.hpckernel.ledger.Ledger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Segments steered together against SweepSteererTest's in-memory scheduler, with the real ledger: every
 * step of every segment, the tasks submitted and not finished across all segments stay within the
 * budget, and every segment runs all its trials. Tasks finish in a seeded random order.
 */
class SegmentedSteeringTest {

    @TempDir
    Path tmp;

    Ledger ledger;
    SweepStore store;
    SweepSteererTest.Files fs = new SweepSteererTest.Files();
    SweepSteererTest.FakeScheduler sched = new SweepSteererTest.FakeScheduler();
    Cluster cluster;

    @BeforeEach
    void open() throws IOException {
        ledger = Ledger.open(tmp.resolve("ledger.db"));
        store = new SweepStore(ledger);
        Profile profile =
                new Profile("fake", "localhost", null, null, null, null, null, "slurm", "/w", null, null, List.of());
        cluster = new Cluster(profile, fs, sched, ledger);
    }

    @AfterEach
    void close() {
        ledger.close();
    }

    static SweepDefinition segment(String name, String method, int trials, int budget, int perBatch) {
        String config = "method: " + method + "\nmetric: {name: loss, goal: minimize}\n"
                + "parameters:\n  x: {min: -5.0, max: 5.0}\n";
        Steering steering = new Steering(trials, budget, perBatch, 0, 2 * trials);
        return new SweepDefinition(
                name,
                config,
                null,
                null,
                null,
                7,
                steering,
                3,
                "python3 f.py",
                JobSpec.builder().name(name).script("unused").build());
    }

    /** Array task id -> the sweep folder its result goes to, for every task submitted so far. */
    Map<JobId, String[]> tasks() {
        Map<JobId, String[]> out = new LinkedHashMap<>();
        for (var e : sched.receipts.entrySet()) {
            String batchDir = e.getKey();
            String sweepDir = batchDir.substring(0, batchDir.lastIndexOf('/'));
            String script = sched.submitted
                    .get(Integer.parseInt(e.getValue().value()) - 101)
                    .script();
            List<String> dirs = script.lines()
                    .filter(l -> l.matches("\\d+\\) d=.*"))
                    .map(l -> l.replaceAll("^\\d+\\) d=(\\S+).*", "$1"))
                    .toList();
            for (int i = 0; i < dirs.size(); i++) {
                String[] where = {sweepDir + "/" + dirs.get(i), batchDir, String.valueOf(i)};
                out.put(JobId.of(e.getValue().value() + "_" + i), where);
            }
        }
        return out;
    }

    int inFlight() {
        return (int) tasks().keySet().stream()
                .filter(id -> !sched.states.containsKey(id))
                .count();
    }

    void finish(JobId id, String[] where) {
        sched.states.put(id, JobState.COMPLETED);
        Map<String, Object> point = ParamsTable.row(fs.text(where[1] + "/points.jsonl"), Integer.parseInt(where[2]));
        double x = ((Number) point.get("x")).doubleValue();
        fs.write(where[0] + "/result.json", ("{\"loss\":" + x * x + "}").getBytes(StandardCharsets.UTF_8), 0644);
    }

    void steerTogether(int budget, List<SweepDefinition> defs) throws IOException {
        ParallelismBudget shared = new ParallelismBudget(
                budget, defs.stream().map(SweepDefinition::name).toList());
        List<SweepSteerer> steerers = new ArrayList<>();
        for (SweepDefinition d : defs) {
            SweepStore.SweepRecord rec = store.create("fake", d, "/w");
            SweepSteerer s = new SweepSteerer(d.newStudy(), d, cluster, rec.directory(), store.journal(rec.id()));
            steerers.add(s.sharing(shared.share(d.name())));
        }
        Random random = new Random(42);
        int maxSeen = 0;
        int[] firstAsked = new int[defs.size()];
        for (int round = 0; round < 500 && !steerers.stream().allMatch(SweepSteerer::done); round++) {
            for (int i = 0; i < steerers.size(); i++) {
                steerers.get(i).step();
                maxSeen = Math.max(maxSeen, inFlight());
                assertTrue(inFlight() <= budget, "round " + round + ": " + inFlight() + " in flight, budget " + budget);
                if (firstAsked[i] == 0 && !steerers.get(i).study().trials().isEmpty()) {
                    firstAsked[i] = round + 1;
                }
            }
            // about half of what runs finishes before the next round, in no particular segment's order
            for (var e : tasks().entrySet()) {
                if (!sched.states.containsKey(e.getKey()) && random.nextBoolean()) {
                    finish(e.getKey(), e.getValue());
                }
            }
        }
        assertEquals(budget, maxSeen, "the budget was used in full");
        for (int i = 0; i < steerers.size(); i++) {
            SweepSteerer s = steerers.get(i);
            assertTrue(s.done(), defs.get(i).name() + " did not finish");
            assertEquals(
                    defs.get(i).steering().maxPoints(),
                    s.study().count(TrialState.COMPLETE),
                    defs.get(i).name());
            assertTrue(
                    firstAsked[i] > 0 && firstAsked[i] <= 1 + defs.size(),
                    defs.get(i).name() + " first asked in round " + firstAsked[i]);
        }
    }

    @Test
    void twoRandomSegmentsShareTwoSlots() throws IOException {
        steerTogether(2, List.of(segment("cnn", "random", 8, 2, 8), segment("bdt", "random", 8, 2, 8)));
    }

    @Test
    void moreSegmentsThanSlotsAllProgressWithBayesAndRandomMixed() throws IOException {
        steerTogether(
                2,
                List.of(
                        segment("a", "bayes", 5, 2, 2),
                        segment("b", "random", 6, 2, 6),
                        segment("c", "bayes", 4, 2, 2)));
    }

    @Test
    void anUnevenBudgetIsFilled() throws IOException {
        steerTogether(5, List.of(segment("a", "random", 9, 5, 9), segment("b", "bayes", 7, 5, 5)));
    }
}
