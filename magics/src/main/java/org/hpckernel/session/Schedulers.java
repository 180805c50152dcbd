package org.hpckernel.session;

import java.util.Arrays;
import java.util.List;
import org.hpckernel.cluster.*;

/** The scheduler a profile names, bound to its transport and work root (see {@link SchedulerKind}). */
public final class Schedulers {

    /** The names a profile may use; aliases are accepted by {@link #create}. */
    public static final List<String> NAMES = Arrays.stream(SchedulerKind.values())
            .map(SchedulerKind::canonicalName)
            .toList();

    private Schedulers() {}

    /** {@code workRoot} must have {@code ~} resolved; only the local executor uses it. */
    public static Scheduler create(String name, Transport transport, String workRoot) {
        return SchedulerKind.of(name).create(transport, workRoot);
    }
}
