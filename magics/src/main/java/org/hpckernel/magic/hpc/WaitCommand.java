package org.hpckernel.magic.hpc;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.hpckernel.cluster.Cluster;
import org.hpckernel.cluster.JobId;
import org.hpckernel.cluster.JobStatus;
import org.hpckernel.magic.LiveDisplay;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code %hpc wait ID...}: a table that updates in place until every job has ended. */
@Command(
        name = "wait",
        description = "Wait until the jobs end, showing their states in a table that updates in place.",
        footer = {"", "Examples:", "  %hpc wait 123", "  %hpc wait 123 124 --timeout 600"})
final class WaitCommand implements Callable<Object> {

    @ParentCommand
    HpcMagic parent;

    @Mixin
    ProfileOption profile = new ProfileOption();

    @Parameters(paramLabel = "ID", arity = "1..*")
    List<String> ids;

    @Option(names = "--timeout", description = "Give up after this many seconds (default: 3600)")
    long timeout = 3600;

    @Override
    public Object call() throws Exception {
        Cluster cluster = profile.cluster(parent.hpc.get());
        List<JobId> jobs = StatusCommand.resolveAll(cluster, ids);
        Map<String, String> names = StatusCommand.names(cluster);
        LiveDisplay[] display = {null};
        Map<JobId, JobStatus> end = cluster.await(jobs, Duration.ofSeconds(timeout), states -> {
            var table = StatusTable.of(cluster, states, names);
            if (display[0] == null) {
                display[0] = parent.context.show(table);
            } else {
                display[0].update(table);
            }
        });
        StringBuilder summary = new StringBuilder();
        boolean allDone =
                jobs.stream().allMatch(j -> end.containsKey(j) && end.get(j).isSettled());
        List<String> stuck = jobs.stream()
                .filter(j -> end.containsKey(j) && end.get(j).neverStarts())
                .map(JobId::value)
                .toList();
        summary.append(
                !allDone
                        ? "Stopped waiting after " + timeout + " s; the jobs go on.\n"
                        : !stuck.isEmpty()
                                ? "Stopped waiting: "
                                        + (stuck.size() == 1
                                                ? "job " + stuck.get(0) + " will"
                                                : "jobs " + String.join(", ", stuck) + " will")
                                        + " never start (the scheduler keeps " + (stuck.size() == 1 ? "it" : "them")
                                        + " pending; see below)"
                                        + (stuck.size() < jobs.size() ? " and the others ended" : "") + ".\n"
                                : "All " + jobs.size() + " job(s) ended.\n");
        for (JobId j : jobs) {
            JobStatus s = end.get(j);
            if (s != null) {
                summary.append(cluster.explain(s));
            }
        }
        if (allDone) {
            summary.append(EfficiencyLine.of(cluster, jobs));
        }
        return summary.toString();
    }
}
