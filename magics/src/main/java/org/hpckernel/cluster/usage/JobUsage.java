package org.hpckernel.cluster.usage;

import java.time.Duration;
import java.util.Optional;
import org.hpckernel.cluster.JobId;

/**
 * What one job (or array task) was given and what it used, as the scheduler's accounting tells it.
 * Empty means the scheduler did not say; {@code note} says why when that is worth knowing.
 *
 * @param state          the scheduler's own word for how it ended (or that it runs)
 * @param elapsed        wall-clock time so far or in all
 * @param timeLimit      the limit it ran under; empty when unlimited or not known
 * @param cpus           CPUs (cores, slots) allocated to it, all nodes together
 * @param cpuTime        user + system CPU time of all its processes
 * @param peakMemory     bytes: the largest of its steps' peaks (each step's tasks added up)
 * @param memoryRequest  bytes it was allowed in all; empty when it asked for no limit
 * @param gpus           GPUs allocated
 * @param nodes          nodes allocated
 * @param memoryKind     what {@code peakMemory} measures: {@code RSS}, or {@code virtual} on Grid Engine
 * @param partition      the partition (queue) it ran in, for per-partition prices; empty when not known
 */
public record JobUsage(
        JobId id,
        String state,
        Duration elapsed,
        Optional<Duration> timeLimit,
        int cpus,
        Optional<Duration> cpuTime,
        Optional<Long> peakMemory,
        Optional<Long> memoryRequest,
        int gpus,
        int nodes,
        String memoryKind,
        String partition,
        String note) {

    public JobUsage {
        cpus = Math.max(1, cpus); // seff: 0 CPUs (never started) counts as one
        nodes = Math.max(1, nodes);
        note = note == null ? "" : note;
        partition = partition == null ? "" : partition;
    }

    /** CPU time over the CPU time it could have had (elapsed × CPUs), as seff computes it; empty before it ran. */
    public Optional<Double> cpuEfficiency() {
        if (cpuTime.isEmpty() || elapsed.isZero()) {
            return Optional.empty();
        }
        return Optional.of(cpuTime.get().toMillis() / (double) coreWalltime().toMillis());
    }

    /** Elapsed × CPUs: what seff prints as "of X core-walltime". */
    public Duration coreWalltime() {
        return elapsed.multipliedBy(cpus);
    }

    /** Peak over what was asked; above 1 when a scheduler that does not enforce memory let it use more. */
    public Optional<Double> memoryEfficiency() {
        if (peakMemory.isEmpty() || memoryRequest.isEmpty() || memoryRequest.get() <= 0) {
            return Optional.empty();
        }
        return Optional.of(peakMemory.get() / (double) memoryRequest.get());
    }

    /** Elapsed over the time limit. */
    public Optional<Double> timeUsed() {
        if (timeLimit.isEmpty() || timeLimit.get().isZero()) {
            return Optional.empty();
        }
        return Optional.of(elapsed.toMillis() / (double) timeLimit.get().toMillis());
    }

    /** Whether it has not started: nothing was used, there is nothing to judge. */
    public boolean notStarted() {
        return elapsed.isZero() && cpuTime.map(Duration::isZero).orElse(true);
    }
}
