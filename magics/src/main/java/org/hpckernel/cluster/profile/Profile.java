package org.hpckernel.cluster.profile;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;
import java.util.Optional;

/**
 * A named cluster: how to reach it, which scheduler it runs, and defaults for its jobs. The
 * embedded {@code local} profile runs jobs on this machine without SSH.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Profile(String name, String host, Integer port, String user, String key, String jump, String knownHosts,
                      String scheduler, String workdir, String partition, String account, List<String> modules,
                      java.util.Map<String, String> environment, String images, PriceTable price) {

    public static final String LOCAL = "local";

    public Profile {
        modules = modules == null ? List.of() : List.copyOf(modules);
        // defaults for every job of the profile, like WANDB_MODE: online for a cluster whose nodes reach W&B
        environment = environment == null ? java.util.Map.of() : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(environment));
        if (scheduler == null || scheduler.isBlank()) {
            scheduler = "slurm";
        }
        if (workdir == null || workdir.isBlank()) {
            workdir = "~/hpc-kernel";
        }
    }

    public Profile(String name, String host, Integer port, String user, String key, String jump, String knownHosts,
                   String scheduler, String workdir, String partition, String account, List<String> modules) {
        this(name, host, port, user, key, jump, knownHosts, scheduler, workdir, partition, account, modules, java.util.Map.of());
    }

    public Profile(String name, String host, Integer port, String user, String key, String jump, String knownHosts,
                   String scheduler, String workdir, String partition, String account, List<String> modules,
                   java.util.Map<String, String> environment) {
        this(name, host, port, user, key, jump, knownHosts, scheduler, workdir, partition, account, modules, environment, null, null);
    }

    /**
     * The folder container images are built into and bare {@code --container NAME.sif} names are
     * found in: the profile's {@code images}, else {@code images} under its work root (so a work
     * root on a scratch or project file system keeps its images there too).
     */
    public String imagesFolder() {
        return images == null || images.isBlank() ? (workdir.endsWith("/") ? workdir : workdir + "/") + "images" : images;
    }

    /** What the cluster charges, when the user wrote it down ({@code price:} in profiles.yaml, {@code --price}). */
    public Optional<PriceTable> priceOpt() {
        return Optional.ofNullable(price);
    }

    public static Profile local() {
        return new Profile(LOCAL, "localhost", null, null, null, null, null, "local", "~/hpc-kernel", null, null, List.of());
    }

    public boolean isLocal() {
        return "local".equals(scheduler);
    }

    /** Names the profile and the machine it reaches, for lines like "Submitted job 12 on ...". */
    public String where() {
        if (isLocal()) {
            return name + " (this machine)";
        }
        return name + " (" + (user == null || user.isBlank() ? "" : user + "@") + host + (port == null ? "" : ":" + port) + ")";
    }

    public Optional<String> partitionOpt() {
        return Optional.ofNullable(partition).filter(p -> !p.isBlank());
    }

    public Optional<String> accountOpt() {
        return Optional.ofNullable(account).filter(a -> !a.isBlank());
    }
}
