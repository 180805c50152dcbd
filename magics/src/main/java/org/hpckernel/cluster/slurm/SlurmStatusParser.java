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
 * Reads the combined answer of one status call: {@code squeue} rows, {@code sacct -P} rows for jobs
 * that left the queue, and the exit files. The queue is freshest; accounting covers finished jobs;
 * exit files give exit codes the queue lacks, and the state when neither knows the job. A job none
 * of them knows stays UNKNOWN.
 */
public final class SlurmStatusParser {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SlurmStatusParser() {
    }

    public static Map<JobId, JobStatus> parse(String output, Map<JobId, JobDirectory> jobs) {
        Map<String, JobStatus> accounting = new LinkedHashMap<>();
        Map<String, JobStatus> queue = new LinkedHashMap<>();
        Map<String, JsonNode> exitFiles = new HashMap<>();
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
                String[] parts = line.substring(7).split(" ", 2);
                try {
                    exitFiles.put(parts[0], JSON.readTree(parts.length > 1 ? parts[1] : "{}"));
                } catch (Exception partial) {
                    // an exit file being written right now: the next poll reads it
                }
                continue;
            }
            String[] f = line.split("\\|", -1);
            if (section.equals("sacct") && f.length >= 5) {
                JobState state = SlurmStates.parse(f[2]);
                String[] code = f[3].split(":");
                accounting.put(f[0], new JobStatus(JobId.of(f[0]), state, parseInt(code[0]),
                        code.length > 1 ? parseInt(code[1]) : Optional.empty(), reason(f[2], f[4]), JobStatus.Source.ACCOUNTING));
            } else if (section.equals("squeue") && f.length >= 4) {
                queue.put(f[0], new JobStatus(JobId.of(f[0]), SlurmStates.parse(f[2]), Optional.empty(), Optional.empty(),
                        "None".equals(f[3]) ? "" : f[3], JobStatus.Source.QUEUE));
            }
        }
        Map<String, Map<String, JobStatus>> tasksByParent = new HashMap<>();
        groupTasks(accounting, tasksByParent);
        groupTasks(queue, tasksByParent);
        Map<JobId, JobStatus> result = new LinkedHashMap<>();
        for (Map.Entry<JobId, JobDirectory> job : jobs.entrySet()) {
            JobId id = job.getKey();
            Map<String, JobStatus> tasks = id.arrayIndex().isEmpty() ? tasksByParent.getOrDefault(id.value(), Map.of()) : Map.of();
            // the queue is fresh (accounting can lag seconds behind); accounting covers what left the queue
            JobStatus own = queue.getOrDefault(id.value(), accounting.get(id.value()));
            if (own == null && !tasks.isEmpty()) {
                own = summarise(id, tasks);
            }
            Optional<JobStatus> exit = fromExitFile(id, job.getValue(), exitFiles);
            if (own == null || own.state() == JobState.UNKNOWN) {
                own = exit.orElse(own == null ? JobStatus.unknown(id, "not in the queue, accounting or an exit file yet") : own);
            } else if (own.state().isTerminal() && own.exitCode().isEmpty() && exit.isPresent()) {
                own = new JobStatus(id, own.state(), exit.get().exitCode(), exit.get().signal(), own.reason(), own.source());
            }
            result.put(id, own);
            for (Map.Entry<String, JobStatus> task : tasks.entrySet()) {
                JobId taskId = JobId.of(task.getKey());
                JobStatus t = task.getValue();
                Optional<JobStatus> taskExit = fromExitFile(taskId, job.getValue(), exitFiles);
                if (t.state().isTerminal() && t.exitCode().isEmpty() && taskExit.isPresent()) {
                    t = new JobStatus(taskId, t.state(), taskExit.get().exitCode(), taskExit.get().signal(), t.reason(), t.source());
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
                into.computeIfAbsent(id.substring(0, underscore), k -> new LinkedHashMap<>()).put(id, status);
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
