package org.hpckernel.cluster.slurm;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.hpckernel.cluster.ExitFiles;
import org.hpckernel.cluster.JobDirectory;
import org.hpckernel.cluster.JobId;
import org.hpckernel.cluster.JobState;
import org.hpckernel.cluster.JobStatus;

/**
 * Reads the combined answer of one status call: {@code squeue} rows, {@code sacct -P} rows for jobs
 * that left the queue, and the exit files. The queue is freshest; accounting covers finished jobs;
 * exit files give exit codes the queue lacks, and the state when neither knows the job. A job none
 * of them knows stays UNKNOWN.
 */
public final class SlurmStatusParser {

    private SlurmStatusParser() {}

    public static Map<JobId, JobStatus> parse(String output, Map<JobId, JobDirectory> jobs) {
        Map<String, JobStatus> accounting = new LinkedHashMap<>();
        Map<String, JobStatus> queue = new LinkedHashMap<>();
        Map<String, JobStatus> pendingRanges = new LinkedHashMap<>();
        Map<String, JsonNode> exitFiles = ExitFiles.parse(output);
        String section = "squeue";
        for (String line : output.split("\n")) {
            if (line.startsWith("@@squeue ")) {
                section = "sacct";
                continue;
            }
            if (line.startsWith("@@sacct ")) {
                section = "exit";
                continue;
            }
            if (line.startsWith("@@exit ")) {
                continue;
            }
            // fields are read from both ends: a job name may itself contain '|'
            String[] f = line.split("\\|", -1);
            int n = f.length;
            if (section.equals("sacct") && n >= 5) {
                JobState state = SlurmStates.parse(f[n - 3]);
                String[] code = f[n - 2].split(":");
                JobStatus row = new JobStatus(
                        JobId.of(f[0]),
                        state,
                        parseInt(code[0]),
                        code.length > 1 ? parseInt(code[1]) : Optional.empty(),
                        reason(state, f[n - 3], f[n - 1]),
                        JobStatus.Source.ACCOUNTING);
                if (f[0].contains("_[")) {
                    expandRange(f[0], row, pendingRanges); // 360_[2-3%1]: tasks not started yet
                } else {
                    accounting.put(f[0], row);
                }
            } else if (section.equals("squeue") && n >= 4) {
                JobState state = SlurmStates.parse(f[n - 2]);
                JobStatus row = new JobStatus(
                        JobId.of(f[0]),
                        state,
                        Optional.empty(),
                        Optional.empty(),
                        reason(state, f[n - 2], f[n - 1]),
                        JobStatus.Source.QUEUE);
                if (f[0].contains("_[")) {
                    expandRange(f[0], row, pendingRanges);
                } else {
                    queue.put(f[0], row);
                }
            }
        }
        Map<String, Map<String, JobStatus>> tasksByParent = new HashMap<>();
        groupTasks(accounting, tasksByParent);
        groupTasks(queue, tasksByParent);
        // a range row only speaks for tasks that have no row of their own (sacct lists 360_2 RUNNING
        // beside 360_[2-3%1] PENDING)
        pendingRanges.forEach((id, status) -> {
            String parent = id.substring(0, id.indexOf('_'));
            tasksByParent.computeIfAbsent(parent, k -> new LinkedHashMap<>()).putIfAbsent(id, status);
        });
        Map<JobId, JobStatus> result = new LinkedHashMap<>();
        for (Map.Entry<JobId, JobDirectory> job : jobs.entrySet()) {
            JobId id = job.getKey();
            Map<String, JobStatus> tasks =
                    id.arrayIndex().isEmpty() ? tasksByParent.getOrDefault(id.value(), Map.of()) : Map.of();
            // the queue is fresh (accounting can lag seconds behind); accounting covers what left the queue
            JobStatus own =
                    queue.getOrDefault(id.value(), accounting.getOrDefault(id.value(), pendingRanges.get(id.value())));
            if (own == null && !tasks.isEmpty()) {
                own = ExitFiles.summarise(id, tasks.values(), JobStatus.Source.ACCOUNTING);
            }
            Optional<JobStatus> exit = ExitFiles.status(id, job.getValue(), id.arrayIndex(), exitFiles);
            if (own == null || own.state() == JobState.UNKNOWN) {
                own = exit.orElse(
                        own == null ? JobStatus.unknown(id, "not in the queue, accounting or an exit file yet") : own);
            } else if (own.state().isTerminal() && exit.isPresent()) {
                // the script's own exit code beats the queue (none) and accounting (a TIMEOUT job line reads 0:0)
                own = new JobStatus(
                        id, own.state(), exit.get().exitCode(), exit.get().signal(), own.reason(), own.source());
            }
            result.put(id, own);
            for (Map.Entry<String, JobStatus> task : tasks.entrySet()) {
                JobId taskId = JobId.of(task.getKey());
                JobStatus t = task.getValue();
                Optional<JobStatus> taskExit = ExitFiles.status(taskId, job.getValue(), taskId.arrayIndex(), exitFiles);
                if (t.state().isTerminal() && taskExit.isPresent()) {
                    t = new JobStatus(
                            taskId,
                            t.state(),
                            taskExit.get().exitCode(),
                            taskExit.get().signal(),
                            t.reason(),
                            t.source());
                }
                result.putIfAbsent(taskId, t);
            }
        }
        return result;
    }

    /** Rows {@code 123_4} (and pending ranges {@code 123_[5-9%2]}) grouped under {@code 123}; queue rows first. */
    private static void groupTasks(Map<String, JobStatus> rows, Map<String, Map<String, JobStatus>> into) {
        rows.forEach((id, status) -> {
            int underscore = id.indexOf('_');
            if (underscore > 0) {
                into.computeIfAbsent(id.substring(0, underscore), k -> new LinkedHashMap<>())
                        .put(id, status);
            }
        });
    }

    /** {@code 360_[2-3,7%1]} as one row per task index: 360_2, 360_3, 360_7. */
    static void expandRange(String id, JobStatus row, Map<String, JobStatus> into) {
        String parent = id.substring(0, id.indexOf('_'));
        String inside = id.substring(id.indexOf('[') + 1, id.indexOf(']') > 0 ? id.indexOf(']') : id.length());
        int pct = inside.indexOf('%');
        if (pct >= 0) {
            inside = inside.substring(0, pct);
        }
        for (String part : inside.split(",")) {
            String[] bounds = part.split("-");
            Optional<Integer> from = parseInt(bounds[0]);
            Optional<Integer> to = bounds.length > 1 ? parseInt(bounds[1].split(":")[0]) : from;
            int step = bounds.length > 1 && bounds[1].contains(":")
                    ? parseInt(bounds[1].split(":")[1]).orElse(1)
                    : 1;
            if (from.isEmpty() || to.isEmpty() || to.get() - from.get() > 100_000) {
                continue;
            }
            for (int i = from.get(); i <= to.get(); i += Math.max(1, step)) {
                String task = parent + "_" + i;
                into.putIfAbsent(
                        task,
                        new JobStatus(
                                JobId.of(task), row.state(), row.exitCode(), row.signal(), row.reason(), row.source()));
            }
        }
    }

    /**
     * The scheduler's reason; none for a COMPLETED job (sacct keeps stale ones like JobArrayTaskLimit).
     * A pending reason that means the job can never start says so, so the table does not read as a queue.
     */
    static String reason(JobState state, String rawState, String reason) {
        String r = "None".equals(reason) || state == JobState.COMPLETED ? "" : reason;
        if (state == JobState.PENDING
                && org.hpckernel.cluster.NeverStarts.reason(r).isPresent()) {
            r = r + " (will never start)";
        }
        return rawState.contains(" by ")
                ? (rawState.substring(rawState.indexOf(" by ") + 1) + (r.isEmpty() ? "" : ", " + r))
                : r;
    }

    private static Optional<Integer> parseInt(String s) {
        try {
            return Optional.of(Integer.parseInt(s.strip()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
