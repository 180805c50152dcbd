package org.hpckernel.cluster;

import java.time.Duration;
import java.util.Optional;

/**
 * One partition (Slurm), queue (Grid Engine, PBS) or resource group (PJM), for
 * {@code %hpc partitions}. Limits are as the scheduler states them; {@code maxMemory} and
 * {@code gpus} keep its own wording ({@code 21694M per node}, {@code h_vmem 4G}) because the
 * schedulers mean different things by them. Empty means "not limited" for {@code maxTime} and
 * "not shown" for {@code nodes}.
 */
public record Partition(
        String name,
        boolean isDefault,
        boolean up,
        Optional<Duration> maxTime,
        String maxMemory,
        String gpus,
        String cpus,
        Optional<Nodes> nodes,
        String note) {

    /** Node counts: free (idle), used (allocated or mixed), down (drained, down or otherwise unusable), total. */
    public record Nodes(int free, int used, int down, int total) {}
}
