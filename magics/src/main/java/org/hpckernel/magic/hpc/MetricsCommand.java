package org.hpckernel.magic.hpc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.hpckernel.cluster.Cluster;
import org.hpckernel.cluster.JobDirectory;
import org.hpckernel.cluster.JobId;
import org.hpckernel.cluster.JobStatus;
import org.hpckernel.cluster.Shell;
import org.hpckernel.magic.LiveDisplay;
import org.hpckernel.magic.MagicException;
import org.hpckernel.tracking.Metrics;
import org.hpckernel.tracking.MetricsSummary;
import org.hpckernel.tracking.MetricsTail;
import org.hpckernel.tracking.WandbOfflineRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import tech.tablesaw.api.Table;

/** {@code %hpc metrics ID... [--keys loss,acc] [--rows] [--plot] [--live]}: what jobs wrote to $HPC_METRICS. */
@Command(
        name = "metrics",
        description = "Summarise the metrics jobs appended to $HPC_METRICS (metrics.jsonl): per job and key "
                + "last, min, max, count and last step; --rows for the rows, --plot for a chart of a metric against _step (jobs overlaid); "
                + "--live redraws both in place while the jobs run, fetching only new bytes. A job with no metrics.jsonl that ran W&B "
                + "offline shows the history of its newest wandb/*/run-*.wandb.",
        footer = {
            "",
            "Examples:",
            "  %hpc metrics 123",
            "  %hpc metrics 123 124 --keys loss --plot",
            "  %hpc metrics 125_0 125_1 --plot --live"
        })
public final class MetricsCommand implements Callable<Object> {

    /** Rows kept per job for charts and --rows; beyond it the count of rows left out is shown, never silently. */
    static final int KEEP_ROWS = 200_000;

    @ParentCommand
    HpcMagic parent;

    @Mixin
    ProfileOption profile = new ProfileOption();

    @Parameters(paramLabel = "ID", arity = "1..*", description = "Job ids (array tasks as 123_4)")
    List<String> ids;

    @Option(names = "--keys", split = ",", description = "Only these metric keys")
    List<String> keys = new ArrayList<>();

    @Option(names = "--rows", description = "The metric rows as a table instead of the summary")
    boolean rows;

    @Option(names = "--plot", description = "A line chart of the first key (or each of --keys) against _step")
    boolean plot;

    @Option(names = "--live", description = "Redraw until every job has ended")
    boolean live;

    @Override
    public Object call() throws Exception {
        Cluster cluster = profile.cluster(parent.hpc.get());
        Map<String, MetricsTail> tails = new LinkedHashMap<>();
        Map<String, JobId> jobs = new LinkedHashMap<>();
        for (String text : ids) {
            JobId id = cluster.resolve(text);
            JobDirectory dir = cluster.directoryOf(id);
            String file = id.arrayIndex()
                    .map(i -> dir.path() + "/metrics." + i + ".jsonl")
                    .orElse(dir.metrics());
            tails.put(
                    id.value(),
                    new MetricsTail((off, max) -> cluster.transport().read(file, off, max), KEEP_ROWS));
            jobs.put(id.value(), id);
        }
        for (Map.Entry<String, MetricsTail> e : tails.entrySet()) {
            if (e.getValue().poll() == 0 && !live) {
                MetricsTail offline = wandbOffline(
                        cluster, cluster.directoryOf(jobs.get(e.getKey())).path());
                if (offline != null) {
                    e.setValue(offline);
                }
            }
        }
        if (!live) {
            if (plot) {
                parent.context.show(table(tails));
                return chart(tails);
            }
            return table(tails);
        }
        LiveDisplay tableView = parent.context.show(table(tails));
        LiveDisplay chartView = plot && hasData(tails) ? parent.context.show(chart(tails)) : null;
        long interval = 1000;
        while (!Thread.currentThread().isInterrupted()) {
            Map<JobId, JobStatus> states = cluster.status(jobs.values());
            boolean allDone = states.values().stream().allMatch(s -> s.state().isTerminal());
            long fresh = 0;
            for (MetricsTail t : tails.values()) {
                fresh += t.poll();
            }
            if (fresh > 0) {
                tableView.update(table(tails));
                if (plot && hasData(tails)) {
                    if (chartView == null) {
                        chartView = parent.context.show(chart(tails));
                    } else {
                        chartView.update(chart(tails));
                    }
                }
                interval = 1000;
            } else {
                interval = Math.min(interval * 2, 10_000);
            }
            if (allDone) {
                return "All " + jobs.size() + " job(s) ended; "
                        + tails.values().stream()
                                .mapToLong(t -> t.summary().rows())
                                .sum() + " metric rows.";
            }
            Thread.sleep(interval);
        }
        throw new InterruptedException("stopped watching metrics");
    }

    /**
     * A job that wrote no metrics.jsonl but ran W&B in offline mode: its newest {@code run-*.wandb} under the
     * job directory's wandb/ folder, read with no network, as the same rows.
     */
    private static MetricsTail wandbOffline(Cluster cluster, String jobDir) throws java.io.IOException {
        var found = cluster.transport()
                .exec(
                        "ls -1t " + Shell.quote(jobDir) + "/wandb/*/run-*.wandb 2>/dev/null | head -1",
                        java.time.Duration.ofSeconds(30));
        String file = found.stdout().strip();
        if (!found.ok() || file.isEmpty()) {
            return null;
        }
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        for (long off = 0; ; ) {
            byte[] b = cluster.transport().read(file, off, 8 << 20);
            if (b.length == 0) {
                break;
            }
            all.write(b);
            off += b.length;
        }
        byte[] lines = WandbOfflineRun.parse(all.toByteArray()).historyAsJsonLines();
        MetricsTail tail = new MetricsTail(
                (off, max) -> java.util.Arrays.copyOfRange(
                        lines, (int) Math.min(off, lines.length), (int) Math.min(lines.length, off + max)),
                KEEP_ROWS);
        tail.poll();
        return tail;
    }

    private Set<String> keySet() {
        return new LinkedHashSet<>(keys);
    }

    private Table table(Map<String, MetricsTail> tails) {
        if (rows) {
            Map<String, List<Map<String, Object>>> byJob = new LinkedHashMap<>();
            tails.forEach((j, t) -> byJob.put(j, t.rows()));
            Table t = Metrics.rowsTable(byJob, keySet());
            long dropped =
                    tails.values().stream().mapToLong(MetricsTail::droppedRows).sum();
            if (dropped > 0) {
                t.setName("metric rows (first " + KEEP_ROWS + " per job; " + dropped + " later rows not kept)");
            }
            return t;
        }
        Map<String, MetricsSummary> byJob = new LinkedHashMap<>();
        tails.forEach((j, t) -> byJob.put(j, t.summary()));
        return Metrics.summaryTable(byJob, keySet());
    }

    private boolean hasData(Map<String, MetricsTail> tails) {
        return tails.values().stream()
                .anyMatch(t -> !Metrics.plottableKeys(List.of(t.summary())).isEmpty());
    }

    private Object chart(Map<String, MetricsTail> tails) {
        List<MetricsSummary> all =
                tails.values().stream().map(MetricsTail::summary).toList();
        List<String> plottable = Metrics.plottableKeys(all);
        String key = keys.isEmpty() ? (plottable.isEmpty() ? null : plottable.get(0)) : keys.get(0);
        if (key == null) {
            throw new MagicException("No numeric metrics yet in " + String.join(", ", tails.keySet())
                    + ". A job appends lines like {\"_step\":1,\"loss\":0.5} to $HPC_METRICS.");
        }
        Map<String, List<Map<String, Object>>> byJob = new LinkedHashMap<>();
        tails.forEach((j, t) -> byJob.put(j, t.rows()));
        return Metrics.chart(key, byJob);
    }
}
