package org.hpckernel.cluster.usage;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Memory sizes as accounting prints them, all 1024-based: Slurm {@code 5664932K}, {@code 1.50G},
 * a bare number of bytes ({@code 139994035}); Grid Engine {@code 2.902M}, {@code 1.715MB}; PBS
 * {@code 29380680kb}. And sizes written the way seff writes them ({@code 361.24 GB}).
 */
public final class ByteSize {

    private static final Pattern SIZE =
            Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgtpe]?)(?:i?b)?(w?)", Pattern.CASE_INSENSITIVE);
    private static final String UNITS = "KMGTPE";

    private ByteSize() {}

    /** Bytes; empty for blank, {@code N/A}, {@code INFINITY}, {@code UNLIMITED} or anything not a size. */
    public static Optional<Long> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = SIZE.matcher(text.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        double n = Double.parseDouble(m.group(1));
        int power = m.group(2).isEmpty() ? 0 : UNITS.indexOf(m.group(2).toUpperCase(Locale.ROOT)) + 1;
        // PBS counts in words when the unit ends in w: a word is 8 bytes on every system it runs on now
        double bytes = n * Math.pow(1024, power) * (m.group(3).isEmpty() ? 1 : 8);
        return Optional.of(Math.round(bytes));
    }

    /** A size with units, in mebibytes when there are none: Slurm's and Grid Engine's reading of {@code --mem 4000}. */
    public static Optional<Long> parseMegabytesByDefault(String text) {
        if (text != null && text.strip().matches("\\d+(\\.\\d+)?")) {
            return parse(text.strip() + "M");
        }
        return parse(text);
    }

    /** seff's form: two decimals and the largest 1024 unit under the value, {@code 361.24 GB}; zero is {@code 0.00 MB}. */
    public static String format(long bytes) {
        if (bytes <= 0) {
            return "0.00 MB";
        }
        double v = bytes;
        String unit = "B";
        for (int i = 0; i < UNITS.length() && v >= 1024; i++) {
            v /= 1024;
            unit = UNITS.charAt(i) + "B";
        }
        return String.format(Locale.ROOT, "%.2f %s", v, unit);
    }
}
