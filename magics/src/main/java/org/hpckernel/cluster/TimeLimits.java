package org.hpckernel.cluster;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hpckernel.HpcException;

/** Time limits as people write them for Slurm: MM, MM:SS, HH:MM:SS, D-HH, D-HH:MM, D-HH:MM:SS. */
public final class TimeLimits {

    /** No scheduler we know accepts more than a year; a longer value is a typo, not a request. */
    public static final Duration MAX = Duration.ofDays(365);

    // unsigned digits only: a sign or a stray character is refused, never read as something else
    private static final Pattern FORM = Pattern.compile("(?:(\\d{1,9})-)?(\\d{1,9})(?::(\\d{1,9}))?(?::(\\d{1,9}))?");
    private static final String FORMS = "MINUTES, HH:MM:SS or D-HH:MM:SS (like 30, 02:00:00 or 1-12:00:00)";

    private TimeLimits() {}

    /** A positive limit of at most {@link #MAX}; anything else is refused with a message saying what is accepted. */
    public static Duration parse(String text) {
        String t = text.strip();
        Matcher m = FORM.matcher(t);
        if (!m.matches()) {
            throw new HpcException("--time takes " + FORMS + ", not '" + text + "'"
                    + (t.startsWith("-") ? ": a time limit cannot be negative" : ""));
        }
        long a = Long.parseLong(m.group(2));
        long b = m.group(3) == null ? -1 : Long.parseLong(m.group(3));
        long c = m.group(4) == null ? -1 : Long.parseLong(m.group(4));
        Duration d;
        if (m.group(1) != null) {
            // D-HH[:MM[:SS]]
            d = Duration.ofDays(Long.parseLong(m.group(1)))
                    .plusHours(a)
                    .plusMinutes(Math.max(b, 0))
                    .plusSeconds(Math.max(c, 0));
        } else if (c >= 0) {
            d = Duration.ofHours(a).plusMinutes(b).plusSeconds(c);
        } else if (b >= 0) {
            d = Duration.ofMinutes(a).plusSeconds(b);
        } else {
            d = Duration.ofMinutes(a);
        }
        if (d.isZero()) {
            throw new HpcException("--time " + text.strip()
                    + " is no time at all: give the job a limit above zero, like --time 30 (minutes)");
        }
        if (d.compareTo(MAX) > 0) {
            throw new HpcException(
                    "--time " + text.strip() + " is more than a year (" + d.toDays() + " days); give " + FORMS);
        }
        return d;
    }
}
