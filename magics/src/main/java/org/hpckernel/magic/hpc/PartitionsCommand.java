package org.hpckernel.magic.hpc;

import java.util.concurrent.Callable;
import org.hpckernel.cluster.Cluster;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code %hpc partitions}: what each partition allows and how busy it is, in one remote call. */
@Command(
        name = "partitions",
        description = "Each partition (Slurm), queue (Grid Engine, PBS) or resource group (PJM) with its limits "
                + "(time, memory, GPUs), its nodes free/used/down and which one is the default. One remote call.",
        footer = {"", "Examples:", "  %hpc partitions", "  %hpc partitions --profile mycluster"})
final class PartitionsCommand implements Callable<Object> {

    @ParentCommand
    HpcMagic parent;

    @Mixin
    ProfileOption profile = new ProfileOption();

    @Override
    public Object call() throws Exception {
        Cluster cluster = profile.cluster(parent.hpc.get());
        return PartitionTable.of(cluster.profile().name(), cluster.partitions());
    }
}
