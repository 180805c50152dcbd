package org.hpckernel.magic.hpc;

import java.util.List;
import java.util.concurrent.Callable;
import org.hpckernel.cluster.ChainStatus;
import org.hpckernel.ledger.JobRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** {@code %hpc jobs}: every job this kernel (or an earlier one) submitted, from the ledger. */
@Command(
        name = "jobs",
        description =
                "The jobs you submitted from notebooks, newest first. Unfinished ones are asked about first "
                        + "(one status call per profile that has any); --no-refresh shows the ledger as it is, with how old each state is.",
        footer = {
            "",
            "Examples:",
            "  %hpc jobs",
            "  %hpc jobs --profile mycluster",
            "  %hpc jobs --no-refresh",
            "  %hpc jobs --cost"
        })
final class JobsCommand implements Callable<Object> {

    @ParentCommand
    HpcMagic parent;

    @Option(names = "--profile", paramLabel = "NAME", description = "Only this profile's jobs")
    String profile;

    @Option(names = "--no-refresh", description = "Do not ask the clusters; show the ledger's states and their age")
    boolean noRefresh;

    @Option(
            names = "--cost",
            description = "What the ended jobs spent (elapsed × allocated), by day and profile; priced with the "
                    + "profile's price table")
    boolean cost;

    @Override
    public Object call() throws Exception {
        List<JobRecord> jobs = parent.hpc.get().ledger().jobs(profile);
        if (!noRefresh) {
            java.util.Set<String> unfinished = new java.util.LinkedHashSet<>();
            jobs.stream()
                    .filter(j ->
                            !org.hpckernel.cluster.JobState.valueOf(j.state()).isTerminal() || j.inferred())
                    .forEach(j -> unfinished.add(j.profile()));
            for (String p : unfinished) {
                try {
                    parent.hpc.get().cluster(p).status(List.of());
                } catch (java.io.IOException | RuntimeException unreachable) {
                    if (parent.context != null) {
                        parent.context.print("Profile " + p + " did not answer (" + unreachable.getMessage()
                                + "): its states are as last seen.\n");
                    }
                }
            }
            jobs = parent.hpc.get().ledger().jobs(profile);
        }
        if (cost) {
            return CostReport.of(parent.hpc.get(), jobs, text -> {
                if (parent.context != null) parent.context.print(text);
            });
        }
        java.time.Instant now = java.time.Instant.now();
        return Table.create(
                "submitted jobs (" + jobs.size() + ")",
                StringColumn.create("profile", jobs.stream().map(JobRecord::profile)),
                StringColumn.create("job", jobs.stream().map(JobRecord::jobId)),
                StringColumn.create("name", jobs.stream().map(JobRecord::name)),
                StringColumn.create(
                        "submitted",
                        jobs.stream()
                                .map(j -> j.submittedAt()
                                        .toString()
                                        .replace('T', ' ')
                                        .replaceAll("\\.\\d+Z$", "Z"))),
                StringColumn.create(
                        "state",
                        jobs.stream()
                                .map(j -> ChainStatus.links(j.specJson()).isPresent()
                                        ? ChainStatus.label(j.state(), j.reason())
                                        : j.state())),
                StringColumn.create(
                        "seen", jobs.stream().map(j -> age(java.time.Duration.between(j.stateSeenAt(), now)))),
                StringColumn.create(
                        "exit",
                        jobs.stream().map(j -> j.exitCode().map(String::valueOf).orElse(""))),
                StringColumn.create("job directory", jobs.stream().map(JobRecord::jobDirectory)));
    }

    /** {@code 12 s ago}, {@code 5 min ago}, {@code 3 h ago}, {@code 2 d ago}. */
    static String age(java.time.Duration d) {
        long s = Math.max(0, d.toSeconds());
        return s < 90
                ? s + " s ago"
                : s < 5400 ? s / 60 + " min ago" : s < 172800 ? s / 3600 + " h ago" : s / 86400 + " d ago";
    }
}
