package org.hpckernel.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The job settings a script's directives ask for, as they are read one directive at a time; null
 * where the script says nothing. A scratch pad for {@link BatchSystem#read}: the result is a
 * {@link JobSpec}, which is immutable.
 */
public final class JobFields {
    public String name;
    public String stdout;
    public String stderr;
    /** stderr goes to the stdout file ({@code -j oe}, {@code -j y}, {@code #PJM -j}). */
    public Boolean joined;

    public Integer nodes;
    public Integer tasks;
    public Integer tasksPerNode;
    public Integer cpusPerTask;
    public JobSpec.Gpus gpus;
    public String memory;
    public Duration timeLimit;
    public String partition;
    public String account;
    public String qos;
    public JobSpec.ArraySpec array;
    public final List<JobSpec.Dependency> dependencies = new ArrayList<>();
    public String workingDirectory;

    /** The settings a kept directive may hold for us (their absence renders no directive on any scheduler). */
    static final java.util.Set<String> KEEPABLE = java.util.Set.of(
            "nodes",
            "tasks",
            "tasksPerNode",
            "cpusPerTask",
            "gpus",
            "memory",
            "timeLimit",
            "partition",
            "account",
            "qos",
            "array");

    /** Every setting by name, for telling which ones a directive set. */
    java.util.Map<String, Object> values() {
        java.util.Map<String, Object> v = new java.util.HashMap<>();
        v.put("name", name);
        v.put("stdout", stdout);
        v.put("stderr", stderr);
        v.put("joined", joined);
        v.put("nodes", nodes);
        v.put("tasks", tasks);
        v.put("tasksPerNode", tasksPerNode);
        v.put("cpusPerTask", cpusPerTask);
        v.put("gpus", gpus);
        v.put("memory", memory);
        v.put("timeLimit", timeLimit);
        v.put("partition", partition);
        v.put("account", account);
        v.put("qos", qos);
        v.put("array", array);
        v.put("dependencies", List.copyOf(dependencies));
        v.put("workingDirectory", workingDirectory);
        return v;
    }

    /** The same settings of a spec, by name (null where it has none). */
    static java.util.Map<String, Object> values(JobSpec spec) {
        java.util.Map<String, Object> v = new java.util.HashMap<>();
        JobSpec.Resources r = spec.resources();
        v.put("nodes", r.nodes().orElse(null));
        v.put("tasks", r.tasks().orElse(null));
        v.put("tasksPerNode", r.tasksPerNode().orElse(null));
        v.put("cpusPerTask", r.cpusPerTask().orElse(null));
        v.put("gpus", r.gpus().orElse(null));
        v.put("memory", r.memory().orElse(null));
        v.put("timeLimit", r.timeLimit().orElse(null));
        v.put("partition", spec.partition().orElse(null));
        v.put("account", spec.account().orElse(null));
        v.put("qos", spec.qos().orElse(null));
        v.put("array", spec.array().orElse(null));
        return v;
    }

    /** {@code spec} without these settings: kept directive lines hold them instead. */
    static JobSpec without(JobSpec spec, java.util.Set<String> fields) {
        JobSpec.Resources r = spec.resources();
        JobSpec.Resources kept = new JobSpec.Resources(
                fields.contains("nodes") ? java.util.Optional.empty() : r.nodes(),
                fields.contains("tasks") ? java.util.Optional.empty() : r.tasks(),
                fields.contains("tasksPerNode") ? java.util.Optional.empty() : r.tasksPerNode(),
                fields.contains("cpusPerTask") ? java.util.Optional.empty() : r.cpusPerTask(),
                fields.contains("gpus") ? java.util.Optional.empty() : r.gpus(),
                fields.contains("memory") ? java.util.Optional.empty() : r.memory(),
                fields.contains("timeLimit") ? java.util.Optional.empty() : r.timeLimit());
        return new JobSpec(
                spec.name(),
                spec.script(),
                kept,
                fields.contains("partition") ? java.util.Optional.empty() : spec.partition(),
                fields.contains("account") ? java.util.Optional.empty() : spec.account(),
                fields.contains("qos") ? java.util.Optional.empty() : spec.qos(),
                fields.contains("array") ? java.util.Optional.empty() : spec.array(),
                spec.dependencies(),
                spec.environment(),
                spec.modules(),
                spec.container(),
                spec.workingDirectory(),
                spec.stdout(),
                spec.stderr(),
                spec.stagedFiles(),
                spec.params(),
                spec.secrets(),
                spec.chain());
    }

    /** Sets on {@code b} what the directives say and the builder does not: options given to the magic win. */
    void fillAbsent(JobSpec.Builder b) {
        b.fillAbsent(this);
    }
}
