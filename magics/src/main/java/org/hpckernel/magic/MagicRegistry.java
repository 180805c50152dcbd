package org.hpckernel.magic;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.hpckernel.Suggestions;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** The magics a kernel knows, by name: lookup with "did you mean", help, and completion words. */
public final class MagicRegistry {

    private final Map<String, Magic> magics = new TreeMap<>();

    /** A registry with {@code %lsmagic} and {@code %help}. */
    public static MagicRegistry withBuiltins() {
        MagicRegistry registry = new MagicRegistry();
        registry.register(new LsMagic(registry));
        registry.register(new HelpMagic(registry));
        return registry;
    }

    public MagicRegistry register(Magic magic) {
        magics.put(magic.name(), magic);
        return this;
    }

    public Optional<Magic> find(String name) {
        return Optional.ofNullable(magics.get(name));
    }

    public List<Magic> all() {
        return List.copyOf(magics.values());
    }

    /** The magic called {@code name}, or an error naming the closest one. */
    public Magic require(String name) {
        Magic magic = magics.get(name);
        if (magic == null) {
            String hint = Suggestions.closest(name, magics.keySet())
                    .map(s -> " Did you mean %" + s + "?")
                    .orElse("");
            throw new MagicException("Unknown magic %" + name + "." + hint + " (%lsmagic lists them)");
        }
        return magic;
    }

    /** Runs a call; {@code --help} or {@code -h} anywhere shows the magic's help instead. */
    public Object run(MagicCall call, MagicContext context) throws Exception {
        Magic magic = require(call.name());
        if (!(magic instanceof CommandMagic)
                && (call.args().contains("--help") || call.args().contains("-h"))) {
            return magic.help();
        }
        return magic.run(call, context);
    }

    /** Completion words for the word under the cursor of a magic line. */
    public List<String> complete(String lineUpToCursor) {
        String line = lineUpToCursor.stripLeading();
        String afterPercent =
                line.startsWith("%%") ? line.substring(2) : line.startsWith("%") ? line.substring(1) : line;
        int space = indexOfWhitespace(afterPercent);
        if (space < 0) {
            return magics.keySet().stream()
                    .filter(n -> n.startsWith(afterPercent))
                    .toList();
        }
        Magic magic = magics.get(afterPercent.substring(0, space));
        if (magic == null) {
            return List.of();
        }
        String rest = afterPercent.substring(space);
        List<String> words;
        try {
            words = new ArrayList<>(Tokenizer.tokenize(rest));
        } catch (MagicException openQuote) {
            return List.of();
        }
        String current = "";
        if (!rest.isEmpty() && !Character.isWhitespace(rest.charAt(rest.length() - 1)) && !words.isEmpty()) {
            current = words.remove(words.size() - 1);
        }
        String prefix = current;
        return magic.completions(words).stream()
                .filter(w -> w.startsWith(prefix))
                .distinct()
                .toList();
    }

    private static int indexOfWhitespace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    /** {@code %lsmagic}: every magic with a one-line summary. */
    private record LsMagic(MagicRegistry registry) implements Magic {
        @Override
        public String name() {
            return "lsmagic";
        }

        @Override
        public String summary() {
            return "List the magics, with a line on each";
        }

        @Override
        public String help() {
            return "%lsmagic\n  Lists the magics this kernel has. %help NAME (or %NAME --help) explains one.";
        }

        @Override
        public Object run(MagicCall call, MagicContext context) {
            List<Magic> all = registry.all();
            return Table.create(
                    "magics",
                    StringColumn.create("name", all.stream().map(m -> "%" + m.name())),
                    StringColumn.create("kind", all.stream().map(Magic::kind)),
                    StringColumn.create("summary", all.stream().map(Magic::summary)));
        }
    }

    /** {@code %help NAME}: a magic's usage with examples. */
    private record HelpMagic(MagicRegistry registry) implements Magic {
        @Override
        public String name() {
            return "help";
        }

        @Override
        public String summary() {
            return "Show how to use a magic: %help hpc";
        }

        @Override
        public String help() {
            return "%help NAME [SUBCOMMAND...]\n  Shows the usage of a magic, with examples.\n\nExamples:\n  %help hpc\n  %help hpc submit";
        }

        @Override
        public Object run(MagicCall call, MagicContext context) throws Exception {
            if (call.args().isEmpty()) {
                StringBuilder text = new StringBuilder("Magics (use %help NAME for one):\n");
                registry.all().forEach(m -> text.append(String.format("  %%%-10s %s%n", m.name(), m.summary())));
                return text.toString();
            }
            String name = call.args().get(0).replaceFirst("^%+", "");
            Magic magic = registry.require(name);
            if (call.args().size() > 1 && magic instanceof CommandMagic command) {
                return command.help(call.args().subList(1, call.args().size()));
            }
            return magic.help();
        }
    }
}
