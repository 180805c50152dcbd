package org.hpckernel.sweep;

import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import org.hpckernel.cluster.JobSpec;

/**
 * Everything needed to steer a sweep, and to steer it again after a restart: the config as the user
 * pasted it, what overrides it (method, metric, goal, command), the seed, the steering limits and the
 * job template of every array. Stored in the ledger as JSON; immutable.
 *
 * @param config  a W&B sweep config (YAML/JSON), a phpo search space or HPC-Ops params, as pasted
 * @param method  grid, random, bayes/tpe; null = the config's (random for formats without one)
 * @param metric  the objective's name in result.json; null = the config's (loss)
 * @param goal    null = the config's (minimize)
 * @param command a shell line run in each trial's folder, W&B macros such as ${args} expanded per
 *                trial; null = the config's command/program
 * @param template resources and environment of every array; its script and array are replaced
 * @param prune   the --prune option (median[:...], hyperband:..., none); null = the config's early_terminate
 *                (absent from definitions recorded before pruning existed: they read back as null)
 */
public record SweepDefinition(
        String name,
        String config,
        String method,
        String metric,
        Goal goal,
        long seed,
        Steering steering,
        int maxAttempts,
        String command,
        JobSpec template,
        String prune) {

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = org.hpckernel.Json.records();

    @com.fasterxml.jackson.annotation.JsonCreator
    public SweepDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(steering, "steering");
        Objects.requireNonNull(template, "template");
        if (maxAttempts < 1) throw new IllegalArgumentException("max attempts must be >= 1, got " + maxAttempts);
        if (command != null && command.isBlank()) command = null;
        if (prune != null && prune.isBlank()) prune = null;
    }

    /** Without --prune: the config's early_terminate, if any, decides. */
    public SweepDefinition(
            String name,
            String config,
            String method,
            String metric,
            Goal goal,
            long seed,
            Steering steering,
            int maxAttempts,
            String command,
            JobSpec template) {
        this(name, config, method, metric, goal, seed, steering, maxAttempts, command, template, null);
    }

    /**
     * A definition built by name: the config as pasted, then only what differs from the defaults (the
     * config's method, metric and goal; 20 trials, 4 at a time; 3 attempts; a random seed, recorded).
     */
    public static Builder builder(String name, String config) {
        return new Builder(name, config);
    }

    /** Named settings instead of 11 positional ones. */
    public static final class Builder {
        private final String name;
        private final String config;
        private String method;
        private String metric;
        private Goal goal;
        private long seed = java.util.concurrent.ThreadLocalRandom.current().nextLong(1, 1_000_000);
        private Steering steering = Steering.of(20, 4);
        private int maxAttempts = 3;
        private String command;
        private JobSpec template;
        private String prune;

        private Builder(String name, String config) {
            this.name = name;
            this.config = config;
        }

        /** grid, random, bayes/tpe; overrides the config's. */
        public Builder method(String v) {
            method = v;
            return this;
        }

        /** The objective's name in result.json; overrides the config's. */
        public Builder metric(String v) {
            metric = v;
            return this;
        }

        public Builder goal(Goal v) {
            goal = v;
            return this;
        }

        public Builder seed(long v) {
            seed = v;
            return this;
        }

        public Builder steering(Steering v) {
            steering = v;
            return this;
        }

        /** Runs of a trial whose node failed or was preempted. */
        public Builder maxAttempts(int v) {
            maxAttempts = v;
            return this;
        }

        /** The shell line each trial runs, W&B macros such as ${args} expanded; overrides the config's command. */
        public Builder command(String v) {
            command = v;
            return this;
        }

        /** Resources and environment of every array (its script and array are replaced). */
        public Builder template(JobSpec v) {
            template = v;
            return this;
        }

        /** median|hyperband|none[:settings], as {@code --prune}; overrides the config's early_terminate. */
        public Builder prune(String v) {
            prune = v;
            return this;
        }

        public SweepDefinition build() {
            JobSpec t = template != null
                    ? template
                    : JobSpec.builder()
                            .name(name)
                            .script("# replaced by each batch's array script\n")
                            .build();
            return new SweepDefinition(
                    name, config, method, metric, goal, seed, steering, maxAttempts, command, t, prune);
        }
    }

    /** This definition with another job template (resources, environment); everything else as it was. */
    public SweepDefinition withTemplate(JobSpec template) {
        return new SweepDefinition(
                name, config, method, metric, goal, seed, steering, maxAttempts, command, template, prune);
    }

    /** The pruner the steering loop uses: --prune, else the config's early_terminate; empty = none. */
    public java.util.Optional<org.hpckernel.sweep.prune.Pruner> pruner() {
        return org.hpckernel.sweep.prune.PrunerSpec.of(prune, space().earlyTerminate());
    }

    /** The search space: the config parsed in whichever format it is, with this definition's overrides. */
    public SearchSpace space() {
        SearchSpace parsed = SpaceParser.parse(config);
        SearchSpace space = new SearchSpace(
                parsed.params(),
                method != null ? method : parsed.method(),
                metric != null ? metric : parsed.metricName(),
                goal != null ? goal : parsed.goal(),
                parsed.runCap(),
                parsed.command(),
                parsed.program(),
                parsed.earlyTerminate(),
                parsed.conditions());
        if (command == null && space.command().isEmpty() && space.program() == null) {
            throw new IllegalArgumentException(
                    "nothing to run: give --command (a shell line run in each trial's folder, "
                            + "e.g. --command 'python3 train.py ${args}') or put 'program' or 'command' in the sweep config");
        }
        if ("bayes".equals(space.method()) && metric == null && !SpaceParser.hasMetric(config))
            throw new IllegalArgumentException(
                    "method bayes needs 'metric: {name: ..., goal: ...}' in the config (or --metric)");
        Sampler.forMethod(space.method(), seed); // refuses an unknown method now, not in the steering thread
        return space;
    }

    /** A fresh study for this definition (its trials are added back from the ledger on resume). */
    public Study newStudy() {
        SearchSpace space = space();
        return Study.create(space, Sampler.forMethod(space.method(), seed), space.goal());
    }

    /** The shell line trial {@code t} runs. */
    public String commandFor(SearchSpace space, Trial t) {
        Map<String, Object> point = t.params();
        return command != null
                ? RunCommand.expandLine(command, space.program(), point)
                : RunCommand.expand(space.command(), space.program(), point);
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the sweep definition as JSON", e);
        }
    }

    public static SweepDefinition fromJson(String json) throws IOException {
        return JSON.readValue(json, SweepDefinition.class);
    }
}
