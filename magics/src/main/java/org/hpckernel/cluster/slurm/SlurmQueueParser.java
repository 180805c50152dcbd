package org.hpckernel.cluster.slurm;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hpckernel.cluster.QueuedJob;
import org.hpckernel.cluster.Shell;

/**
 * {@code squeue} for {@code %hpc queue}: one delimited row per job, pending and running. The name
 * comes last because it is the one field a user may put a {@code |} into; the reason (which holds
 * blanks) has none. Pure.
 */
public final class SlurmQueueParser {

    /** Id, partition, user, state, start (estimated when pending, N/A when unknown), priority, time left, limit, nodes, CPUs, node list, planned nodes, reason, name. */
    static final String FORMAT = "%i|%P|%u|%T|%S|%Q|%L|%l|%D|%C|%N|%Y|%r|%j";

    private static final int FIELDS = 14;

    private SlurmQueueParser() {}

    /** The user's jobs (everyone's with {@code all}), of one partition when given; {@code -u} rather than {@code --me}, which Slurm before 20.02 lacks. */
    public static String command(boolean all, Optional<String> partition) {
        // squeue lists nothing, without an error, for a partition that does not exist: say so instead
        String check = partition
                .filter(p -> !p.contains(","))
                .map(
                        p -> "if ! sinfo -h -o %R | grep -qxF -- " + Shell.quote(p)
                                + "; then echo \"there is no partition \"" + Shell.quote(p)
                                + "\" here; its partitions are $(sinfo -h -o %R | paste -sd, -): pass one of them with --partition\" >&2; exit 3; fi; ")
                .orElse("");
        return check + "squeue -h" + (all ? "" : " -u \"${USER:-$(id -un)}\"")
                + partition.map(p -> " -p " + Shell.quote(p)).orElse("") + " -o " + Shell.quote(FORMAT);
    }

    public static List<QueuedJob> parse(String output) {
        List<QueuedJob> jobs = new ArrayList<>();
        for (String line : output.split("\n")) {
            String[] f = line.split("\\|", FIELDS);
            if (f.length < FIELDS || f[0].isBlank()) {
                continue;
            }
            String reason = f[12].strip();
            jobs.add(new QueuedJob(
                    f[0].strip(),
                    f[13].strip(),
                    f[2].strip(),
                    f[1].strip(),
                    SlurmStates.parse(f[3]),
                    f[3].strip(),
                    reason.equals("None") || reason.equals("(null)") ? "" : reason,
                    start(f[4]),
                    f[5].strip(),
                    time(f[6]),
                    count(f[8]),
                    count(f[9])));
        }
        return List.copyOf(jobs);
    }

    /** {@code 2026-11-29T19:22:41}; {@code N/A}, {@code Unknown}, {@code (null)} and blanks are no estimate. */
    static Optional<LocalDateTime> start(String text) {
        try {
            return Optional.of(LocalDateTime.parse(text.strip()));
        } catch (DateTimeParseException noEstimate) {
            return Optional.empty();
        }
    }

    /** squeue's {@code %L}: {@code 1:24}, {@code 2-00:00:00}; {@code UNLIMITED}, {@code NOT_SET} or {@code INVALID} are none. */
    static Optional<Duration> time(String text) {
        try {
            return SlurmPartitions.parseTime(text);
        } catch (NumberFormatException notATime) {
            return Optional.empty();
        }
    }

    private static int count(String text) {
        String t = text.strip();
        return t.matches("\\d{1,9}") ? Integer.parseInt(t) : 0;
    }

    /** The command that asks Slurm when a script would start, without submitting it; the answer is on stderr. */
    public static String startEstimateCommand(String scriptPath) {
        return "sbatch --test-only " + Shell.quote(scriptPath) + " 2>&1";
    }

    /**
     * {@code sbatch: Job 3458 to start at 2026-11-29T19:28:41 using 1 processors on nodes n1 in
     * partition debug} as a sentence; any other answer (an allocation failure) as Slurm's own words.
     */
    public static Optional<String> startEstimate(String output) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                        "Job \\d+ to start at (\\S+) using (\\d+) processors on nodes (\\S+) in partition (\\S+)")
                .matcher(output);
        if (m.find()) {
            String at =
                    start(m.group(1)).map(t -> t.toString().replace('T', ' ')).orElse(m.group(1));
            return Optional.of("Slurm estimates it would start at " + at + " (cluster time) in partition " + m.group(4)
                    + " on " + m.group(3) + ", using " + m.group(2) + " CPU" + ("1".equals(m.group(2)) ? "" : "s")
                    + ".");
        }
        String said = output.strip();
        return said.isEmpty()
                ? Optional.empty()
                : Optional.of("Slurm could not place it now: "
                        + said.lines().reduce((a, b) -> b).orElse(said).replaceFirst("^sbatch: (error: )?", ""));
    }
}
