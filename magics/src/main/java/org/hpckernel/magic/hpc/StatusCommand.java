package org.hpckernel.magic.hpc;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.hpckernel.cluster.Cluster;
import org.hpckernel.cluster.JobId;
import org.hpckernel.cluster.JobStatus;
import org.hpckernel.ledger.JobRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code %hpc status [ID...]}: one scheduler call for all of them, as a table. */
@Command(
        name = "status",
        description =
                "States of your jobs (all tracked jobs of the profile when no id is given), in one scheduler call.",
        footer = {"", "Examples:", "  %hpc status", "  %hpc status 123 124_3"})
final class StatusCommand implements Callable<Object> {

    @ParentCommand
    HpcMagic parent;

    @Mixin
    ProfileOption profile = new ProfileOption();

    @Parameters(paramLabel = "ID", arity = "0..*")
    List<String> ids = new ArrayList<>();

    @Override
    public Object call() throws Exception {
        Cluster cluster = profile.cluster(parent.hpc.get());
        Map<JobId, JobStatus> states = cluster.status(resolveAll(cluster, ids));
        return StatusTable.of(cluster, states, names(cluster));
    }

    static List<JobId> resolveAll(Cluster cluster, List<String> ids) throws java.io.IOException {
        List<JobId> out = new ArrayList<>();
        for (String id : ids) {
            out.add(cluster.resolve(id));
        }
        return out;
    }

    static Map<String, String> names(Cluster cluster) throws java.io.IOException {
        Map<String, String> names = new java.util.HashMap<>();
        for (JobRecord r : cluster.history()) {
            names.put(r.jobId(), r.name());
        }
        return names;
    }
}
