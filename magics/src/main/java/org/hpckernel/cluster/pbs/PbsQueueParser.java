package org.hpckernel.cluster.pbs;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.hpckernel.cluster.JobId;
import org.hpckernel.cluster.JobStatus;
import org.hpckernel.cluster.QueuedJob;
import org.hpckernel.cluster.Shell;

/**
 * {@code qstat -f} of the jobs {@code qselect} picks, for {@code %hpc queue}. The full listing
 * rather than {@code qstat -T}, whose "Est Start" column is cut to {@code Tu 15} or {@code Mon}:
 * here {@code estimated.start_time} is a whole date (set only where the scheduler plans ahead,
 * backfill or strict ordering), {@code stime} the real start, the {@code comment} the reason. Pure.
 */
public final class PbsQueueParser {

    private static final DateTimeFormatter CTIME =
            DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.ROOT);

    private PbsQueueParser() {}

    /** qselect lists the jobs (mine, or everyone's), then one qstat -f for all of them; a failing qselect fails the call. */
    public static String command(boolean all, Optional<String> queue) {
        return "ids=$(qselect" + (all ? "" : " -u \"${USER:-$(id -un)}\"")
                + queue.map(q -> " -q " + Shell.quote(q)).orElse("") + ") && { [ -z \"$ids\" ] || qstat -f $ids; }";
    }

    public static List<QueuedJob> parse(String output) {
        List<QueuedJob> jobs = new ArrayList<>();
        for (Map.Entry<String, Map<String, String>> block :
                PbsBlocks.read(output, "Job Id").entrySet()) {
            Map<String, String> f = block.getValue();
            String state = f.getOrDefault("job_state", "");
            JobStatus s = PbsStatusParser.status(
                    JobId.of(block.getKey()), state, Optional.empty(), f.getOrDefault("comment", ""));
            String owner = f.getOrDefault("Job_Owner", "");
            boolean pending = s.state() == org.hpckernel.cluster.JobState.PENDING;
            Optional<LocalDateTime> start =
                    pending ? ctime(f.getOrDefault("estimated.start_time", "")) : ctime(f.getOrDefault("stime", ""));
            Optional<Duration> limit = hms(f.getOrDefault("Resource_List.walltime", ""));
            Optional<Duration> used = hms(f.getOrDefault("resources_used.walltime", ""));
            Optional<Duration> left = limit.map(l -> used.map(u -> l.minus(u))
                    .filter(d -> !d.isNegative())
                    .orElse(used.isPresent() ? Duration.ZERO : l));
            jobs.add(new QueuedJob(
                    block.getKey(),
                    f.getOrDefault("Job_Name", ""),
                    owner.contains("@") ? owner.substring(0, owner.indexOf('@')) : owner,
                    f.getOrDefault("queue", ""),
                    s.state(),
                    state,
                    s.reason(),
                    start,
                    f.getOrDefault("Priority", ""),
                    left,
                    count(f.get("Resource_List.nodect")),
                    count(f.get("Resource_List.ncpus"))));
        }
        return List.copyOf(jobs);
    }

    /** {@code Tue Apr  9 15:01:47 2013} (two blanks before a one-digit day); {@code UNKNOWN} or anything else is none. */
    static Optional<LocalDateTime> ctime(String text) {
        try {
            return text.isBlank()
                    ? Optional.empty()
                    : Optional.of(LocalDateTime.parse(
                            text.strip().replaceAll("\\s+", " ").replaceFirst(" (\\d) ", "  $1 "), CTIME));
        } catch (DateTimeParseException unknown) {
            return Optional.empty();
        }
    }

    /** PBS's {@code HHHH:MM:SS} (hours may pass 99), or {@code MM:SS}, or seconds. */
    static Optional<Duration> hms(String text) {
        String t = text.strip();
        if (!t.matches("\\d{1,9}(:\\d{1,2}){0,2}")) {
            return Optional.empty();
        }
        long seconds = 0;
        for (String part : t.split(":")) {
            seconds = seconds * 60 + Long.parseLong(part);
        }
        return Optional.of(Duration.ofSeconds(seconds));
    }

    private static int count(String text) {
        return text != null && text.strip().matches("\\d{1,9}") ? Integer.parseInt(text.strip()) : 0;
    }
}
