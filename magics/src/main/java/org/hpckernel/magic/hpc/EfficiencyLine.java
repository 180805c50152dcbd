package org.hpckernel.magic.hpc;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.hpckernel.cluster.Cluster;
import org.hpckernel.cluster.JobId;
import org.hpckernel.cluster.usage.ByteSize;
import org.hpckernel.cluster.usage.Charge;
import org.hpckernel.cluster.usage.Clock;
import org.hpckernel.cluster.usage.JobUsage;
import org.hpckernel.cluster.usage.RightSizing;

/**
 * The one line {@code %hpc wait} and {@code %hpc sweep results} end with: how well the jobs (all
 * their tasks together) used what they asked for, and what would have been enough. It never fails
 * the command it ends: a scheduler that cannot say gives "efficiency unavailable: why".
 */
final class EfficiencyLine {

    private EfficiencyLine() {}

    static String of(Cluster cluster, Collection<JobId> ids) {
        try {
            return describe(cluster.usage(ids), cluster)
                    .map(s -> "Efficiency: " + s + "\n")
                    .orElse(
                            "Efficiency unavailable: no accounting record of these jobs yet; `%hpc efficiency` asks again.\n");
        } catch (Exception e) {
            String why = e.getMessage() == null
                    ? e.getClass().getSimpleName()
                    : e.getMessage().strip().split("\n")[0];
            return "Efficiency unavailable: " + why + "\n";
        }
    }

    /** The line for a sweep: all its arrays' tasks together, asked of its profile's scheduler at once. */
    static String ofSweep(org.hpckernel.session.Hpc hpc, org.hpckernel.sweep.Sweeps sweeps, int sweep) {
        try {
            List<JobId> arrays = sweeps.store().batches(sweep).stream()
                    .map(b -> b.jobId())
                    .filter(j -> j != null && !j.isBlank())
                    .map(JobId::of)
                    .toList();
            return arrays.isEmpty() ? "" : of(hpc.cluster(sweeps.record(sweep).profile()), arrays);
        } catch (Exception e) {
            return "Efficiency unavailable: "
                    + (e.getMessage() == null
                            ? e.getClass().getSimpleName()
                            : e.getMessage().strip().split("\n")[0]) + "\n";
        }
    }

    static Optional<String> describe(List<JobUsage> used, Cluster cluster) {
        if (used.isEmpty()) {
            return Optional.empty();
        }
        StringBuilder s = new StringBuilder();
        long cpu = used.stream()
                .mapToLong(u -> u.cpuTime().map(Duration::toMillis).orElse(0L))
                .sum();
        long core = used.stream()
                .filter(u -> u.cpuTime().isPresent())
                .mapToLong(u -> u.coreWalltime().toMillis())
                .sum();
        s.append("CPU ").append(core > 0 ? EfficiencyCommand.percent(cpu / (double) core) : "n/a");
        Optional<Long> peak = used.stream()
                .map(JobUsage::peakMemory)
                .flatMap(Optional::stream)
                .max(Long::compare);
        Optional<Long> asked = used.stream()
                .map(JobUsage::memoryRequest)
                .flatMap(Optional::stream)
                .max(Long::compare);
        s.append(", memory peak ").append(peak.map(ByteSize::format).orElse("n/a"));
        asked.ifPresent(a -> s.append(" of ").append(ByteSize.format(a)));
        Duration longest =
                used.stream().map(JobUsage::elapsed).max(Duration::compareTo).orElse(Duration.ZERO);
        s.append(", ").append(used.size() > 1 ? "longest run " : "ran ").append(Clock.format(longest));
        used.stream()
                .map(JobUsage::timeLimit)
                .flatMap(Optional::stream)
                .max(Duration::compareTo)
                .ifPresent(l -> s.append(" of ").append(Clock.format(l)));
        if (used.size() > 1) {
            s.append(" (").append(used.size()).append(" tasks)");
        }
        cluster.profile()
                .priceOpt()
                .ifPresent(p -> s.append(", spent ")
                        .append(p.format(Charge.spent(used, Optional.of(p)).cost())));
        s.append('.');
        RightSizing.suggest(used).ifPresent(r -> s.append(' ').append(r));
        return Optional.of(s.toString());
    }
}
