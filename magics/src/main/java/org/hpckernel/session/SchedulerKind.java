package org.hpckernel.session;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import org.hpckernel.HpcException;
import org.hpckernel.Suggestions;
import org.hpckernel.cluster.*;
import org.hpckernel.cluster.local.LocalScheduler;
import org.hpckernel.cluster.pbs.PbsScheduler;
import org.hpckernel.cluster.pjm.PjmScheduler;
import org.hpckernel.cluster.sge.SgeScheduler;
import org.hpckernel.cluster.slurm.SlurmScheduler;

/** Every scheduler a profile may name: its name, the aliases people use for it, and its hooks. */
// aliases are List.of (immutable); hooks are constructor references that make a new, stateless object each call
@SuppressWarnings("ImmutableEnumChecker")
public enum SchedulerKind {
    SLURM("slurm", List.of(), SlurmScheduler::new),
    SGE("sge", List.of("gridengine", "grid-engine", "uge", "sog", "son-of-gridengine"), SgeScheduler::new),
    PBS("pbs", List.of("pbspro", "pbs-pro", "openpbs", "torque"), PbsScheduler::new),
    PJM("pjm", List.of("fujitsu", "tcs", "fujitsu-tcs"), PjmScheduler::new),
    LOCAL("local", List.of(), null);

    private final String canonical;
    private final List<String> aliases;
    private final Supplier<BatchSystem> hooks;

    SchedulerKind(String canonical, List<String> aliases, Supplier<BatchSystem> hooks) {
        this.canonical = canonical;
        this.aliases = aliases;
        this.hooks = hooks;
    }

    /** The name profiles store: {@code slurm}, {@code sge}, {@code pbs}, {@code pjm}, {@code local}. */
    public String canonicalName() {
        return canonical;
    }

    public List<String> aliases() {
        return aliases;
    }

    /** The batch system's hooks; empty for the local executor, which is not a batch system. */
    public Optional<BatchSystem> batchSystem() {
        return Optional.ofNullable(hooks).map(Supplier::get);
    }

    /** The hooks of every batch system, to read a script's directives in any syntax. */
    public static List<BatchSystem> batchSystems() {
        return Arrays.stream(values()).flatMap(k -> k.batchSystem().stream()).toList();
    }

    /** The scheduler bound to a transport; {@code workRoot} has {@code ~} resolved (the local executor uses it). */
    public Scheduler create(Transport transport, String workRoot) {
        return this == LOCAL
                ? new LocalScheduler(transport, workRoot)
                : new BatchProtocol(batchSystem().orElseThrow(), transport);
    }

    /** A name or alias as typed, any case; an unknown one is refused with the closest name. */
    public static SchedulerKind of(String name) {
        String n = name == null ? "slurm" : name.strip().toLowerCase(Locale.ROOT);
        List<String> all = new ArrayList<>();
        for (SchedulerKind k : values()) {
            if (k.canonical.equals(n) || k.aliases.contains(n)) {
                return k;
            }
            all.add(k.canonical);
            all.addAll(k.aliases);
        }
        throw new HpcException("Unknown scheduler '" + name + "'"
                + Suggestions.closest(n, all)
                        .map(s -> ": did you mean " + s + "?")
                        .orElse("")
                + " Use one of slurm, sge, pbs, pjm, local (aliases: gridengine, openpbs, pbspro, torque, fujitsu).");
    }
}
