package org.hpckernel.cluster.pbs;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hpckernel.cluster.ExitFiles;
import org.hpckernel.cluster.JobDirectory;
import org.hpckernel.cluster.JobId;
import org.hpckernel.cluster.JobState;
import org.hpckernel.cluster.JobStatus;

/**
 * Reads {@code qstat -t -f -F json -x} (or, without JSON, the brief {@code qstat -t -x} table by
 * its column names) and the exit files. A finished job's {@code Exit_status} decides its end:
 * 0 done, -29 walltime, -27 memory, above 256 a signal (256 + N), other negatives PBS's own failure
 * to start it. A job the server no longer lists (history off or expired) falls to its exit file.
 */
public final class PbsStatusParser {

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = org.hpckernel.Json.plain();

    private PbsStatusParser() {}

    public static Map<JobId, JobStatus> parse(String output, Map<JobId, JobDirectory> jobs) {
        Map<String, JobStatus> server = new LinkedHashMap<>();
        String detail = "";
        int json = output.indexOf("\n@@json ");
        int brief = output.indexOf("\n@@brief ");
        if (json >= 0) {
            server.putAll(parseJson(output.substring(0, json)));
        } else if (brief >= 0) {
            StringBuilder table = new StringBuilder();
            for (String line : output.substring(0, brief).split("\n")) {
                if (line.startsWith("@@err ")) {
                    detail = detail.isEmpty() ? line.substring(6).strip() : detail;
                } else {
                    table.append(line).append('\n');
                }
            }
            server.putAll(parseBrief(table.toString()));
        }
        Map<String, JsonNode> exitFiles = ExitFiles.parse(output);
        Map<JobId, JobStatus> result = new LinkedHashMap<>();
        for (Map.Entry<JobId, JobDirectory> job : jobs.entrySet()) {
            JobId id = job.getKey();
            JobStatus own = server.get(id.value());
            if (own != null && own.state() == JobState.UNKNOWN) {
                own = ExitFiles.status(id, job.getValue(), id.arrayIndex(), exitFiles)
                        .orElse(own);
            }
            if (own == null) {
                own = ExitFiles.status(id, job.getValue(), id.arrayIndex(), exitFiles)
                        .orElse(JobStatus.unknown(
                                id,
                                "the server does not list it (job history off or expired?) and there is no exit file"
                                        + (detail.isEmpty() ? "" : "; qstat: " + detail)));
            }
            result.put(id, own);
            if (id.value().contains("[]")) {
                String prefix = id.value().substring(0, id.value().indexOf('[') + 1);
                String suffix = id.value().substring(id.value().indexOf(']') + 1);
                server.forEach((key, status) -> {
                    if (key.startsWith(prefix) && key.endsWith(suffix) && !key.equals(id.value())) {
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
        }
        return result;
    }

    static Map<String, JobStatus> parseJson(String text) {
        Map<String, JobStatus> out = new LinkedHashMap<>();
        JsonNode root;
        try {
            int start = text.indexOf('{');
            root = JSON.readTree(start < 0 ? "{}" : text.substring(start));
        } catch (Exception e) {
            return out;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("Jobs").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode j = e.getValue();
            JobId id = JobId.of(e.getKey());
            String state = j.path("job_state").asText("");
            Optional<Integer> exit =
                    j.has("Exit_status") ? Optional.of(j.path("Exit_status").asInt()) : Optional.empty();
            out.put(e.getKey(), status(id, state, exit, j.path("comment").asText("")));
        }
        return out;
    }

    /** The brief table, by the names in its header ({@code Job id}, {@code S}); the rule line is skipped. */
    static Map<String, JobStatus> parseBrief(String text) {
        Map<String, JobStatus> out = new LinkedHashMap<>();
        List<String> lines = text.lines().filter(l -> !l.isBlank()).toList();
        int header = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).strip().startsWith("Job id")) {
                header = i;
                break;
            }
        }
        if (header < 0) {
            return out;
        }
        // "Job id" and "Time Use" are two words in the header, one value in a row
        List<String> names = new java.util.ArrayList<>(List.of(lines.get(header)
                .strip()
                .replace("Job id", "Job_id")
                .replace("Time Use", "Time_Use")
                .split("\\s+")));
        int idCol = names.indexOf("Job_id");
        int stateCol = names.indexOf("S");
        for (String row : lines.subList(header + 1, lines.size())) {
            if (row.startsWith("---")) {
                continue;
            }
            String[] f = row.strip().split("\\s+");
            if (f.length != names.size() || idCol < 0 || stateCol < 0) {
                continue;
            }
            out.put(f[idCol], status(JobId.of(f[idCol]), f[stateCol], Optional.empty(), ""));
        }
        return out;
    }

    static JobStatus status(JobId id, String state, Optional<Integer> exit, String comment) {
        JobStatus.Source src = JobStatus.Source.QUEUE;
        switch (state) {
            case "Q", "W", "T", "M" -> {
                return new JobStatus(id, JobState.PENDING, Optional.empty(), Optional.empty(), comment, src);
            }
            case "H" -> {
                return new JobStatus(
                        id,
                        JobState.PENDING,
                        Optional.empty(),
                        Optional.empty(),
                        "held" + (comment.isEmpty() ? "" : ": " + comment),
                        src);
            }
            case "R", "E", "B", "U" -> {
                return new JobStatus(id, JobState.RUNNING, Optional.empty(), Optional.empty(), comment, src);
            }
            case "S" -> {
                return new JobStatus(id, JobState.RUNNING, Optional.empty(), Optional.empty(), "suspended", src);
            }
            case "F", "X" -> {
                if (exit.isEmpty()) {
                    return JobStatus.unknown(
                            id, "finished, but this qstat gives no exit status: the exit file decides");
                }
                return finished(id, exit.get(), comment);
            }
            default -> {
                return JobStatus.unknown(id, "unknown PBS state '" + state + "'");
            }
        }
    }

    static JobStatus finished(JobId id, int exit, String comment) {
        JobStatus.Source src = JobStatus.Source.ACCOUNTING;
        if (exit == 0) {
            return new JobStatus(id, JobState.COMPLETED, Optional.of(0), Optional.of(0), comment, src);
        }
        if (exit == -29) {
            return new JobStatus(
                    id,
                    JobState.TIMEOUT,
                    Optional.of(exit),
                    Optional.empty(),
                    "walltime exceeded (Exit_status -29)",
                    src);
        }
        if (exit == -27 || exit == -26) {
            return new JobStatus(
                    id,
                    JobState.OUT_OF_MEMORY,
                    Optional.of(exit),
                    Optional.empty(),
                    "memory limit exceeded (Exit_status " + exit + ")",
                    src);
        }
        if (exit > 256) {
            int signal = exit - 256;
            JobState s = signal == 15 || signal == 9 ? JobState.CANCELLED : JobState.FAILED;
            return new JobStatus(
                    id,
                    s,
                    Optional.of(exit),
                    Optional.of(signal),
                    "killed by signal " + signal + (comment.isEmpty() ? "" : "; " + comment),
                    src);
        }
        if (exit < 0) {
            return new JobStatus(
                    id,
                    JobState.NODE_FAIL,
                    Optional.of(exit),
                    Optional.empty(),
                    "PBS could not run it (Exit_status " + exit + ")" + (comment.isEmpty() ? "" : ": " + comment),
                    src);
        }
        return new JobStatus(
                id,
                JobState.FAILED,
                Optional.of(exit),
                Optional.of(exit > 128 ? exit - 128 : 0),
                "exit status " + exit,
                src);
    }
}
