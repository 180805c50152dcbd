package org.hpckernel.magic;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import org.hpckernel.Suggestions;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

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
            usage.append("\nUse %help ")
                    .append(name)
                    .append(" SUBCOMMAND (or %")
                    .append(name)
                    .append(" SUBCOMMAND --help) for the options of one.\n");
        }
        return usage.toString();
    }

    @Override
    public Object run(MagicCall call, MagicContext context) throws Exception {
        List<String> args = call.args();
        // "--" ends the options: a --help after it is an argument (a script's own flag, say)
        List<String> options = args.contains("--") ? args.subList(0, args.indexOf("--")) : args;
        if (options.contains("--help") || options.contains("-h")) {
            List<String> path = new ArrayList<>(options);
            path.removeIf(a -> a.equals("--help") || a.equals("-h"));
            return help(path);
        }
        CommandLine line = commandLine(call, context);
        ParseResult parsed;
        try {
            parsed = line.parseArgs(args.toArray(String[]::new));
        } catch (CommandLine.UnmatchedArgumentException unmatched) {
            throw new MagicException(unmatchedMessage(unmatched.getCommandLine(), unmatched.getUnmatched()));
        } catch (CommandLine.ParameterException bad) {
            // a typo like --hots also leaves --host missing: the typo is the thing to report
            // (the typo may sit on a parent: "--host h profile add" leaves --host unmatched at the top)
            for (CommandLine at = bad.getCommandLine(); at != null; at = at.getParent()) {
                if (!at.getUnmatchedArguments().isEmpty()) {
                    throw new MagicException(unmatchedMessage(at, at.getUnmatchedArguments()));
                }
            }
            throw new MagicException(
                    bad.getMessage() + "\nSee %help " + name + pathOf(bad.getCommandLine(), line) + ".");
        }
        ParseResult leaf = parsed;
        while (leaf.hasSubcommand()) {
            leaf = leaf.subcommand();
        }
        Object command = leaf.commandSpec().userObject();
        if (command instanceof Callable<?> callable) {
            try {
                return callable.call();
            } catch (org.hpckernel.HpcException | InterruptedException userFacingOrInterrupt) {
                // a lower layer's message is already written for the user, and its type (SubmitFailed...) is kept
                throw userFacingOrInterrupt;
            } catch (Exception e) {
                // say which magic failed; the cause keeps the trace for the kernel's log
                String detail = e.getMessage() == null
                        ? e.getClass().getSimpleName()
                        : e.getClass().getSimpleName() + ": " + e.getMessage();
                throw new MagicException(
                        "%" + name + pathOf(leaf.commandSpec().commandLine(), line) + " failed: " + detail, e);
            }
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
        return quietly(() -> {
            CommandLine line = new CommandLine(newCommand.apply(call, context));
            line.setCaseInsensitiveEnumValuesAllowed(true);
            line.setAbbreviatedOptionsAllowed(false);
            line.getCommandSpec().name("%" + name);
            line.setInterpolateVariables(false); // read the texts as written, then escape them
            keepPercentSignsLiteral(line);
            line.setInterpolateVariables(true);
            return line;
        });
    }

    /**
     * picocli warns on stderr while building a command (and its options) whose texts hold a {@code %} it cannot format;
     * here every {@code %} is literal (see below), so those warnings would only be noise in a cell.
     */
    private static CommandLine quietly(java.util.function.Supplier<CommandLine> build) {
        CommandLine.Tracer tracer = CommandLine.tracer();
        CommandLine.TraceLevel before = tracer.getLevel();
        tracer.setLevel(CommandLine.TraceLevel.OFF);
        try {
            return build.get();
        } finally {
            tracer.setLevel(before);
        }
    }

    @Override
    public String kind() {
        return "line, cell";
    }

    /**
     * picocli passes usage text through String.format, which would print {@code %%hpc} as {@code %hpc}
     * (or warn on {@code %hpc}); magic help is full of percent signs, so they are all meant literally:
     * write {@code %} (never {@code %%} or {@code %n}) in {@code @Command} and {@code @Option} texts.
     * The same holds for {@code ${...}}: no picocli variables, every one is shown as written.
     */
    private static void keepPercentSignsLiteral(CommandLine line) {
        CommandLine.Model.UsageMessageSpec usage = line.getCommandSpec().usageMessage();
        usage.header(literal(usage.header()));
        usage.description(literal(usage.description()));
        usage.footer(literal(usage.footer()));
        CommandSpec spec = line.getCommandSpec();
        for (OptionSpec option : List.copyOf(spec.options())) {
            String text = String.join("", option.description());
            if (option.group() == null && (text.contains("%") || text.contains("${"))) {
                // same option, same binding; only the description text is escaped
                OptionSpec escaped = option.toBuilder()
                        .description(literal(option.description()))
                        .build();
                spec.remove(option);
                spec.addOption(escaped);
            }
        }
        line.getSubcommands().values().forEach(CommandMagic::keepPercentSignsLiteral);
    }

    private static String[] literal(String[] lines) {
        String[] out = new String[lines.length];
        for (int i = 0; i < lines.length; i++) {
            // picocli also expands ${NAME}: W&B macros such as ${args} in help must stay as written
            out[i] = lines[i].replace("%", "%%").replace("${", "$${");
        }
        return out;
    }

    private static CommandLine deepest(CommandLine line, List<String> path) {
        CommandLine current = line;
        for (String word : path) {
            // options and their values may come between subcommand names: skip them
            CommandLine sub =
                    word.startsWith("-") ? null : current.getSubcommands().get(word);
            if (sub != null) {
                current = sub;
            }
        }
        return current;
    }

    private String unmatchedMessage(CommandLine where, List<String> bad) {
        String word = bad.isEmpty() ? "" : bad.get(0);
        CommandSpec spec = where.getCommandSpec();
        List<String> known = new ArrayList<>(where.getSubcommands().keySet());
        spec.options().forEach(o -> known.addAll(List.of(o.names())));
        String hint = Suggestions.closest(word, known)
                .map(s -> " Did you mean " + s + "?")
                .orElseGet(() -> word.startsWith("-") ? ownerHint(where, word.split("=", 2)[0]) : "");
        String what = word.startsWith("-") ? "option" : (where.getSubcommands().isEmpty() ? "argument" : "subcommand");
        return "Unknown " + what + " '" + word + "' for %" + name + pathOf(where, null) + "." + hint + " See %help "
                + name + pathOf(where, null) + ".";
    }

    /** " It belongs to %hpc submit: put it after 'submit'." when a subcommand has that option. */
    private String ownerHint(CommandLine where, String option) {
        for (CommandLine sub : where.getSubcommands().values()) {
            if (sub.getCommandSpec().findOption(option) != null) {
                return " It belongs to %" + name + pathOf(sub, null) + ": put it after '" + sub.getCommandName() + "'.";
            }
            String deeper = ownerHint(sub, option);
            if (!deeper.isEmpty()) {
                return deeper;
            }
        }
        return "";
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
