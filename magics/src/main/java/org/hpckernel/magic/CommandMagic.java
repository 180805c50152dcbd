package org.hpckernel.magic;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;

/**
 * A picocli command as a magic, so every magic parses, explains and refuses input the same way.
 * {@code newCommand} builds a fresh {@code @Command} object per call (it gets the call, for the cell
 * body, and the context; for help and completion it gets a null context). The matched subcommand's
 * {@link Callable#call()} returns the magic's plain value.
 */
public final class CommandMagic implements Magic {

    private final String name;
    private final String summary;
    private final BiFunction<MagicCall, MagicContext, Object> newCommand;

    public CommandMagic(String name, String summary, BiFunction<MagicCall, MagicContext, Object> newCommand) {
        this.name = name;
        this.summary = summary;
        this.newCommand = newCommand;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String summary() {
        return summary;
    }

    @Override
    public String help() {
        return help(List.of());
    }

    /** Usage of the subcommand that {@code path} names (e.g. {@code [submit]}), or of the whole magic. */
    public String help(List<String> path) {
        CommandLine line = commandLine(MagicCall.line(name, List.of()), null);
        CommandLine target = deepest(line, path);
        StringBuilder usage = new StringBuilder(target.getUsageMessage(CommandLine.Help.Ansi.OFF));
        if (target == line && !line.getSubcommands().isEmpty()) {
            usage.append("\nUse %help ").append(name).append(" SUBCOMMAND (or %").append(name)
                    .append(" SUBCOMMAND --help) for the options of one.\n");
        }
        return usage.toString();
    }

    @Override
    public Object run(MagicCall call, MagicContext context) throws Exception {
        List<String> args = call.args();
        if (args.contains("--help") || args.contains("-h")) {
            List<String> path = new ArrayList<>(args);
            path.removeIf(a -> a.equals("--help") || a.equals("-h"));
            return help(path);
        }
        CommandLine line = commandLine(call, context);
        ParseResult parsed;
        try {
            parsed = line.parseArgs(args.toArray(String[]::new));
        } catch (CommandLine.UnmatchedArgumentException unmatched) {
            throw new MagicException(unmatchedMessage(unmatched));
        } catch (CommandLine.ParameterException bad) {
            throw new MagicException(bad.getMessage() + "\nSee %help " + name + pathOf(bad.getCommandLine(), line) + ".");
        }
        ParseResult leaf = parsed;
        while (leaf.hasSubcommand()) {
            leaf = leaf.subcommand();
        }
        Object command = leaf.commandSpec().userObject();
        if (command instanceof Callable<?> callable) {
            return callable.call();
        }
        Map<String, CommandLine> subcommands = leaf.commandSpec().commandLine().getSubcommands();
        throw new MagicException("%" + name + pathOf(leaf.commandSpec().commandLine(), line) + " needs one of: "
                + String.join(", ", subcommands.keySet()) + ". See %help " + name + ".");
    }

    @Override
    public List<String> completions(List<String> args) {
        CommandLine target = deepest(commandLine(MagicCall.line(name, List.of()), null), args);
        List<String> words = new ArrayList<>(target.getSubcommands().keySet());
        for (OptionSpec option : target.getCommandSpec().options()) {
            words.add(option.longestName());
        }
        words.add("--help");
        return words;
    }

    private CommandLine commandLine(MagicCall call, MagicContext context) {
        CommandLine line = new CommandLine(newCommand.apply(call, context));
        line.setCaseInsensitiveEnumValuesAllowed(true);
        line.setAbbreviatedOptionsAllowed(false);
        line.getCommandSpec().name("%" + name);
        return line;
    }

    private static CommandLine deepest(CommandLine line, List<String> path) {
        CommandLine current = line;
        for (String word : path) {
            CommandLine sub = current.getSubcommands().get(word);
            if (sub == null) {
                break;
            }
            current = sub;
        }
        return current;
    }

    private String unmatchedMessage(CommandLine.UnmatchedArgumentException unmatched) {
        CommandLine where = unmatched.getCommandLine();
        List<String> bad = unmatched.getUnmatched();
        String word = bad.isEmpty() ? "" : bad.get(0);
        CommandSpec spec = where.getCommandSpec();
        List<String> known = new ArrayList<>(where.getSubcommands().keySet());
        spec.options().forEach(o -> known.addAll(List.of(o.names())));
        String hint = Suggestions.closest(word, known).map(s -> " Did you mean " + s + "?").orElse("");
        String what = word.startsWith("-") ? "option" : (where.getSubcommands().isEmpty() ? "argument" : "subcommand");
        return "Unknown " + what + " '" + word + "' for %" + name + pathOf(where, null) + "." + hint
                + " See %help " + name + pathOf(where, null) + ".";
    }

    /** " submit" for the submit subcommand, "" for the top level. */
    private String pathOf(CommandLine where, CommandLine unused) {
        List<String> names = new ArrayList<>();
        CommandLine c = where;
        while (c != null && c.getParent() != null) {
            names.add(0, c.getCommandName());
            c = c.getParent();
        }
        return names.isEmpty() ? "" : " " + String.join(" ", names);
    }
}
