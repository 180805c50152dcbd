package org.hpckernel.magic.hpc;

import java.util.List;
import java.util.concurrent.Callable;
import org.hpckernel.cluster.Cluster;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** {@code %hpc reconcile}: what became of submissions whose answer was lost (a timeout, a cut connection, a killed kernel). */
@Command(
        name = "reconcile",
        description =
                "Find out what became of submissions whose answer never arrived (the scheduler timed out, "
                        + "the connection was cut, the kernel was killed) and record the jobs found. Every %hpc call on the profile does this too.",
        footer = {"", "Examples:", "  %hpc reconcile", "  %hpc reconcile --profile mycluster"})
final class ReconcileCommand implements Callable<Object> {

    @ParentCommand
    HpcMagic parent;

    @Mixin
    ProfileOption profile = new ProfileOption();

    @Override
    public Object call() throws Exception {
        Cluster cluster = profile.cluster(parent.hpc.get());
        List<Cluster.Reconciled> found = cluster.reconcile();
        if (found.isEmpty()) {
            return "Every submission on " + cluster.profile().name() + " has its answer: nothing to reconcile.";
        }
        return Table.create(
                "submissions reconciled on " + cluster.profile().name(),
                StringColumn.create("name", found.stream().map(r -> r.name() == null ? "" : r.name())),
                StringColumn.create("outcome", found.stream().map(r -> switch (r.outcome()
                        .kind()) {
                    case SUBMITTED ->
                        "the scheduler took it: job "
                                + r.outcome().id().orElseThrow().value();
                    case NOT_SUBMITTED -> "not submitted";
                    case PENDING -> "still unknown";
                })),
                StringColumn.create("why", found.stream().map(r -> r.outcome().reason())),
                StringColumn.create("job directory", found.stream().map(Cluster.Reconciled::jobDirectory)));
    }
}
