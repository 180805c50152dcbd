package org.hpckernel.magic;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Magics by name: runs a {@link MagicCall}, answers {@code --help}, suggests the closest name for a
 * typo, and completes magic names, subcommands and options.
 */
public final class MagicRegistry {

    private final Map<String, Magic> magics = new TreeMap<>();

    /** A registry holding {@code %lsmagic} and {@code %help}. */
    public static MagicRegistry withBuiltins() {
        MagicRegistry registry = new MagicRegistry();
        registry.register(new LsMagic(registry));
        registry.register(new HelpMagic(registry));
        return registry;
    }

    /** Adds a magic; a later magic with the same name replaces the earlier one. */
    public synchronized MagicRegistry register(Magic magic) {
        magics.put(magic.name(), magic);
        return this;
    }

    public synchronized Optional<Magic> find(String name) {
        return Optional.ofNullable(magics.get(name));
    }

    /** All magics, sorted by name. */
    public synchronized List<Magic> all() {
        return List.copyOf(magics.values());
    }

    /** The magic named {@code name}, or an error naming the closest one. */
    public Magic require(String name) {
        return find(name).orElseThrow(() -> unknown(name));
    }

    /**
     * Runs a call. {@code --help} or {@code -h} (before any {@code --}) returns the magic's help;
     * a {@link CommandMagic} answers it itself, per subcommand.
     */
    public Object run(MagicCall call, MagicContext context) throws Exception {
        Magic magic = require(call.name());
        if (!(magic instanceof CommandMagic) && asksForHelp(call.args())) {
            return magic.help();
        }
        return magic.run(call, context);
    }

    static boolean asksForHelp(List<String> args) {
        for (String arg : args) {
            if (arg.equals("--")) {
                return false;
            }
            if (arg.equals("--help") || arg.equals("-h")) {
                return true;
            }
        }
        return false;
    }

    private MagicException unknown(String name) {
        String hint = ClosestMatch.of(name, names()).map(n -> " Did you mean %" + n + "?").orElse("");
        return new MagicException("Unknown magic %" + name + "." + hint + " (%lsmagic lists them)");
    }

    private synchronized Collection<String> names() {
        return List.copyOf(magics.keySet());
    }

    /**
     * Completions for the last word of {@code lineUpToCursor} (its last line, if it has several). Each
     * completion replaces that word, which runs from the last whitespace to the cursor: {@code %hp}
     * gives {@code %hpc}; {@code %hpc sub} gives {@code submit}.
     */
    public List<String> complete(String lineUpToCursor) {
        String line = lineUpToCursor.substring(lineUpToCursor.lastIndexOf('\n') + 1).stripLeading();
        if (!line.startsWith("%")) {
            return List.of();
        }
        String percent = line.startsWith("%%") ? "%%" : "%";
        String rest = line.substring(percent.length());
        int space = indexOfWhitespace(rest);
        if (space < 0) {
            List<String> out = new ArrayList<>();
            for (String name : names()) {
                if (name.startsWith(rest)) {
                    out.add(percent + name);
                }
            }
            return out;
        }
        Optional<Magic> magic = find(rest.substring(0, space));
        if (magic.isEmpty()) {
            return List.of();
        }
        List<String> words;
        try {
            words = new ArrayList<>(Tokenizer.tokenize(rest.substring(space)));
        } catch (MagicException unclosedQuote) {
            return List.of();
        }
        boolean newWord = Character.isWhitespace(line.charAt(line.length() - 1));
        String partial = newWord || words.isEmpty() ? "" : words.remove(words.size() - 1);
        TreeSet<String> out = new TreeSet<>();
        for (String candidate : magic.get().completions(List.copyOf(words))) {
            if (candidate.startsWith(partial)) {
                out.add(candidate);
            }
        }
        return List.copyOf(out);
    }

    private static int indexOfWhitespace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    /** {@code %lsmagic}: every magic with its one-line summary, as a table. */
    private record LsMagic(MagicRegistry registry) implements Magic {
        @Override
        public String name() {
            return "lsmagic";
        }

        @Override
        public String summary() {
            return "List the available magics";
        }

        @Override
        public String help() {
            return "Usage: %lsmagic\n\nLists every magic with a one-line summary.\n"
                    + "%help NAME (or %NAME --help) shows a magic's usage with examples.";
        }

        @Override
        public Object run(MagicCall call, MagicContext context) {
            List<Magic> all = registry.all();
            StringColumn names = StringColumn.create("magic");
            StringColumn summaries = StringColumn.create("summary");
            for (Magic m : all) {
                names.append("%" + m.name());
                summaries.append(m.summary());
            }
            return Table.create("Magics (%help NAME shows usage)", names, summaries);
        }
    }

    /** {@code %help NAME [SUBCOMMAND...]}: a magic's usage with examples. */
    private record HelpMagic(MagicRegistry registry) implements Magic {
        @Override
        public String name() {
            return "help";
        }

        @Override
        public String summary() {
            return "Show a magic's usage with examples: %help hpc, %help hpc submit";
        }

        @Override
        public String help() {
            return "Usage: %help NAME [SUBCOMMAND...]\n\nShows the usage of magic NAME (with or without %),"
                    + " or of one of its subcommands.\n\nExamples:\n  %help hpc\n  %help hpc submit\n"
                    + "  %hpc submit --help    (the same)";
        }

        @Override
        public Object run(MagicCall call, MagicContext context) {
            if (call.args().isEmpty()) {
                return help() + "\n\n%lsmagic lists the magics.";
            }
            String name = call.args().get(0).replaceFirst("^%%?", "");
            Magic magic = registry.require(name);
            List<String> path = call.args().subList(1, call.args().size());
            if (magic instanceof CommandMagic command) {
                return command.help(path);
            }
            return magic.help();
        }

        @Override
        public List<String> completions(List<String> args) {
            if (args.isEmpty()) {
                return registry.names().stream().toList();
            }
            return registry.find(args.get(0).replaceFirst("^%%?", ""))
                    .map(m -> m.completions(args.subList(1, args.size())).stream()
                            .filter(w -> !w.startsWith("-")).toList())
                    .orElse(List.of());
        }
    }
}
