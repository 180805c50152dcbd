package org.hpckernel.cluster;

import org.hpckernel.cluster.local.LocalScheduler;
import org.hpckernel.cluster.pbs.PbsScheduler;
import org.hpckernel.cluster.pjm.PjmScheduler;
import org.hpckernel.cluster.sge.SgeScheduler;
import org.hpckernel.cluster.slurm.SlurmScheduler;
import org.hpckernel.magic.MagicException;

import java.util.List;
import java.util.Locale;

/** The scheduler a profile names, bound to its transport and work root. */
public final class Schedulers {

    /** The names a profile may use; aliases are accepted by {@link #create}. */
    public static final List<String> NAMES = List.of("slurm", "sge", "pbs", "pjm", "local");

    private Schedulers() {
    }

    /**
     * {@code slurm}, {@code sge} (also {@code gridengine}, {@code uge}), {@code pbs} ({@code pbspro},
     * {@code openpbs}), {@code pjm} ({@code fujitsu}, {@code tcs}) or {@code local}.
     * {@code workRoot} must have {@code ~} resolved; only the local executor uses it.
     */
    public static Scheduler create(String name, Transport transport, String workRoot) {
        String n = name == null ? "slurm" : name.strip().toLowerCase(Locale.ROOT);
        return switch (n) {
            case "slurm" -> new SlurmScheduler(transport);
            case "sge", "gridengine", "grid-engine", "uge", "sog" -> new SgeScheduler(transport);
            case "pbs", "pbspro", "pbs-pro", "openpbs" -> new PbsScheduler(transport);
            case "pjm", "fujitsu", "tcs", "fujitsu-tcs" -> new PjmScheduler(transport);
            case "local" -> new LocalScheduler(transport, workRoot);
            default -> throw new MagicException("Unknown scheduler '" + name + "': use one of " + String.join(", ", NAMES)
                    + " (%hpc profile add NAME ... --scheduler sge).");
        };
    }
}
