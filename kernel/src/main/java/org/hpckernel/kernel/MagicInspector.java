package org.hpckernel.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hpckernel.magic.CommandMagic;
import org.hpckernel.magic.Magic;
import org.hpckernel.magic.MagicRegistry;

/**
 * Shift-Tab on a magic line: the help of the subcommand written so far ({@code %%hpc submit} is
 * submit's help, not the {@code %hpc} overview), led by the option under the cursor when there is one.
 */
final class MagicInspector {

    private MagicInspector() {}

    /** {@code line} is one magic line; {@code column} the cursor's place in it. */
    static Optional<String> inspect(MagicRegistry magics, String line, int column) {
        List<int[]> spans = new ArrayList<>();
        for (int i = 0; i < line.length(); ) {
            while (i < line.length() && Character.isWhitespace(line.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < line.length() && !Character.isWhitespace(line.charAt(i))) {
                i++;
            }
            if (i > start) {
                spans.add(new int[] {start, i});
            }
        }
        if (spans.isEmpty()) {
            return Optional.empty();
        }
        String name = word(line, spans.get(0)).replaceFirst("^%+", "");
        Optional<Magic> magic = magics.find(name);
        if (magic.isEmpty()) {
            return Optional.empty();
        }
        if (!(magic.get() instanceof CommandMagic command)) {
            return Optional.of(magic.get().help());
        }
        List<String> path = new ArrayList<>();
        String option = null;
        for (int k = 1; k < spans.size() && spans.get(k)[0] <= column; k++) {
            String w = word(line, spans.get(k));
            boolean underCursor = column <= spans.get(k)[1];
            if (w.startsWith("-")) {
                if (underCursor) {
                    option = w.split("=", 2)[0];
                }
            } else if (option == null) {
                path.add(w);
            }
        }
        String help = command.help(path);
        return Optional.of(
                option == null
                        ? help
                        : optionLines(help, option).map(o -> o + "\n\n" + help).orElse(help));
    }

    /** The option's own lines from picocli's usage text: its names, then its wrapped description. */
    static Optional<String> optionLines(String help, String option) {
        String[] lines = help.split("\n");
        for (int i = 0; i < lines.length; i++) {
            String stripped = lines[i].strip();
            if (stripped.startsWith(option + "=")
                    || stripped.startsWith(option + " ")
                    || stripped.equals(option)
                    || stripped.contains(", " + option + "=")
                    || stripped.contains(", " + option + " ")) {
                StringBuilder out = new StringBuilder(stripped);
                int indent = lines[i].length() - lines[i].stripLeading().length();
                for (int j = i + 1; j < lines.length; j++) {
                    String next = lines[j];
                    int nextIndent = next.length() - next.stripLeading().length();
                    if (next.isBlank() || nextIndent <= indent || next.strip().startsWith("-")) {
                        break;
                    }
                    out.append(' ').append(next.strip());
                }
                return Optional.of(out.toString().replaceAll("\\s{2,}", "  "));
            }
        }
        return Optional.empty();
    }

    private static String word(String line, int[] span) {
        return line.substring(span[0], span[1]);
    }
}
