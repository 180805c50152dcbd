package org.hpckernel.magic.hpc;

import java.util.List;
import java.util.concurrent.Callable;
import org.hpckernel.cluster.Cluster;
import org.hpckernel.cluster.JobId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code %hpc cancel ID...}. */
@Command(
        name = "cancel",
        description = "Cancel jobs (or array tasks like 123_4).",
        footer = {"", "Examples:", "  %hpc cancel 123 124_2"})
final class CancelCommand implements Callable<Object> {

    @ParentCommand
    HpcMagic parent;

    @Mixin
    ProfileOption profile = new ProfileOption();

    @Parameters(paramLabel = "ID", arity = "1..*")
    List<String> ids;

    @Override
    public Object call() throws Exception {
        Cluster cluster = profile.cluster(parent.hpc.get());
        List<JobId> jobs = StatusCommand.resolveAll(cluster, ids);
        cluster.cancel(jobs);
        return "Cancel requested for "
                + String.join(", ", jobs.stream().map(JobId::value).toList()) + " on "
                + cluster.profile().name() + ". %hpc status shows when they end.";
    }
}
