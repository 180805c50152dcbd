package org.hpckernel.cluster.local;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hpckernel.cluster.JobId;
import org.hpckernel.cluster.Shell;
import org.hpckernel.cluster.usage.JobUsage;

/**
 * What local jobs used, as far as their exit files tell: elapsed time and the time limit. The local
 * executor keeps no accounting, so CPU time and memory are not known (said in each row's note).
 */
final class LocalUsage {

    static final String NOT_MEASURED =
            "the local profile measures no CPU time or memory (no accounting on this machine); elapsed and limit are from the exit file";

    private LocalUsage() {}

    /** Every exit file of these jobs' directories (found by their receipts), as {@code @@exit ID FILE JSON} lines. */
    static String command(String workRoot, Collection<JobId> ids) {
        StringBuilder c = new StringBuilder("for j in");
        ids.stream()
                .map(j -> j.arrayParent().value())
                .distinct()
                .forEach(j -> c.append(' ').append(Shell.quote(j)));
        return c.append("; do r=$(grep -lx \"$j\" ")
                .append(Shell.quote(workRoot))
                .append("/jobs/*/jobid 2>/dev/null | head -1); ")
                .append(
                        "[ -n \"$r\" ] || continue; for f in \"${r%/jobid}\"/exit \"${r%/jobid}\"/exit.*; do [ -f \"$f\" ] && ")
                .append("printf '@@exit %s %s %s\\n' \"$j\" \"${f##*/}\" \"$(cat \"$f\")\"; done; done; true")
                .toString();
    }

    static List<JobUsage> parse(String output) {
        List<JobUsage> out = new ArrayList<>();
        for (String line : output.split("\n")) {
            String[] p = line.split(" ", 4);
            if (p.length < 4 || !p[0].equals("@@exit")) {
                continue;
            }
            String id = p[2].startsWith("exit.") ? p[1] + "_" + p[2].substring(5) : p[1];
            long code = field(p[3], "exit_code").orElse(-1L);
            Optional<Duration> limit = field(p[3], "limit").filter(l -> l > 0).map(Duration::ofSeconds);
            out.add(new JobUsage(
                    JobId.of(id),
                    code == 0 ? "COMPLETED" : "FAILED",
                    Duration.ofSeconds(field(p[3], "elapsed").orElse(0L)),
                    limit,
                    1,
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    0,
                    1,
                    "RSS",
                    "",
                    NOT_MEASURED));
        }
        return out;
    }

    private static Optional<Long> field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":(-?\\d+)").matcher(json);
        return m.find() ? Optional.of(Long.parseLong(m.group(1))) : Optional.empty();
    }
}
