package org.hpckernel.cluster.slurm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.hpckernel.cluster.JobDirectory;
import org.hpckernel.cluster.JobId;
import org.hpckernel.cluster.JobState;
import org.hpckernel.cluster.JobStatus;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the combined answer of one status call: {@code sacct -P} rows, {@code squeue} rows, and the
 * exit files. Accounting wins; the queue covers jobs accounting has not recorded yet; exit files
 * cover the rest. A job none of them knows stays UNKNOWN.
 */
final class SlurmStatusParser {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SlurmStatusParser() {
    }

    static Map<JobId, JobStatus> parse(String output, Map<JobId, JobDirectory> jobs) {
        Map<String, JobStatus> accounting = new LinkedHashMap<>();
        Map<String, JobStatus> queue = new LinkedHashMap<>();
        Map<String, JsonNode> exitFiles = new HashMap<>();
        boolean accountingWorks = true;
        String section = "sacct";
        for (String line : output.split("\n")) {
            if (line.startsWith("@@sacct ")) {
                accountingWorks = line.endsWith(" 0");
                section = "squeue";
                continue;
            }
            if (line.startsWith("@@squeue ")) {
                section = "exit";
                continue;
            }
            if (line.startsWith("@@exit ")) {
                String[] parts = line.substring(7).split(" ", 2);
                try {
                    exitFiles.put(parts[0], JSON.readTree(parts.length > 1 ? parts[1] : "{}"));
                } catch (Exception partial) {
                    // an exit file being written right now: the next poll reads it
                }
                continue;
            }
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split("\\|", -1);
            if (section.equals("sacct") && f.length >= 5 && accountingWorks) {
                JobState state = SlurmStates.parse(f[2]);
                String[] code = f[3].split(":");
                accounting.put(f[0], new JobStatus(JobId.of(f[0]), state, parseInt(code[0]),
                        code.length > 1 ? parseInt(code[1]) : Optional.empty(), reason(f[2], f[4]), JobStatus.Source.ACCOUNTING));
            } else if (section.equals("squeue") && f.length >= 4) {
                queue.put(f[0], new JobStatus(JobId.of(f[0]), SlurmStates.parse(f[2]), Optional.empty(), Optional.empty(),
                        "None".equals(f[3]) ? "" : f[3], JobStatus.Source.QUEUE));
            }
        }
        Map<JobId, JobStatus> result = new LinkedHashMap<>();
        for (Map.Entry<JobId, JobDirectory> job : jobs.entrySet()) {
            JobId id = job.getKey();
            Map<String, JobStatus> tasks = new LinkedHashMap<>();
            collectTasks(id, accounting, tasks);
            collectTasks(id, queue, tasks);
            JobStatus own = accounting.getOrDefault(id.value(), queue.get(id.value()));
            if (own == null && !tasks.isEmpty() && id.arrayIndex().isEmpty()) {
                own = summarise(id, tasks);
            }
            if (own == null || own.state() == JobState.UNKNOWN) {
                own = fromExitFile(id, job.getValue(), exitFiles).orElse(own == null
                        ? JobStatus.unknown(id, "not in accounting, the queue or an exit file yet")
                        : own);
            }
            result.put(id, own);
            tasks.forEach((taskId, status) -> result.putIfAbsent(JobId.of(taskId), status));
        }
        return result;
    }

    /** Tasks {@code 123_4} of array {@code 123}, and a pending range {@code 123_[5-9%2]} counted as pending. */
    private static void collectTasks(JobId parent, Map<String, JobStatus> rows, Map<String, JobStatus> into) {
        String prefix = parent.value() + "_";
        rows.forEach((id, status) -> {
            if (id.startsWith(prefix)) {
                into.putIfAbsent(id, status);
            }
        });
    }

    private static JobStatus summarise(JobId parent, Map<String, JobStatus> tasks) {
        JobState state = JobState.COMPLETED;
        String reason = "";
        for (JobStatus t : tasks.values()) {
            if (t.state() == JobState.RUNNING) {
                state = JobState.RUNNING;
            } else if (t.state() == JobState.PENDING && state != JobState.RUNNING) {
                state = JobState.PENDING;
            } else if (t.state() != JobState.COMPLETED && state == JobState.COMPLETED) {
                state = t.state();
                reason = "task " + t.id().value() + ": " + t.state();
            }
        }
        return new JobStatus(parent, state, Optional.empty(), Optional.empty(), reason.isEmpty() ? tasks.size() + " tasks" : reason,
                JobStatus.Source.ACCOUNTING);
    }

    private static Optional<JobStatus> fromExitFile(JobId id, JobDirectory dir, Map<String, JsonNode> exitFiles) {
        JsonNode exit = exitFiles.get(dir.exitFile(id.arrayIndex()));
        if (exit == null) {
            return Optional.empty();
        }
        int code = exit.path("exit_code").asInt();
        int signal = exit.path("signal").asInt();
        JobState state = code == 0 ? JobState.COMPLETED : signal != 0 ? JobState.CANCELLED : JobState.FAILED;
        return Optional.of(new JobStatus(id, state, Optional.of(code), Optional.of(signal),
                "exit file from " + exit.path("host").asText() + " at " + exit.path("end").asText(), JobStatus.Source.EXIT_FILE));
    }

    private static String reason(String state, String reason) {
        String r = "None".equals(reason) ? "" : reason;
        return state.contains(" by ") ? (state.substring(state.indexOf(" by ") + 1) + (r.isEmpty() ? "" : ", " + r)) : r;
    }

    private static Optional<Integer> parseInt(String s) {
        try {
            return Optional.of(Integer.parseInt(s.strip()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
