package org.hpckernel.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One option of a directive line as a scheduler reads it: {@code #SBATCH --time=10} or
 * {@code #PBS -l walltime=1:00:00}, with the line it came from (1-based) for messages.
 */
public record Directive(String prefix, int lineNumber, String line, String option, Optional<String> value) {

    /** {@code --time=10}, {@code -l walltime=1:00:00}: the option as a user would write it again. */
    public String text() {
        return value.map(v -> option + (option.startsWith("--") ? "=" : " ") + v)
                .orElse(option);
    }

    /**
     * The directives of {@code prefix} in a script, each line split like the scheduler does:
     * several options per line, {@code --opt=value} or {@code --opt value}, quotes removed, a
     * trailing {@code # comment} ignored. Like sbatch and qsub, reading stops at the first line that
     * is neither blank nor a comment (directives after a command are plain comments to them).
     */
    public static List<Directive> read(String script, String prefix, Set<String> flags) {
        return read(script, prefix, flags, true, Set.of());
    }

    public static List<Directive> read(
            String script, String prefix, Set<String> flags, boolean stopAtCommand, Set<String> twoValues) {
        return read(script, prefix, flags, stopAtCommand, twoValues, "#SBATCH".equals(prefix));
    }

    /** As {@link #read(String, String, Set)}; Grid Engine reads {@code #$} lines in the whole script ({@code stopAtCommand} false). */
    private static List<Directive> read(
            String script,
            String prefix,
            Set<String> flags,
            boolean stopAtCommand,
            Set<String> twoValues,
            boolean attached) {
        List<Directive> found = new ArrayList<>();
        String[] lines = script.split("\n", -1);
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n].strip();
            if (n == 0 && line.startsWith("#!")) {
                continue;
            }
            if (!line.isEmpty() && !line.startsWith("#")) {
                if (stopAtCommand) {
                    break;
                }
                continue;
            }
            if (!line.startsWith(prefix)
                    || (line.length() > prefix.length() && !Character.isWhitespace(line.charAt(prefix.length())))) {
                continue;
            }
            List<String> words = words(line.substring(prefix.length()));
            for (int i = 0; i < words.size(); i++) {
                String w = words.get(i);
                if (w.startsWith("#")) {
                    break; // a comment after the options
                }
                if (!w.startsWith("-") || w.equals("-") || w.equals("--")) {
                    // a stray word (a value with no option): kept so it is not lost, refused where it matters
                    found.add(new Directive(prefix, n + 1, line, w, Optional.empty()));
                    continue;
                }
                int eq = w.indexOf('=');
                if (w.startsWith("--") && eq > 0) {
                    found.add(new Directive(prefix, n + 1, line, w.substring(0, eq), Optional.of(w.substring(eq + 1))));
                } else if (flags.contains(w)) {
                    found.add(new Directive(prefix, n + 1, line, w, Optional.empty()));
                } else if (attached && !w.startsWith("--") && w.length() > 2 && !flags.contains(w.substring(0, 2))) {
                    // -J name written as -Jname (sbatch's getopt allows it; qsub's options are words: -pe, -wd)
                    found.add(new Directive(prefix, n + 1, line, w.substring(0, 2), Optional.of(w.substring(2))));
                } else if (twoValues.contains(w) && i + 2 < words.size()) {
                    found.add(new Directive(
                            prefix, n + 1, line, w, Optional.of(words.get(i + 1) + " " + words.get(i + 2))));
                    i += 2;
                } else if (i + 1 < words.size()
                        && !(words.get(i + 1).startsWith("-")
                                && words.get(i + 1).length() > 1
                                && !Character.isDigit(words.get(i + 1).charAt(1)))
                        && !words.get(i + 1).startsWith("#")) {
                    found.add(new Directive(prefix, n + 1, line, w, Optional.of(words.get(++i))));
                } else {
                    found.add(new Directive(prefix, n + 1, line, w, Optional.empty()));
                }
            }
        }
        return found;
    }

    /** Words as a shell splits them: blanks separate, single and double quotes group and are removed. */
    static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    w.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(w.toString());
                    w.setLength(0);
                    inWord = false;
                }
            } else {
                w.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(w.toString());
        }
        return words;
    }
}
