package org.hpckernel.cluster;

import java.util.Locale;
import java.util.Optional;

/** Small helpers the batch schedulers other than Slurm share: directive values, times, the first word of a directive. */
public final class BatchScripts {

    private BatchScripts() {}

    /** Directive values are read by the scheduler, not a shell: no line breaks, no blanks (they split options). */
    public static String plainValue(String what, String value) {
        if (value.isEmpty() || value.chars().anyMatch(c -> Character.isWhitespace(c) || c == '"' || c == '\'')) {
            throw new IllegalArgumentException(
                    what + " cannot be empty or contain blanks or quotes here: '" + value.replace("\n", "\\n") + "'");
        }
        return value;
    }

    /** A path we made (the job directory): only a line break could break the directive. */
    public static String pathValue(String path) {
        if (path.contains("\n") || path.contains("\r")) {
            throw new IllegalArgumentException(
                    "a job directory cannot contain a line break: " + path.replace("\n", "\\n"));
        }
        return path;
    }

    /** A job name every batch system accepts: letters, digits, {@code _ . -}; starts with a letter. */
    public static String safeName(String name) {
        String s = name.replaceAll("[^A-Za-z0-9_.-]", "_");
        if (s.isEmpty() || !Character.isLetter(s.charAt(0))) {
            s = "j" + s;
        }
        return s.length() > 63 ? s.substring(0, 63) : s;
    }

    /** {@code HH:MM:SS}, hours unbounded (PBS walltime, SGE h_rt, PJM elapse all take it). */
    public static String hms(java.time.Duration t) {
        long s = Math.max(1, t.toSeconds());
        return String.format(Locale.ROOT, "%02d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
    }

    /** The value of the first line {@code PREFIX OPTION VALUE} of a rendered script. */
    public static Optional<String> directive(String script, String prefix, String option) {
        String start = prefix + " " + option + " ";
        for (String line : script.split("\n")) {
            if (line.startsWith(start)) {
                return Optional.of(line.substring(start.length()).strip());
            }
        }
        return Optional.empty();
    }

    /** A path in a command: {@code ~/x} stays expandable, everything else is quoted. */
    public static String quotePath(String path) {
        return JobScript.quotePath(path);
    }

    public static Optional<Integer> parseInt(String s) {
        try {
            return Optional.of(Integer.parseInt(s.strip()));
        } catch (NumberFormatException | NullPointerException e) {
            return Optional.empty();
        }
    }

    /** Runs a cancel command (qdel, pjdel...); a refusal is an error quoting the scheduler's words. */
    public static void runCancel(Transport transport, String command, java.time.Duration timeout)
            throws java.io.IOException {
        ExecResult r = transport.exec(command, timeout);
        if (!r.ok()) {
            throw new java.io.IOException(
                    command.split(" ", 2)[0] + " failed: " + (r.stderr().isBlank() ? r.stdout() : r.stderr()).strip());
        }
    }
}
