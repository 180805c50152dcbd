package org.hpckernel.cluster;

import java.util.List;
import java.util.ServiceLoader;

/**
 * Every batch system on the class path, found through {@link ServiceLoader} (META-INF/services), so the
 * protocol reads a script's directives in any scheduler's syntax without naming the schedulers: they
 * depend on this package, never the other way round.
 */
public final class BatchSystems {

    private static final List<BatchSystem> ALL =
            ServiceLoader.load(BatchSystem.class, BatchSystem.class.getClassLoader()).stream()
                    .map(ServiceLoader.Provider::get)
                    .toList();

    private BatchSystems() {}

    /** In the order of the services file: Slurm, Grid Engine, PBS, PJM. */
    public static List<BatchSystem> all() {
        return ALL;
    }
}
