package org.hpckernel.cluster.usage;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a job (or every task of an array) should have asked for, from what it used, with headroom:
 * <ul>
 * <li>memory: the largest peak × {@value #MEMORY_MARGIN}, rounded up to 256 MiB below 1 GiB and to
 * whole GiB above (never under 256M);</li>
 * <li>time: the longest run × {@value #TIME_MARGIN} (run times vary more than memory does), rounded
 * up to 5 minutes below an hour, 10 minutes below 3 hours, 15 minutes below 12 hours, whole hours above;</li>
 * <li>CPUs: only when several were given and under {@value #LOW_CPU_EFFICIENCY} of them were busy:
 * the CPUs busy on average × {@value #CPU_MARGIN}, rounded up.</li>
 * </ul>
 * A job that hit its time limit, ran out of memory or used more than it asked is told to ask for more, not less.
 */
public final class RightSizing {

    public static final double MEMORY_MARGIN = 1.2;
    public static final double TIME_MARGIN = 1.5;
    public static final double CPU_MARGIN = 1.25;
    public static final double LOW_CPU_EFFICIENCY = 0.5;
    private static final long MIB = 1024L * 1024;
    private static final long GIB = 1024 * MIB;

    private RightSizing() {}

    /** One line such as {@code --mem 3G --time 00:20:00 would have been enough (...)}; empty when nothing can be said. */
    public static Optional<String> suggest(Collection<JobUsage> tasks) {
        List<JobUsage> ran =
                tasks.stream().filter(u -> !u.notStarted() && !isRunning(u)).toList();
        if (ran.isEmpty()) {
            return Optional.empty();
        }
        List<String> options = new ArrayList<>();
        List<String> why = new ArrayList<>();
        List<String> more = new ArrayList<>();
        Optional<Long> peak =
                ran.stream().map(JobUsage::peakMemory).flatMap(Optional::stream).max(Long::compare);
        Optional<Long> asked = ran.stream()
                .map(JobUsage::memoryRequest)
                .flatMap(Optional::stream)
                .max(Long::compare);
        boolean outOfMemory = ran.stream().anyMatch(u -> u.state().startsWith("OUT_OF_MEMORY"));
        if (outOfMemory) {
            more.add("--mem above " + asked.or(() -> peak).map(ByteSize::format).orElse("what it had")
                    + " (it ran out of memory)");
        } else if (peak.isPresent() && peak.get() > 0) {
            long mem = memory(peak.get());
            if (asked.isEmpty() || mem < asked.get()) {
                options.add("--mem " + memoryOption(mem));
                why.add("peak " + ByteSize.format(peak.get()) + " + " + percent(MEMORY_MARGIN - 1));
            } else if (peak.get() > asked.get()) {
                more.add("--mem " + memoryOption(mem) + " (it used " + ByteSize.format(peak.get()) + ", more than the "
                        + ByteSize.format(asked.get()) + " asked)");
            }
        }
        boolean timedOut = ran.stream().anyMatch(u -> u.state().startsWith("TIMEOUT"));
        Duration longest =
                ran.stream().map(JobUsage::elapsed).max(Duration::compareTo).orElse(Duration.ZERO);
        Optional<Duration> limit =
                ran.stream().map(JobUsage::timeLimit).flatMap(Optional::stream).max(Duration::compareTo);
        if (timedOut) {
            more.add("--time above " + Clock.format(limit.orElse(longest)) + " (it hit its time limit)");
        } else if (!longest.isZero()) {
            Duration time = time(longest);
            if (limit.isEmpty() || time.compareTo(limit.get()) < 0) {
                options.add("--time " + Clock.format(time));
                why.add("longest run " + Clock.format(longest) + " + " + percent(TIME_MARGIN - 1));
            }
        }
        int cpus = ran.stream().mapToInt(JobUsage::cpus).max().orElse(1);
        Optional<Double> efficiency = cpuEfficiency(ran);
        if (cpus > 1 && efficiency.isPresent() && efficiency.get() < LOW_CPU_EFFICIENCY) {
            int enough = Math.max(1, (int) Math.ceil(efficiency.get() * cpus * CPU_MARGIN));
            if (enough < cpus) {
                options.add("--cpus " + enough);
                why.add(String.format(Locale.ROOT, "%.1f of %d CPUs busy on average", efficiency.get() * cpus, cpus));
            }
        }
        List<String> lines = new ArrayList<>();
        if (!options.isEmpty()) {
            lines.add(String.join(" ", options) + " would have been enough (" + String.join("; ", why) + ").");
        }
        if (!more.isEmpty()) {
            lines.add("Ask for more: " + String.join("; ", more) + ".");
        }
        return lines.isEmpty() ? Optional.empty() : Optional.of(String.join(" ", lines));
    }

    /** The peak with its margin, rounded up: 256 MiB steps below 1 GiB, whole GiB above. */
    public static long memory(long peakBytes) {
        long want = (long) Math.ceil(peakBytes * MEMORY_MARGIN);
        long step = want <= GIB ? 256 * MIB : GIB;
        return Math.max(256 * MIB, (want + step - 1) / step * step);
    }

    /** {@code 768M} or {@code 3G}. */
    public static String memoryOption(long bytes) {
        return bytes % GIB == 0 ? bytes / GIB + "G" : bytes / MIB + "M";
    }

    /** The run with its margin, rounded up to 5, 10 or 15 minutes or a whole hour by its length. */
    public static Duration time(Duration longest) {
        long want = (long) Math.ceil(longest.toMillis() * TIME_MARGIN / 1000.0);
        long step = want <= 3600 ? 300 : want <= 3 * 3600 ? 600 : want <= 12 * 3600 ? 900 : 3600;
        return Duration.ofSeconds(Math.max(300, (want + step - 1) / step * step));
    }

    /** All tasks' CPU time over all their core-walltime. */
    static Optional<Double> cpuEfficiency(Collection<JobUsage> tasks) {
        long cpu = 0;
        long core = 0;
        for (JobUsage u : tasks) {
            if (u.cpuTime().isPresent()) {
                cpu += u.cpuTime().get().toMillis();
                core += u.coreWalltime().toMillis();
            }
        }
        return core == 0 ? Optional.empty() : Optional.of(cpu / (double) core);
    }

    private static boolean isRunning(JobUsage u) {
        return u.state().startsWith("RUNNING") || u.state().startsWith("PENDING");
    }

    private static String percent(double fraction) {
        return Math.round(fraction * 100) + "%";
    }
}
