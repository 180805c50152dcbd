package org.hpckernel.cluster.usage;

import java.time.Duration;
import java.util.Collection;
import java.util.Optional;
import org.hpckernel.cluster.JobSpec;
import org.hpckernel.cluster.profile.PriceTable;

/**
 * Resources held over time (node-, core- and GPU-hours) and, with a price table, what they cost.
 * What was spent is the time each job or task really ran × what it was allocated; the worst case of
 * a submission is what it asks for × its time limit × its array tasks.
 */
public record Charge(double nodeHours, double coreHours, double gpuHours, double cost) {

    public static final Charge NONE = new Charge(0, 0, 0, 0);

    public Charge plus(Charge o) {
        return new Charge(nodeHours + o.nodeHours, coreHours + o.coreHours, gpuHours + o.gpuHours, cost + o.cost);
    }

    /** What these jobs and tasks spent: elapsed × the nodes, cores and GPUs they held, priced by their partitions. */
    public static Charge spent(Collection<JobUsage> used, Optional<PriceTable> price) {
        Charge total = NONE;
        for (JobUsage u : used) {
            total = total.plus(of(u.elapsed(), u.nodes(), u.cpus(), u.gpus(), u.partition(), price));
        }
        return total;
    }

    /**
     * The most {@code spec} can cost: its nodes, cores (tasks × CPUs per task) and GPUs for its whole
     * time limit, for every array task; empty without a time limit (the partition's own limit then
     * applies, which is not known here).
     */
    public static Optional<Charge> worstCase(JobSpec spec, Optional<PriceTable> price) {
        return spec.resources()
                .timeLimit()
                .map(limit -> of(
                                limit,
                                nodes(spec),
                                cores(spec),
                                spec.resources().gpus().map(JobSpec.Gpus::count).orElse(0),
                                spec.partition().orElse(""),
                                price)
                        .times(spec.array().map(JobSpec.ArraySpec::size).orElse(1)));
    }

    public Charge times(int n) {
        return new Charge(nodeHours * n, coreHours * n, gpuHours * n, cost * n);
    }

    static Charge of(Duration held, int nodes, int cores, int gpus, String partition, Optional<PriceTable> price) {
        double hours = held.toMillis() / 3_600_000.0;
        double cost = price.map(p -> p.rates(partition).cost(hours, nodes, cores, gpus))
                .orElse(0.0);
        return new Charge(hours * nodes, hours * cores, hours * gpus, cost);
    }

    static int nodes(JobSpec spec) {
        return spec.resources().nodes().orElse(1);
    }

    /** Tasks × CPUs per task; tasks are {@code --ntasks}, else nodes × tasks per node, else one. */
    static int cores(JobSpec spec) {
        JobSpec.Resources r = spec.resources();
        int tasks = r.tasks()
                .orElseGet(() -> r.tasksPerNode().map(t -> t * nodes(spec)).orElse(1));
        return tasks * r.cpusPerTask().orElse(1);
    }

    /** {@code 2.00 node-h, 16.00 core-h, 2.00 GPU-h = 6.00 points}; the cost only with a price table. */
    public String describe(Optional<PriceTable> price) {
        String hours = PriceTable.number(nodeHours) + " node-h, " + PriceTable.number(coreHours) + " core-h"
                + (gpuHours > 0 ? ", " + PriceTable.number(gpuHours) + " GPU-h" : "");
        return price.map(p -> hours + " = " + p.format(cost)).orElse(hours);
    }
}
