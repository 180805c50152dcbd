package org.hpckernel.cluster.profile;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Optional;

/**
 * A named cluster: how to reach it, which scheduler it runs, and defaults for its jobs. The
 * embedded {@code local} profile runs jobs on this machine without SSH.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Profile(
        String name,
        String host,
        Integer port,
        String user,
        String key,
        String jump,
        String knownHosts,
        String scheduler,
        String workdir,
        String partition,
        String account,
        List<String> modules,
        java.util.Map<String, String> environment,
        String images,
        PriceTable price) {

    public static final String LOCAL = "local";

    public Profile {
        modules = modules == null ? List.of() : List.copyOf(modules);
        // defaults for every job of the profile, like WANDB_MODE: online for a cluster whose nodes reach W&B
        environment = environment == null
                ? java.util.Map.of()
                : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(environment));
        if (scheduler == null || scheduler.isBlank()) {
            scheduler = "slurm";
        }
        if (workdir == null || workdir.isBlank()) {
            workdir = "~/hpc-kernel";
        }
    }

    public Profile(
            String name,
            String host,
            Integer port,
            String user,
            String key,
            String jump,
            String knownHosts,
            String scheduler,
            String workdir,
            String partition,
            String account,
            List<String> modules) {
        this(
                name,
                host,
                port,
                user,
                key,
                jump,
                knownHosts,
                scheduler,
                workdir,
                partition,
                account,
                modules,
                java.util.Map.of());
    }

    public Profile(
            String name,
            String host,
            Integer port,
            String user,
            String key,
            String jump,
            String knownHosts,
            String scheduler,
            String workdir,
            String partition,
            String account,
            List<String> modules,
            java.util.Map<String, String> environment) {
        this(
                name,
                host,
                port,
                user,
                key,
                jump,
                knownHosts,
                scheduler,
                workdir,
                partition,
                account,
                modules,
                environment,
                null,
                null);
    }

    /**
     * The folder container images are built into and bare {@code --container NAME.sif} names are
     * found in: the profile's {@code images}, else {@code images} under its work root (so a work
     * root on a scratch or project file system keeps its images there too).
     */
    public String imagesFolder() {
        return images == null || images.isBlank()
                ? (workdir.endsWith("/") ? workdir : workdir + "/") + "images"
                : images;
    }

    /** What the cluster charges, when the user wrote it down ({@code price:} in profiles.yaml, {@code --price}). */
    public Optional<PriceTable> priceOpt() {
        return Optional.ofNullable(price);
    }

    /** A profile built by name, the way profiles.yaml reads: only what differs from the defaults is set. */
    public static Builder builder(String name) {
        return new Builder().name(name);
    }

    /** A builder holding this profile's values, to change a few of them. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.name = name;
        b.host = host;
        b.port = port;
        b.user = user;
        b.key = key;
        b.jump = jump;
        b.knownHosts = knownHosts;
        b.scheduler = scheduler;
        b.workdir = workdir;
        b.partition = partition;
        b.account = account;
        b.modules = modules;
        b.environment = environment;
        b.images = images;
        b.price = price;
        return b;
    }

    /** Named settings instead of 15 positional ones; unset ones take the record's defaults. */
    public static final class Builder {
        private String name;
        private String host;
        private Integer port;
        private String user;
        private String key;
        private String jump;
        private String knownHosts;
        private String scheduler;
        private String workdir;
        private String partition;
        private String account;
        private List<String> modules = List.of();
        private java.util.Map<String, String> environment = java.util.Map.of();
        private String images;
        private PriceTable price;

        private Builder() {}

        public Builder name(String v) {
            name = v;
            return this;
        }

        public Builder host(String v) {
            host = v;
            return this;
        }

        public Builder port(Integer v) {
            port = v;
            return this;
        }

        public Builder user(String v) {
            user = v;
            return this;
        }

        public Builder key(String v) {
            key = v;
            return this;
        }

        public Builder jump(String v) {
            jump = v;
            return this;
        }

        public Builder knownHosts(String v) {
            knownHosts = v;
            return this;
        }

        public Builder scheduler(String v) {
            scheduler = v;
            return this;
        }

        public Builder workdir(String v) {
            workdir = v;
            return this;
        }

        public Builder partition(String v) {
            partition = v;
            return this;
        }

        public Builder account(String v) {
            account = v;
            return this;
        }

        public Builder modules(List<String> v) {
            modules = v;
            return this;
        }

        public Builder environment(java.util.Map<String, String> v) {
            environment = v;
            return this;
        }

        public Builder images(String v) {
            images = v;
            return this;
        }

        public Builder price(PriceTable v) {
            price = v;
            return this;
        }

        public Profile build() {
            return new Profile(
                    name,
                    host,
                    port,
                    user,
                    key,
                    jump,
                    knownHosts,
                    scheduler,
                    workdir,
                    partition,
                    account,
                    modules,
                    environment,
                    images,
                    price);
        }
    }

    public static Profile local() {
        return new Profile(
                LOCAL, "localhost", null, null, null, null, null, "local", "~/hpc-kernel", null, null, List.of());
    }

    public boolean isLocal() {
        return "local".equals(scheduler);
    }

    /** Names the profile and the machine it reaches, for lines like "Submitted job 12 on ...". */
    public String where() {
        if (isLocal()) {
            return name + " (this machine)";
        }
        return name + " (" + (user == null || user.isBlank() ? "" : user + "@") + host
                + (port == null ? "" : ":" + port) + ")";
    }

    public Optional<String> partitionOpt() {
        return Optional.ofNullable(partition).filter(p -> !p.isBlank());
    }

    public Optional<String> accountOpt() {
        return Optional.ofNullable(account).filter(a -> !a.isBlank());
    }
}
