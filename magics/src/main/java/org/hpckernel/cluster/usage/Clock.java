package org.hpckernel.cluster.usage;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Time spans as accounting prints them: Slurm's {@code D-HH:MM:SS}, {@code HH:MM:SS} and
 * {@code MM:SS.mmm} (TotalCPU under an hour); PBS's {@code HH:MM:SS} with hours past 99
 * ({@code 4090:56:03}); Grid Engine's seconds ({@code 60}, {@code 4s}, {@code 0.009s}).
 */
public final class Clock {

    private static final Pattern COLONS = Pattern.compile("(?:(\\d+)-)?(\\d+)(?::(\\d+))?(?::(\\d+))?(?:\\.(\\d+))?");
    private static final Pattern SECONDS = Pattern.compile("(\\d+(?:\\.\\d+)?)s?");

    private Clock() {}

    /** A span; empty for blank, {@code UNLIMITED}, {@code Partition_Limit}, {@code INFINITY} or anything else. */
    public static Optional<Duration> parse(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        String t = text.strip();
        Matcher m = COLONS.matcher(t);
        if (m.matches() && t.contains(":")) {
            long a = Long.parseLong(m.group(2));
            long b = Long.parseLong(m.group(3));
            long millis = m.group(5) == null ? 0 : Math.round(Double.parseDouble("0." + m.group(5)) * 1000);
            long seconds;
            if (m.group(4) != null) {
                seconds = a * 3600 + b * 60 + Long.parseLong(m.group(4));
            } else if (m.group(1) != null) {
                seconds = a * 3600 + b * 60; // D-HH:MM
            } else {
                seconds = a * 60 + b; // MM:SS(.mmm)
            }
            long days = m.group(1) == null ? 0 : Long.parseLong(m.group(1));
            return Optional.of(Duration.ofDays(days).plusSeconds(seconds).plusMillis(millis));
        }
        Matcher s = SECONDS.matcher(t);
        if (s.matches()) {
            return Optional.of(Duration.ofMillis(Math.round(Double.parseDouble(s.group(1)) * 1000)));
        }
        return Optional.empty();
    }

    /** Slurm's and seff's form, days unbounded: {@code 98-04:21:35}, {@code 02:52:18}. Fractions of a second are dropped. */
    public static String format(Duration d) {
        long s = Math.max(0, d.toSeconds());
        long days = s / 86400;
        String hms = String.format(java.util.Locale.ROOT, "%02d:%02d:%02d", s % 86400 / 3600, s % 3600 / 60, s % 60);
        return days > 0 ? days + "-" + hms : hms;
    }
}
