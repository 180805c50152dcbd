package org.hpckernel.magic.hpc;

import java.util.List;
import java.util.concurrent.Callable;
import org.hpckernel.cluster.Cluster;
import org.hpckernel.cluster.JobId;
import org.hpckernel.cluster.JobStatus;
import org.hpckernel.cluster.LogCutter;
import org.hpckernel.cluster.LogTail;
import org.hpckernel.cluster.Scheduler;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code %hpc logs ID}: the tail of a job's output, or follow it live. */
@Command(
        name = "logs",
        description = "Show a job's output (stdout, or stderr with --err). --follow streams new lines into the cell "
                + "until the job ends or the cell is interrupted; only new bytes are fetched.",
        footer = {"", "Examples:", "  %hpc logs 123", "  %hpc logs 123 --err --tail 50", "  %hpc logs 124_3 --follow"})
final class LogsCommand implements Callable<Object> {

    @ParentCommand
    HpcMagic parent;

    @Mixin
    ProfileOption profile = new ProfileOption();

    @Parameters(paramLabel = "ID", index = "0")
    String id;

    @Option(names = "--err", description = "stderr instead of stdout")
    boolean stderr;

    @Option(
            names = "--tail",
            description = "Last N lines (default 40); long lines are cut and one answer stays under 1 MB")
    int tail = 40;

    @Option(names = "--follow", description = "Keep printing new lines until the job ends")
    boolean follow;

    @Override
    public Object call() throws Exception {
        if (tail < 1) {
            throw new org.hpckernel.magic.MagicException(
                    "--tail takes how many lines to show, 1 or more (like --tail 50), not " + tail);
        }
        Cluster cluster = profile.cluster(parent.hpc.get());
        JobId job = cluster.resolve(id);
        if (!follow && job.arrayIndex().isEmpty()) {
            List<Cluster.TaskLog> tasks = cluster.arrayTasks(job);
            if (!tasks.isEmpty()) {
                return arrayListing(cluster, job, tasks);
            }
        }
        if (!follow) {
            String text = cluster.tail(job, stderr, tail);
            return text.isEmpty() ? noOutputYet(cluster, job) : text;
        }
        Scheduler.LogChunk start = cluster.tailFrom(job, stderr, tail); // one read: the tail and where to follow from
        long offset = start.nextOffset();
        String where = where(cluster, job);
        LogCutter cutter = new LogCutter(LogTail.Limits.DEFAULT, where).alreadyShown(start.text());
        parent.context.print(start.text().isEmpty() ? noOutputYet(cluster, job) + " Following…\n" : start.text());
        long interval = 500;
        while (!Thread.currentThread().isInterrupted()) {
            Scheduler.LogChunk chunk = cluster.logs(job, stderr, offset);
            if (!chunk.text().isEmpty()) {
                parent.context.print(cutter.accept(chunk.text()));
                offset = chunk.nextOffset();
                interval = 500;
                if (cutter.spent()) {
                    return "Stopped following job " + job.value() + " (it goes on).";
                }
            } else {
                JobStatus s = cluster.sharedStatus(List.of(job)).get(job);
                if (s != null && s.state().isTerminal()) {
                    Scheduler.LogChunk last = cluster.logs(job, stderr, offset);
                    parent.context.print(cutter.accept(last.text()));
                    return "Job " + job.value() + " ended " + s.state()
                            + s.exitCode().map(c -> " (exit " + c + ")").orElse("");
                }
                Thread.sleep(interval);
                interval = Math.min(interval * 2, 5000);
            }
        }
        throw new InterruptedException("stopped following " + id);
    }

    /** An array: each task's state and log file, and the output of the first one that failed. */
    private Object arrayListing(Cluster cluster, JobId job, List<Cluster.TaskLog> tasks) throws Exception {
        tasks.stream()
                .filter(t -> t.status().isSettled() && t.status().state() != org.hpckernel.cluster.JobState.COMPLETED)
                .findFirst()
                .ifPresent(failed -> {
                    try {
                        String err = cluster.tail(failed.task(), true, tail);
                        String out = cluster.tail(failed.task(), false, tail);
                        parent.context.print("First failed task "
                                + failed.task().value() + " (" + failed.status().state() + "):\n"
                                + (out.isEmpty() ? "" : out)
                                + (err.isEmpty() ? "" : (out.isEmpty() ? "" : "--- stderr ---\n") + err) + "\n");
                    } catch (java.io.IOException | RuntimeException unreadable) {
                        parent.context.print(
                                "First failed task " + failed.task().value() + ": its log could not be read ("
                                        + unreadable.getMessage() + ")\n");
                    }
                });
        return tech.tablesaw.api.Table.create(
                "array " + job.value() + ": " + tasks.size() + " tasks (%hpc logs " + job.value() + "_N shows one)",
                tech.tablesaw.api.StringColumn.create(
                        "task", tasks.stream().map(t -> t.task().value())),
                tech.tablesaw.api.StringColumn.create(
                        "state", tasks.stream().map(t -> t.status().state().name())),
                tech.tablesaw.api.StringColumn.create(
                        "exit",
                        tasks.stream()
                                .map(t -> t.status()
                                        .exitCode()
                                        .map(String::valueOf)
                                        .orElse(""))),
                tech.tablesaw.api.StringColumn.create("log", tasks.stream().map(Cluster.TaskLog::logFile)));
    }

    /** "No output yet", with the job's state and where the log will be, instead of an empty cell. */
    private String noOutputYet(Cluster cluster, JobId job) throws Exception {
        JobStatus s = cluster.sharedStatus(List.of(job)).get(job);
        String state = s == null
                ? "its state is not known yet"
                : "it is " + s.state() + (s.reason().isBlank() ? "" : " (" + s.reason() + ")");
        boolean ended = s != null && s.state().isTerminal();
        return "Job " + job.value() + (ended ? " wrote nothing to " : " has no output yet in ")
                + (stderr ? "stderr" : "stdout")
                + ": " + state + ". The log is " + where(cluster, job) + " on the cluster."
                + (ended && !stderr ? " Its stderr: %hpc logs " + job.value() + " --err" : "");
    }

    private String where(Cluster cluster, JobId job) {
        try {
            return cluster.logFile(job, stderr);
        } catch (java.io.IOException | RuntimeException unknown) {
            return "(where the job's script says)";
        }
    }
}
