package org.hpckernel.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a job asks of a cluster, independent of the scheduler. Immutable; build one with
 * {@link #builder()} and derive variants with {@link #toBuilder()}.
 *
 * <p>{@code script} is the user's script or command; a scheduler renders it with its directives,
 * environment, modules, container wrapper and exit-file trap around it.
 */
public record JobSpec(
        String name,
        String script,
        Resources resources,
        Optional<String> partition,
        Optional<String> account,
        Optional<String> qos,
        Optional<ArraySpec> array,
        List<Dependency> dependencies,
        Map<String, String> environment,
        List<String> modules,
        Optional<Container> container,
        Optional<String> workingDirectory,
        Optional<String> stdout,
        Optional<String> stderr,
        List<String> stagedFiles,
        Map<String, Object> params,
        List<String> secrets,
        Optional<Integer> chain) {

    public JobSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(script, "script");
        Objects.requireNonNull(resources, "resources");
        dependencies = List.copyOf(dependencies);
        // insertion order is kept: exports run in the order given, params.json reads as written
        environment = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(environment));
        modules = List.copyOf(modules);
        stagedFiles = List.copyOf(stagedFiles);
        params = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(params));
        // names only, never values: a spec stored before secrets existed has none
        secrets = secrets == null ? List.of() : List.copyOf(secrets);
        // a spec stored before chains existed has none
        chain = chain == null ? Optional.empty() : chain;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.name = name;
        b.script = script;
        b.resources = resources;
        b.partition = partition.orElse(null);
        b.account = account.orElse(null);
        b.qos = qos.orElse(null);
        b.array = array.orElse(null);
        b.dependencies.addAll(dependencies);
        b.environment.putAll(environment);
        b.modules.addAll(modules);
        b.container = container.orElse(null);
        b.workingDirectory = workingDirectory.orElse(null);
        b.stdout = stdout.orElse(null);
        b.stderr = stderr.orElse(null);
        b.stagedFiles.addAll(stagedFiles);
        b.params.putAll(params);
        b.secrets.addAll(secrets);
        b.chain = chain.orElse(null);
        return b;
    }

    /** Nodes, tasks, CPUs, GPUs, memory and time; empty means the cluster's default. */
    public record Resources(
            Optional<Integer> nodes,
            Optional<Integer> tasks,
            Optional<Integer> tasksPerNode,
            Optional<Integer> cpusPerTask,
            Optional<Gpus> gpus,
            Optional<String> memory,
            Optional<Duration> timeLimit) {

        public static final Resources DEFAULT = new Resources(
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty());

        Resources with(
                Integer nodes,
                Integer tasks,
                Integer tasksPerNode,
                Integer cpusPerTask,
                Gpus gpus,
                String memory,
                Duration timeLimit) {
            return new Resources(
                    nodes != null ? Optional.of(nodes) : this.nodes,
                    tasks != null ? Optional.of(tasks) : this.tasks,
                    tasksPerNode != null ? Optional.of(tasksPerNode) : this.tasksPerNode,
                    cpusPerTask != null ? Optional.of(cpusPerTask) : this.cpusPerTask,
                    gpus != null ? Optional.of(gpus) : this.gpus,
                    memory != null ? Optional.of(memory) : this.memory,
                    timeLimit != null ? Optional.of(timeLimit) : this.timeLimit);
        }
    }

    /** {@code 2} or {@code a100:2}. */
    public record Gpus(Optional<String> type, int count) {

        public static Gpus parse(String text) {
            int colon = text.lastIndexOf(':');
            try {
                if (colon < 0) {
                    return new Gpus(Optional.empty(), Integer.parseInt(text.strip()));
                }
                return new Gpus(
                        Optional.of(text.substring(0, colon).strip()),
                        Integer.parseInt(text.substring(colon + 1).strip()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("GPUs must be N or TYPE:N (like 2 or a100:2), not '" + text + "'");
            }
        }

        @Override
        public String toString() {
            return type.map(t -> t + ":" + count).orElse(String.valueOf(count));
        }
    }

    /** An array {@code first-last} with an optional step and throttle, as in {@code 1-30%5} or {@code 0-99:2}. */
    public record ArraySpec(int first, int last, int step, Optional<Integer> throttle) {

        public ArraySpec {
            if (first < 0 || last < first || step < 1) {
                throw new IllegalArgumentException(
                        "an array is FIRST-LAST[:STEP][%MAX] with 0 <= FIRST <= LAST, like 1-30%5");
            }
            throttle.ifPresent(t -> {
                if (t < 1) {
                    throw new IllegalArgumentException("an array's %MAX throttle must be at least 1");
                }
            });
        }

        public static ArraySpec parse(String text) {
            String s = text.strip();
            Optional<Integer> throttle = Optional.empty();
            try {
                int pct = s.indexOf('%');
                if (pct >= 0) {
                    throttle = Optional.of(Integer.parseInt(s.substring(pct + 1)));
                    s = s.substring(0, pct);
                }
                int step = 1;
                int colon = s.indexOf(':');
                if (colon >= 0) {
                    step = Integer.parseInt(s.substring(colon + 1));
                    s = s.substring(0, colon);
                }
                int dash = s.indexOf('-');
                if (dash < 0) {
                    int only = Integer.parseInt(s);
                    return new ArraySpec(only, only, step, throttle);
                }
                return new ArraySpec(
                        Integer.parseInt(s.substring(0, dash)),
                        Integer.parseInt(s.substring(dash + 1)),
                        step,
                        throttle);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "an array is FIRST-LAST[:STEP][%MAX], like 1-30%5, not '" + text + "'");
            }
        }

        public int size() {
            return (last - first) / step + 1;
        }

        @Override
        public String toString() {
            return first + "-" + last + (step > 1 ? ":" + step : "")
                    + throttle.map(t -> "%" + t).orElse("");
        }
    }

    /** Runs after another job: {@code afterok} when it succeeded, {@code afterany} whatever its end. */
    public record Dependency(Kind kind, JobId job) {

        public enum Kind {
            AFTER_OK,
            AFTER_ANY
        }

        /**
         * Ids as schedulers print them: Slurm {@code 123} and {@code 123_4}, PBS {@code 123.server},
         * {@code 123[].server} and {@code 123[4].server}, Grid Engine {@code 123} and {@code 123.4}.
         */
        private static final java.util.regex.Pattern ID = java.util.regex.Pattern.compile(
                "\\d{1,18}(?:_\\d{1,9}|\\[\\d{0,9}\\](?:\\.[A-Za-z0-9][A-Za-z0-9.-]*)?|\\.[A-Za-z0-9][A-Za-z0-9.-]*)?");

        /** {@code afterok:123}, {@code afterany:123}, or a bare id meaning afterok; anything else is refused. */
        public static Dependency parse(String text) {
            String s = text.strip();
            int colon = s.indexOf(':');
            String kind = colon < 0 ? "afterok" : s.substring(0, colon).toLowerCase(java.util.Locale.ROOT);
            String id = colon < 0 ? s : s.substring(colon + 1).strip();
            if (!kind.equals("afterok") && !kind.equals("afterany")) {
                throw new IllegalArgumentException(
                        "--after takes afterok:ID, afterany:ID or a bare ID (meaning afterok), not '" + text + "'");
            }
            // a value that is no job id would reach the scheduler's command line, or wait for ever on the local profile
            if (!ID.matcher(id).matches()) {
                throw new IllegalArgumentException(
                        "--after " + text.strip() + ": '" + id + "' is not a job id. A job id looks like 123, "
                                + "123_4 (an array task), 123.server or 123[4].server (PBS); %hpc jobs lists yours.");
            }
            return new Dependency(kind.equals("afterok") ? Kind.AFTER_OK : Kind.AFTER_ANY, JobId.of(id));
        }
    }

    /** An image run as {@code apptainer|singularity exec [--nv] IMAGE}. */
    public record Container(String runtime, String image, boolean nvidia) {}

    public static final class Builder {
        private String name;
        private String script;
        private Resources resources = Resources.DEFAULT;
        private String partition;
        private String account;
        private String qos;
        private ArraySpec array;
        private final List<Dependency> dependencies = new ArrayList<>();
        private final Map<String, String> environment = new LinkedHashMap<>();
        private final List<String> modules = new ArrayList<>();
        private Container container;
        private String workingDirectory;
        private String stdout;
        private String stderr;
        private final List<String> stagedFiles = new ArrayList<>();
        private final Map<String, Object> params = new LinkedHashMap<>();
        private final List<String> secrets = new ArrayList<>();
        private Integer chain;

        private Builder() {}

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder script(String script) {
            this.script = script;
            return this;
        }

        public Builder resources(Resources resources) {
            this.resources = resources;
            return this;
        }

        public Builder nodes(int n) {
            resources = resources.with(n, null, null, null, null, null, null);
            return this;
        }

        public Builder tasks(int n) {
            resources = resources.with(null, n, null, null, null, null, null);
            return this;
        }

        public Builder tasksPerNode(int n) {
            resources = resources.with(null, null, n, null, null, null, null);
            return this;
        }

        public Builder cpusPerTask(int n) {
            resources = resources.with(null, null, null, n, null, null, null);
            return this;
        }

        public Builder gpus(Gpus g) {
            resources = resources.with(null, null, null, null, g, null, null);
            return this;
        }

        public Builder memory(String m) {
            resources = resources.with(null, null, null, null, null, m, null);
            return this;
        }

        public Builder timeLimit(Duration t) {
            resources = resources.with(null, null, null, null, null, null, t);
            return this;
        }

        public Builder partition(String p) {
            this.partition = p;
            return this;
        }

        public Builder account(String a) {
            this.account = a;
            return this;
        }

        public Builder qos(String q) {
            this.qos = q;
            return this;
        }

        public Builder array(ArraySpec a) {
            this.array = a;
            return this;
        }

        public Builder dependency(Dependency d) {
            dependencies.add(d);
            return this;
        }

        public Builder env(String key, String value) {
            environment.put(key, value);
            return this;
        }

        public Builder module(String m) {
            modules.add(m);
            return this;
        }

        public Builder modules(List<String> all) {
            modules.clear();
            modules.addAll(all);
            return this;
        }

        public Builder container(Container c) {
            this.container = c;
            return this;
        }

        public Builder workingDirectory(String dir) {
            this.workingDirectory = dir;
            return this;
        }

        public Builder stdout(String pattern) {
            this.stdout = pattern;
            return this;
        }

        public Builder stderr(String pattern) {
            this.stderr = pattern;
            return this;
        }

        public Builder stage(String path) {
            stagedFiles.add(path);
            return this;
        }

        public Builder param(String key, Object value) {
            params.put(key, value);
            return this;
        }
        /** The NAME of a secret the job gets as an environment variable; its value never enters the spec. */
        public Builder secret(String name) {
            if (!secrets.contains(name)) secrets.add(name);
            return this;
        }
        /**
         * Runs the script as {@code links} links one after the other (an array throttled to one task),
         * each resuming from {@code $HPC_CHAIN_STATE}: for work longer than the wall-time limit. See {@link ChainScript}.
         */
        public Builder chain(int links) {
            this.chain = links;
            return this;
        }

        /** Fills what is still unset from the script's own directives (a scheduler's, or another's). */
        void fillAbsent(JobFields f) {
            Resources r = resources;
            resources = Resources.DEFAULT.with(
                    f.nodes, f.tasks, f.tasksPerNode, f.cpusPerTask, f.gpus, f.memory, f.timeLimit);
            resources = new Resources(
                    r.nodes().or(resources::nodes),
                    r.tasks().or(resources::tasks),
                    r.tasksPerNode().or(resources::tasksPerNode),
                    r.cpusPerTask().or(resources::cpusPerTask),
                    r.gpus().or(resources::gpus),
                    r.memory().or(resources::memory),
                    r.timeLimit().or(resources::timeLimit));
            name = name != null ? name : f.name;
            partition = partition != null ? partition : f.partition;
            account = account != null ? account : f.account;
            qos = qos != null ? qos : f.qos;
            array = array != null ? array : f.array;
            if (dependencies.isEmpty()) {
                dependencies.addAll(f.dependencies);
            }
            workingDirectory = workingDirectory != null ? workingDirectory : f.workingDirectory;
            if (stdout == null && stderr == null) {
                stdout = f.stdout;
                stderr = f.stderr;
            }
        }

        /**
         * The spec; what the builder was not told is taken from the script's own directives, in any
         * scheduler's syntax (the user's lines win over our defaults, options given here over both).
         */
        public JobSpec build() {
            if (script == null || script.isBlank()) {
                throw new IllegalArgumentException("a job needs a script or command");
            }
            ScriptDirectives.read(script).fields().fillAbsent(this);
            if (name == null || name.isBlank()) {
                name = "job";
            }
            if (chain != null) {
                array = chainArray(chain, array);
            }
            return new JobSpec(
                    name,
                    script,
                    resources,
                    Optional.ofNullable(partition),
                    Optional.ofNullable(account),
                    Optional.ofNullable(qos),
                    Optional.ofNullable(array),
                    dependencies,
                    environment,
                    modules,
                    Optional.ofNullable(container),
                    Optional.ofNullable(workingDirectory),
                    Optional.ofNullable(stdout),
                    Optional.ofNullable(stderr),
                    stagedFiles,
                    params,
                    secrets,
                    Optional.ofNullable(chain));
        }

        /** A chain of N links is the array 1-N%1 (task i is link i); another array beside it is refused. */
        private static ArraySpec chainArray(int links, ArraySpec asked) {
            if (links < 1) {
                throw new IllegalArgumentException("--chain takes the number of links, at least 1, not " + links);
            }
            ArraySpec chained = new ArraySpec(1, links, 1, Optional.of(1));
            if (asked != null && !asked.equals(chained)) {
                throw new IllegalArgumentException("--chain " + links + " runs the script as the array " + chained
                        + " (one link at a time), " + "so it cannot also be the array " + asked
                        + " (from --array or the script's own array line): keep one of them.");
            }
            return chained;
        }
    }
}
