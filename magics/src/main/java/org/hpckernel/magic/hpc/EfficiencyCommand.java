package org.hpckernel.magic.hpc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.hpckernel.cluster.Cluster;
import org.hpckernel.cluster.JobId;
import org.hpckernel.cluster.profile.PriceTable;
import org.hpckernel.cluster.usage.ByteSize;
import org.hpckernel.cluster.usage.Charge;
import org.hpckernel.cluster.usage.Clock;
import org.hpckernel.cluster.usage.JobUsage;
import org.hpckernel.cluster.usage.RightSizing;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** {@code %hpc efficiency ID...}: what jobs used of what they asked for, what to ask next time, and what they cost. */
@Command(
        name = "efficiency",
        description =
                "How well jobs used what they asked for (as seff computes it): CPU efficiency, memory peak "
                        + "against the request, time used against the limit, GPUs; what would have been enough; and what they spent when the profile "
                        + "has a price table. An array's id gives one row per task and a total. One scheduler call for all ids.",
        footer = {
            "",
            "Examples:",
            "  %hpc efficiency 123",
            "  %hpc efficiency 123 124 last",
            "",
            "Right-sizing: memory peak +20% (256M steps under 1G, whole G above); longest run +50% (5/10/15-minute steps);",
            "fewer CPUs only when several were given and under half were busy. The local profile knows elapsed time only."
        })
final class EfficiencyCommand implements Callable<Object> {

    @ParentCommand
    HpcMagic parent;

    @Mixin
    ProfileOption profile = new ProfileOption();

    @Parameters(paramLabel = "ID", arity = "1..*", description = "Job ids, array ids, or last")
    List<String> ids;

    @Override
    public Object call() throws Exception {
        Cluster cluster = profile.cluster(parent.hpc.get());
        List<JobId> jobs = StatusCommand.resolveAll(cluster, ids);
        List<JobUsage> used = cluster.usage(jobs);
        Optional<PriceTable> price = cluster.profile().priceOpt();
        Table table = table(jobs, used, price);
        String text = report(jobs, used, price);
        if (parent.context == null) {
            return table.printAll() + "\n" + text;
        }
        parent.context.show(table);
        return text;
    }

    /** One row per job or task; an array's tasks end with a total row. */
    static Table table(List<JobId> jobs, List<JobUsage> used, Optional<PriceTable> price) {
        Table t = Table.create(
                "efficiency",
                StringColumn.create("job"),
                StringColumn.create("state"),
                StringColumn.create("CPUs"),
                StringColumn.create("CPU efficiency"),
                StringColumn.create("CPU time of core-walltime"),
                StringColumn.create("memory peak"),
                StringColumn.create("memory asked"),
                StringColumn.create("memory used"),
                StringColumn.create("elapsed"),
                StringColumn.create("time limit"),
                StringColumn.create("time used"),
                StringColumn.create("GPUs"),
                StringColumn.create("spent"));
        for (JobId id : jobs) {
            List<JobUsage> mine = mine(id, used);
            mine.forEach(u -> row(t, u.id().value(), u.state(), List.of(u), price));
            if (mine.size() > 1) {
                row(t, id.value() + " total", mine.size() + " tasks", mine, price);
            }
        }
        return t;
    }

    private static void row(Table t, String job, String state, List<JobUsage> us, Optional<PriceTable> price) {
        long cpuMs = us.stream()
                .mapToLong(u -> u.cpuTime().map(Duration::toMillis).orElse(0L))
                .sum();
        long coreMs = us.stream()
                .filter(u -> u.cpuTime().isPresent())
                .mapToLong(u -> u.coreWalltime().toMillis())
                .sum();
        boolean cpuKnown = us.stream().anyMatch(u -> u.cpuTime().isPresent());
        Optional<Long> peak =
                us.stream().map(JobUsage::peakMemory).flatMap(Optional::stream).max(Long::compare);
        Optional<Long> asked = us.stream()
                .map(JobUsage::memoryRequest)
                .flatMap(Optional::stream)
                .max(Long::compare);
        Duration longest =
                us.stream().map(JobUsage::elapsed).max(Duration::compareTo).orElse(Duration.ZERO);
        Optional<Duration> limit =
                us.stream().map(JobUsage::timeLimit).flatMap(Optional::stream).max(Duration::compareTo);
        boolean virtual = us.stream().anyMatch(u -> u.memoryKind().equals("virtual"));
        t.stringColumn("job").append(job);
        t.stringColumn("state").append(state);
        t.stringColumn("CPUs").append(us.size() == 1 ? String.valueOf(us.get(0).cpus()) : "");
        t.stringColumn("CPU efficiency").append(cpuKnown && coreMs > 0 ? percent(cpuMs / (double) coreMs) : "n/a");
        t.stringColumn("CPU time of core-walltime")
                .append(
                        cpuKnown
                                ? Clock.format(Duration.ofMillis(cpuMs)) + " of "
                                        + Clock.format(Duration.ofMillis(coreMs))
                                : "n/a");
        t.stringColumn("memory peak")
                .append(peak.map(p -> ByteSize.format(p) + (virtual ? " (virtual)" : ""))
                        .orElse("n/a"));
        t.stringColumn("memory asked").append(asked.map(ByteSize::format).orElse("n/a"));
        t.stringColumn("memory used")
                .append(
                        peak.isPresent() && asked.isPresent() && asked.get() > 0
                                ? percent(peak.get() / (double) asked.get())
                                : "n/a");
        t.stringColumn("elapsed").append(Clock.format(longest) + (us.size() > 1 ? " (longest)" : ""));
        t.stringColumn("time limit").append(limit.map(Clock::format).orElse("none"));
        t.stringColumn("time used")
                .append(limit.filter(l -> !l.isZero())
                        .map(l -> percent(longest.toMillis() / (double) l.toMillis()))
                        .orElse("n/a"));
        t.stringColumn("GPUs")
                .append(String.valueOf(
                        us.stream().mapToInt(JobUsage::gpus).max().orElse(0)));
        t.stringColumn("spent").append(Charge.spent(us, price).describe(price));
    }

    /** Right-sizing per id asked, the notes of what is not known, and ids accounting has no record of. */
    static String report(List<JobId> jobs, List<JobUsage> used, Optional<PriceTable> price) {
        StringBuilder out = new StringBuilder();
        List<String> missing = new ArrayList<>();
        for (JobId id : jobs) {
            List<JobUsage> mine = mine(id, used);
            if (mine.isEmpty()) {
                missing.add(id.value());
                continue;
            }
            RightSizing.suggest(mine)
                    .ifPresent(s -> out.append(jobs.size() > 1 ? id.value() + ": " : "")
                            .append(s)
                            .append('\n'));
        }
        if (price.isPresent() && !used.isEmpty()) {
            out.append("Spent in all: ")
                    .append(Charge.spent(used, price).describe(price))
                    .append(" (elapsed × allocated).\n");
        }
        Set<String> notes = new LinkedHashSet<>();
        used.stream().map(JobUsage::note).filter(n -> !n.isEmpty()).forEach(notes::add);
        notes.forEach(n -> out.append("Note: ").append(n).append('\n'));
        if (!missing.isEmpty()) {
            out.append("No accounting record for ")
                    .append(String.join(", ", missing))
                    .append(" yet: a job that has not started has none, ")
                    .append("and Grid Engine writes one only when the job ends.\n");
        }
        return out.toString();
    }

    static List<JobUsage> mine(JobId id, List<JobUsage> used) {
        return used.stream()
                .filter(u -> u.id().equals(id)
                        || (id.arrayIndex().isEmpty()
                                && u.id().arrayIndex().isPresent()
                                && u.id().arrayParent().equals(id)))
                .toList();
    }

    static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.2f%%", fraction * 100);
    }
}
