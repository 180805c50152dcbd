package org.hpckernel.magic.hpc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.hpckernel.cluster.Cluster;
import org.hpckernel.cluster.ExecResult;
import org.hpckernel.cluster.profile.Profile;
import org.hpckernel.magic.MagicException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** {@code %hpc profile add|list|use|test|remove}. */
@Command(
        name = "profile",
        description = "Named clusters: how to reach them and their defaults.",
        subcommands = {
            ProfileCommand.Add.class,
            ProfileCommand.ListProfiles.class,
            ProfileCommand.Use.class,
            ProfileCommand.Test.class,
            ProfileCommand.Remove.class
        })
final class ProfileCommand {

    @ParentCommand
    HpcMagic parent;

    @Command(
            name = "add",
            description = "Add or replace a profile. Host may be an alias from ~/.ssh/config.",
            footer = {
                "",
                "Examples:",
                "  %hpc profile add mycluster --host login.example.org --user me --scheduler slurm --partition gpu",
                "  %hpc profile add viajump --host node01 --jump me@gateway.example.org --key ~/.ssh/id_ed25519",
                "  %hpc profile add abci --host abci --scheduler pbs --price unit=points --price rt_F:node-hour=3.0"
            })
    static final class Add implements Callable<Object> {
        @ParentCommand
        ProfileCommand group;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(names = "--host", required = true)
        String host;

        @Option(names = "--port")
        Integer port;

        @Option(names = "--user")
        String user;

        @Option(names = "--key", description = "Private key file")
        String key;

        @Option(names = "--jump", description = "Jump host, [user@]host[:port]")
        String jump;

        @Option(names = "--known-hosts", description = "known_hosts file (default ~/.ssh/known_hosts)")
        String knownHosts;

        @Option(names = "--scheduler", description = "slurm, sge, pbs, pjm or local")
        String scheduler = "slurm";

        @Option(names = "--workdir", description = "Work root on the cluster (default ~/hpc-kernel)")
        String workdir;

        @Option(
                names = "--images",
                description = "Folder of container images on the cluster: %%hpc container build puts them there and "
                        + "--container NAME.sif finds them there (default: images under the work root)")
        String images;

        @Option(names = "--partition")
        String partition;

        @Option(names = "--account")
        String account;

        @Option(names = "--module", description = "module load for every job (repeatable)")
        List<String> modules = new ArrayList<>();

        @Option(
                names = "--env",
                description = "KEY=VALUE for every job (repeatable), e.g. WANDB_MODE=online where the nodes reach W&B")
        java.util.Map<String, String> environment = new java.util.LinkedHashMap<>();

        @Option(
                names = "--price",
                description =
                        "What the cluster charges, KEY=VALUE (repeatable): unit=points, node-hour=3, core-hour=0.01, "
                                + "gpu-hour=1, or PARTITION:node-hour=3 for one partition's own rates")
        List<String> price = new ArrayList<>();

        @Override
        public Object call() throws Exception {
            scheduler = org.hpckernel.session.SchedulerKind.of(scheduler)
                    .canonicalName(); // gridengine, openpbs... are names too
            if (scheduler.isEmpty()) {
                throw new MagicException("--scheduler is one of slurm, local, pbs, sge, pjm; not '" + scheduler + "'");
            }
            if (!name.matches("[A-Za-z0-9._-]+")) {
                throw new MagicException("A profile name uses letters, digits, '.', '_' and '-' only");
            }
            environment
                    .keySet()
                    .forEach(org.hpckernel.cluster.Secrets::refuseInEnv); // a profile file is no place for a secret
            org.hpckernel.cluster.profile.PriceTable prices;
            try {
                prices = org.hpckernel.cluster.profile.PriceTable.parse(price).orElse(null);
            } catch (IllegalArgumentException e) {
                throw new MagicException(e.getMessage());
            }
            Profile p = new Profile(
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
                    prices);
            group.parent.hpc.get().profiles().save(p);
            return "Saved profile " + name + " (" + (user == null ? "" : user + "@") + host
                    + (port == null ? "" : ":" + port) + ", " + scheduler
                    + ") in " + group.parent.hpc.get().profiles().path()
                    + ". Check it with %hpc profile test --profile " + name
                    + "; make it the default with %hpc profile use " + name + ".";
        }
    }

    @Command(name = "list", description = "The profiles; this kernel's one is marked.")
    static final class ListProfiles implements Callable<Object> {
        @ParentCommand
        ProfileCommand group;

        @Override
        public Object call() throws Exception {
            var store = group.parent.hpc.get().profiles();
            String current = group.parent.hpc.get().currentProfile().profile().name();
            List<Profile> all = store.all();
            return Table.create(
                    "profiles",
                    StringColumn.create(
                            "current", all.stream().map(p -> p.name().equals(current) ? "*" : "")),
                    StringColumn.create("name", all.stream().map(Profile::name)),
                    StringColumn.create(
                            "host",
                            all.stream()
                                    .map(p -> (p.user() == null ? "" : p.user() + "@")
                                            + p.host()
                                            + (p.port() == null ? "" : ":" + p.port()))),
                    StringColumn.create("scheduler", all.stream().map(Profile::scheduler)),
                    StringColumn.create("workdir", all.stream().map(Profile::workdir)),
                    StringColumn.create(
                            "partition", all.stream().map(p -> p.partition() == null ? "" : p.partition())));
        }
    }

    @Command(
            name = "use",
            description =
                    "Choose this kernel's profile. Other notebooks keep theirs; --default also makes it"
                            + " the default for kernels started later. A notebook folder can pin one: HPC_PROFILE=NAME in .env, or profile: NAME in hpc.yaml.",
            footer = {
                "",
                "Examples:",
                "  %hpc profile use mycluster",
                "  %hpc profile use mycluster --default",
                "  %hpc profile use"
            })
    static final class Use implements Callable<Object> {
        @ParentCommand
        ProfileCommand group;

        @Parameters(
                index = "0",
                paramLabel = "NAME",
                arity = "0..1",
                description = "Without a name: which profile is in use and why")
        String name;

        @Option(names = "--default", description = "Also the default for new kernels (written to the profiles file)")
        boolean makeDefault;

        @Override
        public Object call() throws Exception {
            var hpc = group.parent.hpc.get();
            if (name == null) {
                return "Using profile " + hpc.currentProfile() + ". The default for new kernels is "
                        + hpc.profiles().current().name() + ".";
            }
            hpc.use(name);
            if (makeDefault) {
                hpc.profiles().use(name);
                return "Now using profile " + hpc.profiles().require(name).where()
                        + " here, and by default in new kernels.";
            }
            return "Now using profile " + hpc.profiles().require(name).where()
                    + " in this kernel only. Add --default to make it the default for new kernels.";
        }
    }

    @Command(name = "remove", description = "Forget a profile (its jobs stay in the ledger).")
    static final class Remove implements Callable<Object> {
        @ParentCommand
        ProfileCommand group;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        public Object call() throws Exception {
            return group.parent.hpc.get().profiles().remove(name)
                    ? "Removed profile " + name + "."
                    : "There was no profile " + name + ".";
        }
    }

    @Command(
            name = "test",
            description =
                    "Connect, time a command, list the scheduler commands found, and run a tiny two-task"
                            + " array to report what works: accounting or history, arrays, GPUs, the default partition or queue.")
    static final class Test implements Callable<Object> {
        @ParentCommand
        ProfileCommand group;

        @Option(names = "--profile", paramLabel = "NAME")
        String profile;

        @Option(names = "--no-job", description = "Only connect and look around; do not run the tiny test job")
        boolean noJob;

        @Option(names = "--job-timeout", description = "Seconds to wait for the test job (default 120)")
        long jobTimeout = 120;

        @Override
        public Object call() throws Exception {
            var hpc = group.parent.hpc.get();
            Cluster cluster = profile == null ? hpc.cluster() : hpc.cluster(profile);
            long t0 = System.nanoTime();
            cluster.transport().exec("true", Duration.ofSeconds(30));
            long connectMs = (System.nanoTime() - t0) / 1_000_000;
            t0 = System.nanoTime();
            ExecResult probe = cluster.transport()
                    .exec(
                            "for c in sbatch sacct squeue qsub qstat qacct pjsub pjstat module apptainer singularity; do "
                                    + "command -v $c >/dev/null 2>&1 && printf '%s ' $c; done; echo; (sinfo -h -o '%P' 2>/dev/null | tr '\\n' ' ')",
                            Duration.ofSeconds(30));
            long commandMs = (System.nanoTime() - t0) / 1_000_000;
            String[] lines = (probe.stdout() + "\n").split("\n", -1);
            String capabilities = "";
            if (!noJob) {
                // a tiny two-task array says what works: the scheduler, arrays, accounting, GPUs
                capabilities = "  "
                        + org.hpckernel.cluster.SchedulerProbe.probe(cluster, Duration.ofSeconds(jobTimeout))
                                .describe()
                                .replace("\n", "\n  ")
                                .stripTrailing()
                        + "\n";
            }
            return "Profile " + cluster.profile().name() + " ("
                    + cluster.transport().describe() + "): connected, host key checked.\n"
                    + "  first command: " + connectMs + " ms (includes connecting), next command: " + commandMs
                    + " ms\n"
                    + "  commands found: " + (lines[0].isBlank() ? "none of the scheduler commands" : lines[0].strip())
                    + "\n"
                    + (lines.length > 1 && !lines[1].isBlank() ? "  partitions: " + lines[1].strip() + "\n" : "")
                    + "  work root: " + cluster.workRoot() + "\n" + capabilities;
        }
    }
}
