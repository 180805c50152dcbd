package org.hpckernel.cluster.slurm;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.hpckernel.cluster.JobId;
import org.hpckernel.cluster.usage.ByteSize;
import org.hpckernel.cluster.usage.Clock;
import org.hpckernel.cluster.usage.JobUsage;
import org.hpckernel.cluster.usage.UsageUnavailable;

/**
 * Reads {@code sacct -P} rows into what each job used, with seff's maths: CPU time is the
 * allocation row's TotalCPU (the sum of its steps); a step's memory peak is its TRESUsageInTot
 * {@code mem} (the step's tasks' peaks added up; MaxRSS, the largest task, where that column is
 * absent) and the job's peak is the largest step's; the request is AllocTRES {@code mem}, else
 * ReqMem ({@code 4000Mc} per CPU, {@code 16000Mn} per node, a bare {@code 8000M} the whole job).
 * Columns are found by name, so other tools' recorded queries read too.
 */
public final class SlurmUsageParser {

    /** The columns our own query asks for, in order. */
    public static final List<String> FIELDS = List.of(
            "JobID",
            "JobIDRaw",
            "State",
            "Elapsed",
            "ElapsedRaw",
            "TotalCPU",
            "NCPUS",
            "NNodes",
            "Partition",
            "ReqMem",
            "AllocTRES",
            "MaxRSS",
            "TRESUsageInTot",
            "Timelimit");

    private SlurmUsageParser() {}

    /** {@code sacct} for these jobs, array tasks and steps included, one row per line; then {@code @@sacct RC}. */
    public static String command(List<String> ids) {
        return "sacct -P -n -o " + String.join(",", FIELDS) + " -j "
                + org.hpckernel.cluster.Shell.quote(String.join(",", ids)) + " 2>&1; echo \"@@sacct $?\"";
    }

    /** Our own query's answer. */
    public static List<JobUsage> parse(String output) throws UsageUnavailable {
        String rc = "0";
        StringBuilder rows = new StringBuilder();
        for (String line : output.split("\n")) {
            if (line.startsWith("@@sacct ")) {
                rc = line.substring(8).strip();
            } else {
                rows.append(line).append('\n');
            }
        }
        List<JobUsage> jobs = parse(rows.toString(), FIELDS, "|");
        if (!rc.equals("0") && jobs.isEmpty()) {
            throw new UsageUnavailable(
                    "sacct failed: " + rows.toString().strip().split("\n")[0]);
        }
        return jobs;
    }

    /** Rows of {@code fields} separated by {@code delimiter} (a trailing one is allowed, as {@code --parsable} prints). */
    public static List<JobUsage> parse(String rows, List<String> fields, String delimiter) {
        Map<String, Map<String, String>> allocations = new LinkedHashMap<>();
        Map<String, List<Map<String, String>>> steps = new HashMap<>();
        for (String line : rows.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] cells = line.split(Pattern.quote(delimiter), -1);
            if (cells.length < fields.size()) {
                continue; // an error line, not a row
            }
            Map<String, String> row = new HashMap<>();
            for (int i = 0; i < fields.size(); i++) {
                row.put(fields.get(i), cells[i].strip());
            }
            String id = row.getOrDefault("JobID", "");
            if (id.isEmpty() || id.contains("[")) {
                continue; // 123_[4-9]: tasks that have not started used nothing
            }
            int dot = id.indexOf('.');
            if (dot < 0) {
                allocations.put(id, row);
            } else {
                steps.computeIfAbsent(id.substring(0, dot), k -> new ArrayList<>())
                        .add(row);
            }
        }
        List<JobUsage> out = new ArrayList<>();
        allocations.forEach((id, row) -> out.add(usage(id, row, steps.getOrDefault(id, List.of()))));
        return out;
    }

    private static JobUsage usage(String id, Map<String, String> row, List<Map<String, String>> steps) {
        Duration elapsed = number(row.get("ElapsedRaw"))
                .map(Duration::ofSeconds)
                .or(() -> Clock.parse(row.get("Elapsed")))
                .orElse(Duration.ZERO);
        Map<String, String> tres = tres(row.getOrDefault("AllocTRES", ""));
        int cpus = number(row.get("NCPUS"))
                .or(() -> number(row.get("AllocCPUS")))
                .or(() -> number(tres.get("cpu")))
                .orElse(1L)
                .intValue();
        int nodes = number(row.get("NNodes"))
                .or(() -> number(tres.get("node")))
                .orElse(1L)
                .intValue();
        Optional<Long> peak = Optional.empty();
        for (Map<String, String> step : steps) {
            Optional<Long> p = Optional.ofNullable(
                            tres(step.getOrDefault("TRESUsageInTot", "")).get("mem"))
                    .flatMap(ByteSize::parse)
                    .or(() -> ByteSize.parse(step.get("MaxRSS")));
            if (p.isPresent() && (peak.isEmpty() || p.get() > peak.get())) {
                peak = p;
            }
        }
        Optional<Long> request = Optional.ofNullable(tres.get("mem"))
                .flatMap(ByteSize::parseMegabytesByDefault)
                .filter(m -> m > 0)
                .or(() -> requestedMemory(row.getOrDefault("ReqMem", ""), cpus, nodes));
        int gpus = number(tres.get("gres/gpu"))
                .orElseGet(() -> tres.entrySet().stream()
                        .filter(e -> e.getKey().startsWith("gres/gpu:"))
                        .mapToLong(e -> number(e.getValue()).orElse(0L))
                        .sum())
                .intValue();
        String state = row.getOrDefault("State", "").split(" ")[0];
        String note = "RUNNING".equals(state)
                ? "a running job's TotalCPU and MaxRSS are counted as its steps end (`sstat -j ID` shows live figures)"
                : peak.isEmpty() && !steps.isEmpty() && !"PENDING".equals(state)
                        ? "no memory samples: sacct has MaxRSS only with a JobAcctGatherType, and only once a sample was taken "
                                + "(every JobAcctGatherFrequency seconds; --acctg-freq=task=1 samples a short job every second)"
                        : "";
        return new JobUsage(
                JobId.of(id),
                state,
                elapsed,
                Clock.parse(row.get("Timelimit")),
                cpus,
                Clock.parse(row.get("TotalCPU")),
                peak,
                request,
                gpus,
                nodes,
                "RSS",
                row.getOrDefault("Partition", ""),
                note);
    }

    /** ReqMem: {@code 4000Mc} per CPU, {@code 16000Mn} per node, plain (Slurm 21.08 and later) the job's total. */
    static Optional<Long> requestedMemory(String reqMem, int cpus, int nodes) {
        String r = reqMem.strip();
        if (r.isEmpty() || r.equals("0")) {
            return Optional.empty();
        }
        char last = r.charAt(r.length() - 1);
        if (last == 'c' || last == 'n') {
            return ByteSize.parseMegabytesByDefault(r.substring(0, r.length() - 1))
                    .map(m -> m * (last == 'c' ? cpus : nodes));
        }
        return ByteSize.parseMegabytesByDefault(r).filter(m -> m > 0);
    }

    /** {@code billing=2,cpu=2,gres/gpu=1,mem=6000M,node=1} by name. */
    static Map<String, String> tres(String text) {
        Map<String, String> out = new HashMap<>();
        for (String part : text.split(",")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                out.put(part.substring(0, eq).strip(), part.substring(eq + 1).strip());
            }
        }
        return out;
    }

    private static Optional<Long> number(String text) {
        return text != null && text.strip().matches("\\d{1,18}")
                ? Optional.of(Long.parseLong(text.strip()))
                : Optional.empty();
    }
}
