package org.hpckernel.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The exit files the job script's trap writes, read in the same remote call as the scheduler's
 * status: a shell fragment that prints {@code @@exit PATH JSON} lines, and their reading.
 */
public final class ExitFiles {

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = org.hpckernel.Json.plain();

    private ExitFiles() {}

    /** Prints every exit file of these job directories, one {@code @@exit} line each. */
    public static String shellFragment(Collection<JobDirectory> dirs) {
        StringBuilder s = new StringBuilder("for f in");
        for (JobDirectory dir : dirs) {
            s.append(' ').append(Shell.quote(dir.path())).append("/exit*");
        }
        // read and printf are shell builtins: no process per file (an exit file is one whole line, renamed into place)
        return s.append(
                        "; do [ -f \"$f\" ] && read -r l < \"$f\" && printf '@@exit %s %s\\n' \"$f\" \"$l\"; done; true")
                .toString();
    }

    /** The {@code @@exit} lines of a command's output, by file path. */
    public static Map<String, JsonNode> parse(String output) {
        Map<String, JsonNode> files = new HashMap<>();
        for (String line : output.split("\n")) {
            if (line.startsWith("@@exit ")) {
                String[] parts = line.substring(7).split(" ", 2);
                try {
                    files.put(parts[0], JSON.readTree(parts.length > 1 ? parts[1] : "{}"));
                } catch (Exception beingWritten) {
                    // the trap writes to a temporary file and renames it; a partial line is read next time
                }
            }
        }
        return files;
    }

    /**
     * Seconds a SIGTERM may come before the limit, as the script measures it, and still be the limit's:
     * the scheduler's clock starts before the script does (a prolog, a loaded node), by seconds.
     */
    public static long lateStartGrace(long limitSeconds) {
        return limitSeconds <= 0 ? 0 : Math.min(30, Math.max(5, limitSeconds / 10));
    }

    /**
     * The status an exit file tells: exit 0 is COMPLETED; a SIGTERM at or after the job's time limit
     * is TIMEOUT (the scheduler ended it), before it CANCELLED; anything else FAILED.
     */
    public static Optional<JobStatus> status(
            JobId id, JobDirectory dir, Optional<Integer> index, Map<String, JsonNode> files) {
        JsonNode exit = files.get(dir.exitFile(index));
        if (exit == null) {
            return Optional.empty();
        }
        int code = exit.path("exit_code").asInt();
        int signal = exit.path("signal").asInt();
        long limit = exit.path("limit").asLong(0);
        boolean atLimit = limit > 0 && exit.path("elapsed").asLong(-1) + lateStartGrace(limit) >= limit;
        JobState state = code == 0
                ? JobState.COMPLETED
                : signal != 0 ? (atLimit ? JobState.TIMEOUT : JobState.CANCELLED) : JobState.FAILED;
        return Optional.of(new JobStatus(
                id,
                state,
                Optional.of(code),
                Optional.of(signal),
                "exit file from " + exit.path("host").asText() + " at "
                        + exit.path("end").asText(),
                JobStatus.Source.EXIT_FILE));
    }

    /** The state of an array parent from its tasks: running while any runs, then the first failure, else COMPLETED. */
    public static JobStatus summarise(JobId parent, Collection<JobStatus> tasks, JobStatus.Source source) {
        JobState state = JobState.COMPLETED;
        String reason = "";
        for (JobStatus t : tasks) {
            if (t.state() == JobState.RUNNING) {
                state = JobState.RUNNING;
            } else if ((t.state() == JobState.PENDING || t.state() == JobState.UNKNOWN) && state != JobState.RUNNING) {
                state = t.state() == JobState.UNKNOWN && state == JobState.PENDING ? JobState.PENDING : t.state();
            } else if (t.state() != JobState.COMPLETED && state == JobState.COMPLETED) {
                state = t.state();
                reason = "task " + t.id().value() + ": " + t.state();
            }
        }
        return new JobStatus(
                parent,
                state,
                Optional.empty(),
                Optional.empty(),
                reason.isEmpty() ? tasks.size() + " tasks" : reason,
                source);
    }
}
