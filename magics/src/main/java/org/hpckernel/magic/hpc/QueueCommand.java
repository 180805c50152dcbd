package org.hpckernel.magic.hpc;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.hpckernel.cluster.Cluster;
import org.hpckernel.cluster.QueuedJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code %hpc queue}: where and when jobs will run, from the scheduler's queue in one call. */
@Command(
        name = "queue",
        description = "Your pending and running jobs as the scheduler's queue shows them (--all: everyone's), with "
                + "the expected start (Slurm's estimate; Grid Engine has none), the reason a job waits, its priority and time left. One remote call. "
                + "The local profile lists its own unfinished jobs.",
        footer = {
            "",
            "Examples:",
            "  %hpc queue",
            "  %hpc queue --all --partition gpu",
            "  %hpc queue --profile mycluster"
        })
final class QueueCommand implements Callable<Object> {

    @ParentCommand
    HpcMagic parent;

    @Mixin
    ProfileOption profile = new ProfileOption();

    @Option(names = "--all", description = "Everyone's jobs, not only yours")
    boolean all;

    @Option(
            names = {"--partition", "-p"},
            paramLabel = "NAME",
            description = "Only this partition's (queue's) jobs")
    String partition;

    @Override
    public Object call() throws Exception {
        Cluster cluster = profile.cluster(parent.hpc.get());
        List<QueuedJob> jobs = cluster.queue(all, Optional.ofNullable(partition));
        return QueueTable.of(cluster.profile().name(), jobs, all, Optional.ofNullable(partition));
    }
}
