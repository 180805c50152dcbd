package org.hpckernel.cluster.pjm;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hpckernel.cluster.BatchScripts;
import org.hpckernel.cluster.ExitFiles;
import org.hpckernel.cluster.JobDirectory;
import org.hpckernel.cluster.JobId;
import org.hpckernel.cluster.JobState;
import org.hpckernel.cluster.JobStatus;

/**
 * Reads {@code pjstat} and {@code pjstat -H} tables by the names in their header line
 * ({@code JOB_ID}, {@code ST}, and {@code EC}/{@code PC} where the site shows them), never by fixed
 * positions: a date like {@code 11/17 09:01:41} is one value though it holds a blank. A job that
 * ended (EXT) without an exit code in the table is decided by its exit file, else stays UNKNOWN.
 */
public final class PjmStatusParser {

    private PjmStatusParser() {}

    public static Map<JobId, JobStatus> parse(String output, Map<JobId, JobDirectory> jobs) {
        Map<String, JobStatus> rows = new LinkedHashMap<>();
        int live = output.indexOf("@@pjstat ");
        int history = output.indexOf("@@pjstat-H ");
        if (live >= 0) {
            rows.putAll(table(output.substring(0, live)));
            if (history > live) {
                table(output.substring(output.indexOf('\n', live) + 1, history)).forEach(rows::putIfAbsent);
            }
        }
        Map<String, JsonNode> exitFiles = ExitFiles.parse(output);
        Map<JobId, JobStatus> result = new LinkedHashMap<>();
        for (Map.Entry<JobId, JobDirectory> job : jobs.entrySet()) {
            JobId id = job.getKey();
            JobStatus own = rows.get(id.value());
            List<JobStatus> subJobs = rows.entrySet().stream()
                    .filter(e -> e.getKey().startsWith(id.value() + "["))
                    .map(Map.Entry::getValue)
                    .toList();
            if (own == null && !subJobs.isEmpty()) {
                own = ExitFiles.summarise(id, subJobs, JobStatus.Source.QUEUE); // a bulk job is listed by its sub-jobs
            }
            if (own == null || own.state() == JobState.UNKNOWN) {
                JobStatus fallback =
                        own != null ? own : JobStatus.unknown(id, "not in pjstat or pjstat -H, and no exit file");
                own = ExitFiles.status(id, job.getValue(), id.arrayIndex(), exitFiles)
                        .orElse(fallback);
            }
            result.put(id, own);
            String prefix = id.value() + "[";
            rows.forEach((key, status) -> {
                if (key.startsWith(prefix)) {
                    JobStatus task = status.state() == JobState.UNKNOWN
                            ? ExitFiles.status(
                                            status.id(),
                                            job.getValue(),
                                            status.id().arrayIndex(),
                                            exitFiles)
                                    .orElse(status)
                            : status;
                    result.putIfAbsent(status.id(), task);
                }
            });
        }
        return result;
    }

    /** The rows of one pjstat table, keyed by JOB_ID. */
    static Map<String, JobStatus> table(String text) {
        Map<String, JobStatus> out = new LinkedHashMap<>();
        List<String> names = null;
        for (String line : text.split("\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("[")) {
                continue; // blank lines and "[INFO] PJM ..." messages
            }
            List<String> words = values(l);
            if (words.contains("JOB_ID")) {
                names = words;
                continue;
            }
            if (names == null || words.size() < names.size()) {
                continue;
            }
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) {
                row.put(names.get(i), words.get(i));
            }
            String id = row.get("JOB_ID");
            String st = row.getOrDefault("ST", row.getOrDefault("STATUS", ""));
            Optional<Integer> ec = BatchScripts.parseInt(row.getOrDefault("EC", row.getOrDefault("EXIT_CODE", "")));
            Optional<Integer> pc = BatchScripts.parseInt(row.getOrDefault("PC", ""));
            out.putIfAbsent(id, status(JobId.of(id), st, ec, pc)); // the first table that lists a job wins
        }
        return out;
    }

    /** Blank-separated values, with {@code MM/DD hh:mm:ss} dates joined back into one. */
    static List<String> values(String line) {
        String[] w = line.split("\\s+");
        List<String> out = new ArrayList<>();
        for (int i = 0; i < w.length; i++) {
            if (i + 1 < w.length
                    && w[i].matches("(\\d{4}/)?\\d{2}/\\d{2}")
                    && w[i + 1].matches("\\d{2}:\\d{2}(:\\d{2})?")) {
                out.add(w[i] + " " + w[++i]);
            } else {
                out.add(w[i]);
            }
        }
        return out;
    }

    /** PJM's states: ACC QUE RNA RUN RNO RNE RNP HLD SPP SPD RSM EXT CCL ERR RJT. */
    static JobStatus status(JobId id, String st, Optional<Integer> ec, Optional<Integer> pc) {
        JobStatus.Source q = JobStatus.Source.QUEUE;
        switch (st) {
            case "ACC", "QUE", "RNA" -> {
                return new JobStatus(id, JobState.PENDING, Optional.empty(), Optional.empty(), st, q);
            }
            case "HLD" -> {
                return new JobStatus(id, JobState.PENDING, Optional.empty(), Optional.empty(), "held (HLD)", q);
            }
            case "RUN", "RNO", "RNE", "RNP", "SPP", "SPD", "RSM" -> {
                return new JobStatus(id, JobState.RUNNING, Optional.empty(), Optional.empty(), st, q);
            }
            case "CCL" -> {
                return new JobStatus(
                        id, JobState.CANCELLED, ec, Optional.empty(), "cancelled (CCL)", JobStatus.Source.ACCOUNTING);
            }
            case "ERR", "RJT" -> {
                return new JobStatus(
                        id,
                        JobState.FAILED,
                        ec,
                        Optional.empty(),
                        "PJM " + st + pc.map(p -> ", PC " + p).orElse(""),
                        JobStatus.Source.ACCOUNTING);
            }
            case "EXT" -> {
                if (ec.isEmpty()) {
                    return JobStatus.unknown(id, "ended (EXT); pjstat shows no exit code here: the exit file decides");
                }
                JobState s = ec.get() == 0 ? JobState.COMPLETED : JobState.FAILED;
                return new JobStatus(
                        id,
                        s,
                        ec,
                        Optional.empty(),
                        ec.get() == 0
                                ? ""
                                : "exit code " + ec.get()
                                        + pc.map(p -> ", PC " + p).orElse(""),
                        JobStatus.Source.ACCOUNTING);
            }
            default -> {
                return JobStatus.unknown(id, "unknown PJM state '" + st + "'");
            }
        }
    }
}
