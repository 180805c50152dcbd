package org.hpckernel.magic.hpc;

import org.hpckernel.ledger.JobRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code %hpc jobs}: every job this kernel (or an earlier one) submitted, from the ledger. */
@Command(name = "jobs", description = "The jobs you submitted from notebooks, newest first, as the ledger last saw them (no cluster call).",
        footer = {"", "Examples:", "  %hpc jobs", "  %hpc jobs --profile mycluster"})
final class JobsCommand implements Callable<Object> {

    @ParentCommand
    HpcMagic parent;

    @Option(names = "--profile", paramLabel = "NAME", description = "Only this profile's jobs") String profile;

    @Override
    public Object call() throws Exception {
        List<JobRecord> jobs = parent.hpc.get().ledger().jobs(profile);
        return Table.create("submitted jobs (" + jobs.size() + ")",
                StringColumn.create("profile", jobs.stream().map(JobRecord::profile)),
                StringColumn.create("job", jobs.stream().map(JobRecord::jobId)),
                StringColumn.create("name", jobs.stream().map(JobRecord::name)),
                StringColumn.create("submitted", jobs.stream().map(j -> j.submittedAt().toString().replace('T', ' ').replaceAll("\\.\\d+Z$", "Z"))),
                StringColumn.create("last state", jobs.stream().map(JobRecord::state)),
                StringColumn.create("exit", jobs.stream().map(j -> j.exitCode().map(String::valueOf).orElse(""))),
                StringColumn.create("job directory", jobs.stream().map(JobRecord::jobDirectory)));
    }
}
