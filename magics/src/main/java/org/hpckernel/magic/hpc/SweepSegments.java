package org.hpckernel.magic.hpc;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hpckernel.cluster.Cluster;
import org.hpckernel.cluster.JobSpec;
import org.hpckernel.cluster.Shell;
import org.hpckernel.magic.MagicException;
import org.hpckernel.sweep.SegmentResults;
import org.hpckernel.sweep.SegmentSpec;
import org.hpckernel.sweep.SegmentStore;
import org.hpckernel.sweep.SegmentedConfig;
import org.hpckernel.sweep.SegmentedSweeps;
import org.hpckernel.sweep.SweepDefinition;
import org.hpckernel.sweep.SweepRun;
import org.hpckernel.sweep.Sweeps;
import tech.tablesaw.api.Table;

/**
 * {@code %%hpc sweep} with a {@code segments:} cell (PanDA's segmented HPO): one sweep per segment, each
 * built with the cell's options as a sweep of its own, its own metric and command overriding them, all
 * within --parallel trials at once. Results and resume of any segment's id take the whole group.
 */
final class SweepSegments {

    private SweepSegments() {}

    /** Starts the segments of the cell; the cell shows one progress line per segment. */
    static Object start(SweepCommand options, String config) throws IOException {
        List<SegmentedSweeps.Segment> segments = segments(options, config);
        int trials = segments.stream()
                .mapToInt(s -> s.definition().steering().maxPoints())
                .sum();
        HpcMagic parent = options.parent;
        Cluster cluster = options.profile.cluster(parent.hpc.get());
        if (parent.context != null) {
            JobSpec template = segments.get(0).definition().template();
            parent.context.print(CostLine.worstCase(cluster, template, trials, "trials"));
        }
        SegmentedSweeps.Started started;
        try {
            started = SegmentedSweeps.of(parent.hpc.get()).start(cluster, segments, options.parallel);
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw new MagicException(e.getMessage());
        }
        if (parent.context != null) {
            StringBuilder out =
                    new StringBuilder("Segmented sweep " + started.group().id() + ": ");
            for (SegmentStore.Member m : started.group().members()) {
                out.append(m.position() == 0 ? "" : ", ")
                        .append(m.segment())
                        .append(" (sweep ")
                        .append(m.sweepId())
                        .append(')');
            }
            out.append("; at most ")
                    .append(options.parallel)
                    .append(" trials at once in all. %hpc sweep results ")
                    .append(started.group().id())
                    .append(" shows every segment and the best of each.\n");
            parent.context.print(out.toString());
            for (SweepRun run : started.runs()) {
                SweepCommand.live(parent, run);
            }
        }
        return null;
    }

    /** One sweep definition per segment, every one checked; nothing is recorded or submitted. */
    static List<SegmentedSweeps.Segment> segments(SweepCommand options, String config) {
        List<SegmentSpec> specs;
        try {
            specs = SegmentedConfig.parse(config);
        } catch (IllegalArgumentException e) {
            throw new MagicException("Segmented sweep config: " + e.getMessage());
        }
        if (options.parallel < 1) {
            throw new MagicException("--parallel must be at least 1, got " + options.parallel);
        }
        String base = options.name != null ? options.name : "segments";
        List<SegmentedSweeps.Segment> segments = new ArrayList<>();
        for (SegmentSpec spec : specs) {
            SweepDefinition d;
            try {
                d = withSegment(one(options, spec, base).definition(spec.config()), spec);
            } catch (MagicException e) {
                throw new MagicException("Segment '" + spec.name() + "': " + e.getMessage());
            }
            segments.add(new SegmentedSweeps.Segment(spec.name(), d));
        }
        return segments;
    }

    /** The cell's options for one segment: its own name, metric, goal, command and trials where it gives them. */
    private static SweepCommand one(SweepCommand o, SegmentSpec spec, String base) {
        SweepCommand c = copy(o); // parallel stays: each segment's array throttle, the shared budget keeps the sum
        c.maxTrials = spec.maxTrials() != null ? spec.maxTrials() : o.maxTrials;
        c.seed = o.seed == null ? null : o.seed + spec.position();
        c.method = spec.method() != null ? spec.method() : o.method;
        c.metric = spec.metric() != null ? spec.metric() : o.metric;
        c.goal = spec.goal() != null ? spec.goal().name() : o.goal;
        String command = spec.command() != null ? spec.command() : o.command;
        c.command = command == null ? null : command.replace("%SEGMENT_NAME", Shell.quote(spec.name()));
        c.name = base + "-" + spec.name();
        return c;
    }

    /** Every option of the cell, as picocli set it (options added to SweepCommand later included). */
    private static SweepCommand copy(SweepCommand o) {
        SweepCommand c = new SweepCommand();
        for (java.lang.reflect.Field f : SweepCommand.class.getDeclaredFields()) {
            if (java.lang.reflect.Modifier.isStatic(f.getModifiers())) {
                continue;
            }
            try {
                f.setAccessible(true);
                f.set(c, f.get(o));
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("cannot copy the sweep option " + f.getName(), e);
            }
        }
        return c;
    }

    /** The segment's trials see its name, id and PanDA files in their environment. */
    private static SweepDefinition withSegment(SweepDefinition d, SegmentSpec spec) {
        JobSpec template = d.template().toBuilder()
                .env("HPC_SEGMENT", spec.name())
                .env("HPC_SEGMENT_ID", String.valueOf(spec.position()))
                .env("HPC_SEGMENT_FILES", filesJson(spec.files()))
                .build();
        return d.withTemplate(template);
    }

    private static String filesJson(List<String> files) {
        try {
            return org.hpckernel.Json.plain().writeValueAsString(files);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The group of sweep {@code id}, if it is a segment of one. */
    static Optional<SegmentStore.Group> group(HpcMagic parent, int id) throws IOException {
        return SegmentedSweeps.of(parent.hpc.get()).group(id);
    }

    /** Every segment's table shown above; the best-per-segment table is the cell's value. */
    static Table results(HpcMagic parent, Sweeps sweeps, SegmentStore.Group group) throws IOException {
        Map<String, Table> tables = SegmentResults.perSegment(sweeps, group);
        if (parent.context != null) {
            for (Table t : tables.values()) {
                parent.context.print(t.name() + "\n");
                parent.context.show(t);
            }
        }
        return SegmentResults.bestPerSegment(sweeps, group);
    }

    /** Stops every segment still steered or running; one progress line per segment. */
    static String stop(Sweeps sweeps, SegmentStore.Group group) throws IOException, InterruptedException {
        StringBuilder out = new StringBuilder();
        for (SegmentStore.Member m : group.members()) {
            String state = sweeps.progress(m.sweepId()).state();
            if (!state.equals("DONE") && !state.equals("STOPPED")) {
                sweeps.stop(m.sweepId());
            }
            out.append(m.segment())
                    .append(": ")
                    .append(sweeps.progress(m.sweepId()).line())
                    .append('\n');
        }
        return out.toString();
    }

    /** Steers every segment of the group again within its budget; one progress line per segment. */
    static Object resume(HpcMagic parent, SegmentStore.Group group, java.util.function.UnaryOperator<JobSpec> change)
            throws IOException {
        for (SweepRun run : SegmentedSweeps.of(parent.hpc.get()).resume(group, change)) {
            SweepCommand.live(parent, run);
        }
        return null;
    }
}
