package org.hpckernel.cluster.pjm;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hpckernel.cluster.JobId;
import org.hpckernel.cluster.JobStatus;
import org.hpckernel.cluster.QueuedJob;

/**
 * {@code pjstat} ({@code -A}: every user's jobs) for {@code %hpc queue}, read by the header's names
 * like the status poll. START_DATE has no year ({@code 11/17 09:01:41}), so the cluster's date is
 * asked in the same call ({@code @@now}) and a date more than half a year ahead is last year's; an
 * estimate may be bracketed or end in {@code <}. The table names no resource group. Pure.
 */
public final class PjmQueueParser {

    private PjmQueueParser() {}

    /** pjstat lists no resource group per job, so a partition cannot be picked out of it: refused rather than ignored. */
    public static String command(boolean all, Optional<String> group) {
        if (group.isPresent()) {
            throw new IllegalArgumentException(
                    "PJM's pjstat table does not say which resource group a job is in, so --partition cannot "
                            + "be used with %hpc queue on a pjm profile: leave it out (`%hpc partitions` lists the groups).");
        }
        return "pjstat" + (all ? " -A" : "") + " && echo \"@@now $(date +%Y-%m-%dT%H:%M:%S)\"";
    }

    public static List<QueuedJob> parse(String output) {
        int mark = output.indexOf("@@now ");
        Optional<LocalDateTime> now = mark < 0
                ? Optional.empty()
                : time(output.substring(mark + 6).strip().split("\\s")[0]);
        List<QueuedJob> jobs = new ArrayList<>();
        List<String> names = null;
        for (String line : (mark < 0 ? output : output.substring(0, mark)).split("\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("[")) {
                continue;
            }
            List<String> words =
                    PjmStatusParser.values(l.replaceAll("\\((\\d{2}/\\d{2}) (\\d{2}:\\d{2}(:\\d{2})?)\\)<?", "$1 $2"));
            if (words.contains("JOB_ID")) {
                names = words;
                continue;
            }
            if (names == null || words.size() < names.size()) {
                continue;
            }
            Map<String, String> row = new java.util.LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) {
                row.put(names.get(i), words.get(i));
            }
            String st = row.getOrDefault("ST", "");
            JobStatus s = PjmStatusParser.status(JobId.of(row.get("JOB_ID")), st, Optional.empty(), Optional.empty());
            Optional<LocalDateTime> start = now.flatMap(n -> yearless(row.getOrDefault("START_DATE", "-"), n));
            Optional<Duration> limit = hms(row.getOrDefault("ELAPSE_LIM", "-"));
            boolean running = s.state() == org.hpckernel.cluster.JobState.RUNNING;
            Optional<Duration> left = running && start.isPresent() && now.isPresent()
                    ? limit.map(x -> x.minus(Duration.between(start.get(), now.get())))
                            .map(d -> d.isNegative() ? Duration.ZERO : d)
                    : limit;
            String nodes = row.getOrDefault("NODE_REQUIRE", "-");
            jobs.add(new QueuedJob(
                    row.get("JOB_ID"),
                    row.getOrDefault("JOB_NAME", ""),
                    row.getOrDefault("USER", ""),
                    "",
                    s.state(),
                    st,
                    s.reason().equals(st) ? "" : s.reason(),
                    start,
                    "",
                    left,
                    nodes.matches("\\d+(:.*)?") ? Integer.parseInt(nodes.split(":")[0]) : 0,
                    0));
        }
        return List.copyOf(jobs);
    }

    /** {@code 11/17 09:01:41} in the year that puts it nearest to now (never more than half a year ahead). */
    static Optional<LocalDateTime> yearless(String text, LocalDateTime now) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{2})/(\\d{2}) (\\d{2}):(\\d{2})(?::(\\d{2}))?")
                .matcher(text);
        if (!m.find()) {
            return Optional.empty();
        }
        try {
            LocalDateTime t = LocalDateTime.of(
                    now.getYear(),
                    Integer.parseInt(m.group(1)),
                    Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3)),
                    Integer.parseInt(m.group(4)),
                    m.group(5) == null ? 0 : Integer.parseInt(m.group(5)));
            return Optional.of(t.isAfter(now.plusMonths(6)) ? t.minusYears(1) : t);
        } catch (java.time.DateTimeException notADate) {
            return Optional.empty();
        }
    }

    /** PJM's {@code hhhh:mm:ss}; {@code -} or {@code unlimited} is none. */
    static Optional<Duration> hms(String text) {
        String t = text.strip();
        if (!t.matches("\\d{1,9}:\\d{2}(:\\d{2})?")) {
            return Optional.empty();
        }
        long s = 0;
        for (String p : t.split(":")) {
            s = s * 60 + Long.parseLong(p);
        }
        return Optional.of(Duration.ofSeconds(s));
    }

    static Optional<LocalDateTime> time(String text) {
        try {
            return Optional.of(LocalDateTime.parse(text.strip()));
        } catch (DateTimeParseException bad) {
            return Optional.empty();
        }
    }
}
