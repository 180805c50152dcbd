package org.hpckernel.cluster.pbs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hpckernel.cluster.JobId;
import org.hpckernel.cluster.usage.ByteSize;
import org.hpckernel.cluster.usage.Clock;
import org.hpckernel.cluster.usage.JobUsage;

/**
 * What PBS jobs used, from {@code qstat -x -f -t}: {@code resources_used.cput}, {@code .walltime},
 * {@code .mem} and {@code .ncpus} against {@code Resource_List.walltime}, {@code .mem} (else the
 * select's chunk {@code mem} × chunks), {@code .ngpus} and {@code .nodect}. Long values are wrapped
 * at 78 columns onto lines starting with a TAB; they are joined back first.
 */
public final class PbsUsageParser {

    private PbsUsageParser() {}

    public static List<JobUsage> parse(String output) {
        List<JobUsage> out = new ArrayList<>();
        for (Map<String, String> job : jobs(output)) {
            out.add(usage(job));
        }
        return out;
    }

    /** Each {@code Job Id:} block's attributes, continuation lines joined to the line they continue. */
    static List<Map<String, String>> jobs(String output) {
        List<Map<String, String>> jobs = new ArrayList<>();
        Map<String, String> current = null;
        String last = null;
        for (String line : output.split("\n")) {
            if (line.startsWith("Job Id:")) {
                current = new LinkedHashMap<>();
                current.put("Job Id", line.substring(7).strip());
                jobs.add(current);
                last = null;
                continue;
            }
            if (current == null || line.isBlank()) {
                continue;
            }
            int eq = line.indexOf(" = ");
            boolean attribute = line.startsWith("    ")
                    && !line.startsWith("\t")
                    && eq > 0
                    && !line.substring(0, eq).strip().contains(" ");
            if (attribute) {
                last = line.substring(0, eq).strip();
                current.put(last, line.substring(eq + 3).strip());
            } else if (last != null) {
                current.merge(last, line.strip(), String::concat);
            }
        }
        return jobs;
    }

    private static JobUsage usage(Map<String, String> f) {
        int cpus = number(f.get("resources_used.ncpus"))
                .or(() -> number(f.get("Resource_List.ncpus")))
                .orElse(1L)
                .intValue();
        int nodes = number(f.get("Resource_List.nodect")).orElse(1L).intValue();
        Optional<Long> request = Optional.ofNullable(f.get("Resource_List.mem"))
                .flatMap(ByteSize::parse)
                .or(() -> selectMemory(f.get("Resource_List.select")));
        Duration elapsed = Clock.parse(f.get("resources_used.walltime")).orElse(Duration.ZERO);
        String state = switch (f.getOrDefault("job_state", "")) {
            // PBS's own exit codes: -29 the walltime limit, -27 the memory limit
            case "F" ->
                switch (f.getOrDefault("Exit_status", "")) {
                    case "0" -> "COMPLETED";
                    case "-29" -> "TIMEOUT";
                    case "-27" -> "OUT_OF_MEMORY";
                    case "" -> "FINISHED";
                    default -> "FAILED (exit " + f.get("Exit_status") + ")";
                };
            case "R" -> "RUNNING";
            case "Q", "H", "W" -> "PENDING";
            case "X" -> "FINISHED";
            default -> f.getOrDefault("job_state", "");
        };
        return new JobUsage(
                JobId.of(f.get("Job Id")),
                state,
                elapsed,
                Clock.parse(f.get("Resource_List.walltime")),
                cpus,
                Clock.parse(f.get("resources_used.cput")),
                Optional.ofNullable(f.get("resources_used.mem")).flatMap(ByteSize::parse),
                request,
                number(f.get("Resource_List.ngpus")).orElse(0L).intValue(),
                nodes,
                "RSS",
                f.getOrDefault("queue", ""),
                request.isEmpty()
                        ? "no mem asked (Resource_List.mem): the memory peak has no request to compare with"
                        : "");
    }

    /** {@code 2:ncpus=8:mem=16gb+1:ncpus=4:mem=8gb} as 40 GiB; empty when a chunk names no mem. */
    static Optional<Long> selectMemory(String select) {
        if (select == null || select.isBlank()) {
            return Optional.empty();
        }
        long total = 0;
        for (String chunk : select.split("\\+")) {
            String[] parts = chunk.split(":");
            long count = parts[0].matches("\\d+") ? Long.parseLong(parts[0]) : 1;
            Optional<Long> mem = Optional.empty();
            for (String p : parts) {
                if (p.startsWith("mem=")) {
                    mem = ByteSize.parse(p.substring(4));
                }
            }
            if (mem.isEmpty()) {
                return Optional.empty();
            }
            total += count * mem.get();
        }
        return Optional.of(total);
    }

    private static Optional<Long> number(String text) {
        return text != null && text.strip().matches("\\d{1,18}")
                ? Optional.of(Long.parseLong(text.strip()))
                : Optional.empty();
    }
}
