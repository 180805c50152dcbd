package org.hpckernel.sweep;

import java.io.IOException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.hpckernel.cluster.Cluster;
import org.hpckernel.cluster.JobSpec;
import org.hpckernel.session.Hpc;

/**
 * Segmented sweeps (PanDA's segmented HPO): one steered sweep per segment, each with its own search
 * space, objective, trials and folder, all within one {@link ParallelismBudget}. Each segment is an
 * ordinary sweep in the ledger, so status, results and resume work per segment as for any sweep; the
 * {@link SegmentStore} groups them so that results and resume can take the whole group.
 */
public final class SegmentedSweeps {

    private static final IdentityHashMap<Hpc, SegmentedSweeps> SESSIONS = new IdentityHashMap<>();

    private final Sweeps sweeps;
    private final SegmentStore store;
    private final Map<Integer, ParallelismBudget> budgets = new TreeMap<>();

    SegmentedSweeps(Sweeps sweeps, SegmentStore store) {
        this.sweeps = sweeps;
        this.store = store;
    }

    public static synchronized SegmentedSweeps of(Hpc hpc) throws IOException {
        SegmentedSweeps s = SESSIONS.get(hpc);
        if (s == null) {
            s = new SegmentedSweeps(Sweeps.of(hpc), new SegmentStore(hpc.ledger()));
            SESSIONS.put(hpc, s);
        }
        return s;
    }

    /** A segment to start: its name and the sweep definition built from it. */
    public record Segment(String name, SweepDefinition definition) {}

    /** The group and the runs of its segments, in cell order. */
    public record Started(SegmentStore.Group group, List<SweepRun> runs) {}

    /**
     * Records and starts every segment, all sharing {@code budget} trials at once. Every definition is
     * checked before anything is submitted; a segment the scheduler refuses leaves the others running,
     * and the message says which ones and how to resume the group.
     */
    public synchronized Started start(Cluster cluster, List<Segment> segments, int budget) throws IOException {
        for (Segment s : segments) {
            s.definition().newStudy(); // a bad space fails here, before any segment is submitted
        }
        ParallelismBudget shared = new ParallelismBudget(
                budget, segments.stream().map(Segment::name).toList());
        List<SweepRun> runs = new ArrayList<>();
        int group = -1;
        for (int i = 0; i < segments.size(); i++) {
            Segment s = segments.get(i);
            SweepRun run;
            try {
                run = sweeps.start(cluster, s.definition(), shared.share(s.name()));
            } catch (RuntimeException refused) {
                // the segment is recorded (FAILED) by Sweeps: keep it in the group so that resume takes it too
                Optional<Integer> recorded = group >= 0 ? newest(s.definition().name()) : Optional.empty();
                if (recorded.isPresent()) {
                    add(group, recorded.get(), s.name(), i, budget);
                }
                shared.leave(s.name());
                throw new IllegalStateException(
                        "segment '" + s.name() + "' could not start: " + refused.getMessage()
                                + (group < 0
                                        ? ""
                                        : "\nThe segments before it run as segmented sweep " + group
                                                + "; once this is fixed, %hpc sweep resume " + group
                                                + " steers them all again."),
                        refused);
            }
            if (group < 0) {
                group = run.id();
            }
            add(group, run.id(), s.name(), i, budget);
            leaveWhenEnded(shared, s.name(), run);
            runs.add(run);
        }
        budgets.put(group, shared);
        return new Started(store.groupOf(group).orElseThrow(), List.copyOf(runs));
    }

    /** The segmented sweep that sweep {@code id} is part of (any segment's id, or the group's). */
    public Optional<SegmentStore.Group> group(int id) throws IOException {
        return store.groupOf(id);
    }

    /** Steers every segment of the group again, with one fresh budget (running trials count against it at once). */
    public synchronized List<SweepRun> resume(SegmentStore.Group group, UnaryOperator<JobSpec> changeTemplate)
            throws IOException {
        // segments this kernel still steers keep reporting to the budget they have: the resumed ones join it
        ParallelismBudget existing = budgets.get(group.id());
        ParallelismBudget shared = existing != null ? existing : new ParallelismBudget(group.budget(), group.names());
        for (SegmentStore.Member m : group.members()) {
            if (sweeps.run(m.sweepId()).map(r -> !r.progress().ended()).orElse(false)) {
                continue;
            }
            // trials still running hold their slots before any segment asks: the first one resumed must not take them
            long running = sweeps.store().trials(m.sweepId()).stream()
                    .filter(t -> t.state() == TrialState.RUNNING)
                    .count();
            shared.hold(m.segment(), (int) running);
        }
        List<SweepRun> runs = new ArrayList<>();
        for (SegmentStore.Member m : group.members()) {
            SweepRun run = sweeps.resume(m.sweepId(), changeTemplate, shared.share(m.segment()));
            leaveWhenEnded(shared, m.segment(), run);
            runs.add(run);
        }
        budgets.put(group.id(), shared);
        return runs;
    }

    /** The budget this kernel steers the group with, if it does. */
    public synchronized Optional<ParallelismBudget> budget(int group) {
        return Optional.ofNullable(budgets.get(group));
    }

    private static void leaveWhenEnded(ParallelismBudget shared, String name, SweepRun run) {
        run.onProgress(p -> {
            if (p.ended()) {
                shared.leave(name);
            }
        });
        if (run.progress().ended()) {
            shared.leave(name);
        }
    }

    private void add(int group, int sweepId, String name, int position, int budget) {
        try {
            store.add(group, sweepId, name, position, budget);
        } catch (IOException e) {
            throw new IllegalStateException(
                    "segment '" + name + "' (sweep " + sweepId + ") runs, "
                            + "but the ledger could not "
                            + "record it as part of segmented sweep " + group + ": " + e.getMessage(),
                    e);
        }
    }

    private Optional<Integer> newest(String name) {
        try {
            return sweeps.store().sweeps().stream()
                    .filter(r -> r.name().equals(name))
                    .map(SweepStore.SweepRecord::id)
                    .findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
