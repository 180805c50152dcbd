package org.hpckernel.magic.hpc;

import java.util.Optional;
import org.hpckernel.cluster.Cluster;
import org.hpckernel.cluster.JobSpec;
import org.hpckernel.cluster.profile.PriceTable;
import org.hpckernel.cluster.usage.Charge;

/**
 * The worst case a submission can cost on a profile with a price table: what it asks for × its time
 * limit × its array tasks (× a sweep's trials), as one comment line. Nothing without a price table.
 */
final class CostLine {

    private CostLine() {}

    /** {@code # Worst case: ...} for a job or an array; empty on a profile without prices. */
    static String worstCase(Cluster cluster, JobSpec spec) {
        return worstCase(cluster, spec, 1, "");
    }

    /** The same for {@code runs} runs of {@code spec} (a sweep's trials). */
    static String worstCase(Cluster cluster, JobSpec spec, int runs, String what) {
        Optional<PriceTable> price = cluster.profile().priceOpt();
        if (price.isEmpty()) {
            return "";
        }
        JobSpec withDefaults = cluster.withDefaults(spec);
        int tasks = withDefaults.array().map(JobSpec.ArraySpec::size).orElse(1) * runs;
        return Charge.worstCase(withDefaults, price)
                .map(c ->
                        "# Worst case" + (tasks > 1 ? " (" + tasks + " " + (what.isEmpty() ? "tasks" : what) + ")" : "")
                                + ": " + c.times(runs).describe(price) + " (requested resources × time limit)\n")
                .orElse("# Worst case: not known without --time (the partition's own limit applies)\n");
    }
}
