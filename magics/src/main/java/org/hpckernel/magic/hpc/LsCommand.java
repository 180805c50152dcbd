package org.hpckernel.magic.hpc;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import org.hpckernel.cluster.Cluster;
import org.hpckernel.cluster.RemoteFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** {@code %hpc ls [PATH]}: a cluster folder as a table. */
@Command(
        name = "ls",
        description =
                "List a folder on the cluster (the remote home by default) as a table: name, size, modified, type. "
                        + "JOBID: lists a job's folder (last: the newest job's).",
        footer = {"", "Examples:", "  %hpc ls", "  %hpc ls last:", "  %hpc ls 123:logs", "  %hpc ls /scratch/me"})
final class LsCommand implements Callable<Object> {

    private static final DateTimeFormatter WHEN =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    @ParentCommand
    HpcMagic parent;

    @Mixin
    ProfileOption profile = new ProfileOption();

    @Parameters(paramLabel = "PATH", arity = "0..1", description = "A folder or file on the cluster")
    String path = ".";

    @Override
    public Object call() throws Exception {
        Cluster cluster = profile.cluster(parent.hpc.get());
        List<RemoteFile> entries = cluster.list(path);
        return table(cluster.remotePath(path), entries);
    }

    static Table table(String where, List<RemoteFile> entries) {
        return Table.create(
                where + " (" + entries.size() + (entries.size() == 1 ? " entry)" : " entries)"),
                StringColumn.create("name", entries.stream().map(e -> e.name() + (e.isDirectory() ? "/" : ""))),
                StringColumn.create(
                        "size", entries.stream().map(e -> e.isDirectory() ? "" : ProgressBar.size(e.size()))),
                LongColumn.create(
                        "bytes", entries.stream().mapToLong(RemoteFile::size).toArray()),
                StringColumn.create("modified", entries.stream().map(e -> WHEN.format(e.modified()))),
                StringColumn.create(
                        "type", entries.stream().map(e -> e.type().name().toLowerCase(java.util.Locale.ROOT))));
    }
}
