package org.hpckernel.magic;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * A magic made from a picocli {@code @Command}, so every magic gets the same parsing, help and
 * errors. {@code newCommand} builds a fresh command object per call from the call (its args and
 * body) and the context. Subcommands are {@code @Command} methods, or nested classes (static, or
 * inner classes of a command, which then see their outer command's fields); the executed
 * (sub)command's {@code call()} or method returns the magic's value.
 *
 * <p>{@code --help} anywhere (before {@code --}) shows the usage of the deepest subcommand named
 * before it; {@code -h} does too unless the command uses {@code -h} for something else.
 */
public final class CommandMagic implements Magic {

    private static final int USAGE_WIDTH = 100;

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
    public Object run(MagicCall call, MagicContext context) throws Exception {
        CommandLine root = commandLine(newCommand.apply(call, context));
        CommandLine helpFor = helpTarget(root, call.args());
        if (helpFor != null) {
            return usage(helpFor);
        }
        ParseResult parsed;
        try {
            parsed = root.parseArgs(call.args().toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            throw parameterError(e);
        }
        firstError(parsed).ifPresent(e -> {
            throw parameterError(e);
        });
        List<CommandLine> chain = parsed.asCommandLineList();
        CommandLine last = chain.get(chain.size() - 1);
        Object command = last.getCommand();
        if (!(command instanceof Callable || command instanceof Runnable || command instanceof Method)) {
            throw new MagicException(qualified(last) + " needs a subcommand: "
                    + String.join(", ", last.getSubcommands().keySet()) + ". See %help " + helpPath(last) + ".");
        }
        try {
            new CommandLine.RunLast().execute(parsed);
        } catch (CommandLine.ExecutionException e) {
            throw executionError(last, e.getCause() == null ? e : e.getCause());
        } catch (CommandLine.ParameterException e) { // thrown by the command's own validation
            throw parameterError(e);
        }
        return last.getExecutionResult();
    }

    @Override
    public String help() {
        CommandLine root = helpOnlyCommandLine();
        StringBuilder out = new StringBuilder(usage(root));
        appendSubcommandUsages(root, out);
        return out.toString();
    }

    /** Usage of the subcommand at {@code path} ({@code ["profile", "add"]}); the whole magic when empty. */
    public String help(List<String> path) {
        if (path.isEmpty()) {
            return help();
        }
        CommandLine current = helpOnlyCommandLine();
        for (String word : path) {
            CommandLine next = current.getSubcommands().get(word);
            if (next == null) {
                throw unknownSubcommand(current, word);
            }
            current = next;
        }
        StringBuilder out = new StringBuilder(usage(current));
        appendSubcommandUsages(current, out);
        return out.toString();
    }

    @Override
    public List<String> completions(List<String> args) {
        CommandLine current = helpOnlyCommandLine();
        OptionSpec pendingOption = null;
        for (String arg : args) {
            if (arg.equals("--")) {
                return List.of();
            }
            CommandLine sub = current.getSubcommands().get(arg);
            if (pendingOption != null) {
                pendingOption = null; // this word was the option's value
            } else if (sub != null) {
                current = sub;
            } else if (arg.startsWith("-") && !arg.contains("=")) {
                OptionSpec option = current.getCommandSpec().findOption(arg);
                pendingOption = option != null && option.arity().max() > 0 ? option : null;
            }
        }
        List<String> words = new ArrayList<>();
        if (pendingOption != null) {
            if (pendingOption.completionCandidates() != null) {
                pendingOption.completionCandidates().forEach(words::add);
            }
            return words;
        }
        words.addAll(current.getSubcommands().keySet());
        for (OptionSpec option : current.getCommandSpec().options()) {
            if (!option.hidden()) {
                words.addAll(List.of(option.names()));
            }
        }
        return words;
    }

    // --- building the picocli command line ---

    private CommandLine helpOnlyCommandLine() {
        return commandLine(newCommand.apply(MagicCall.line(name, List.of()), HelpOnlyContext.INSTANCE));
    }

    private CommandLine commandLine(Object command) {
        CommandLine cl = new CommandLine(command, new EnclosingAwareFactory(command));
        cl.setCommandName("%" + name);
        cl.setUsageHelpWidth(USAGE_WIDTH);
        cl.setAbbreviatedSubcommandsAllowed(false);
        cl.setAbbreviatedOptionsAllowed(false);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        addHelpOptions(cl);
        literalPercents(cl);
        collectErrors(cl);
        return cl;
    }

    /** Parse errors are gathered rather than thrown at the first, so the most telling one is shown. */
    private static void collectErrors(CommandLine cl) {
        cl.getCommandSpec().parser().collectErrors(true);
        cl.getSubcommands().values().forEach(CommandMagic::collectErrors);
    }

    static {
        // picocli formats usage text with String.format; a "%hpc" it cannot format is printed raw
        // with a warning on stderr, which would land in the kernel's log for every help request.
        if (System.getProperty("picocli.trace") == null) {
            System.setProperty("picocli.trace", "OFF");
        }
    }

    /**
     * Usage text is written literally ({@code %hpc status}, {@code 100%}); only {@code %n} keeps
     * picocli's meaning of a line break. Escapes the header, description and footer for picocli.
     */
    private static void literalPercents(CommandLine cl) {
        var usage = cl.getCommandSpec().usageMessage();
        usage.header(literal(usage.header()));
        usage.description(literal(usage.description()));
        usage.footer(literal(usage.footer()));
        cl.getSubcommands().values().forEach(CommandMagic::literalPercents);
    }

    private static String[] literal(String[] lines) {
        String[] out = new String[lines.length];
        for (int i = 0; i < lines.length; i++) {
            out[i] = lines[i].replaceAll("%(?!n)", "%%");
        }
        return out;
    }

    /**
     * Of all parse errors, the one to show: an unknown word first (a typo explains the rest, such
     * as a required option that seems missing because it was misspelt), otherwise the first.
     */
    private static java.util.Optional<CommandLine.ParameterException> firstError(ParseResult parsed) {
        List<CommandLine.ParameterException> errors = new ArrayList<>();
        for (ParseResult p = parsed; p != null; p = p.subcommand()) {
            for (Exception e : p.errors()) {
                errors.add(e instanceof CommandLine.ParameterException pe ? pe
                        : new CommandLine.ParameterException(p.commandSpec().commandLine(), e.getMessage(), e));
            }
        }
        return errors.stream().filter(e -> e instanceof CommandLine.UnmatchedArgumentException).findFirst()
                .or(() -> errors.stream().findFirst());
    }

    /** Every (sub)command gets {@code --help} (and {@code -h} when free), whether it declared them or not. */
    private static void addHelpOptions(CommandLine cl) {
        CommandSpec spec = cl.getCommandSpec();
        boolean hasHelp = spec.options().stream().anyMatch(OptionSpec::usageHelp);
        if (!hasHelp && spec.findOption("--help") == null) {
            List<String> names = new ArrayList<>();
            if (spec.findOption("-h") == null) {
                names.add("-h");
            }
            names.add("--help");
            spec.addOption(OptionSpec.builder(names.toArray(String[]::new)).usageHelp(true)
                    .description("Show this help message.").build());
        }
        cl.getSubcommands().values().forEach(CommandMagic::addHelpOptions);
    }

    // --- help ---

    /** The (sub)command whose usage {@code args} asks for, or null when they do not ask for help. */
    private static CommandLine helpTarget(CommandLine root, List<String> args) {
        CommandLine current = root;
        CommandLine target = null;
        for (String arg : args) {
            if (arg.equals("--")) {
                break;
            }
            CommandLine sub = current.getSubcommands().get(arg);
            if (sub != null) {
                current = sub;
                continue;
            }
            OptionSpec option = current.getCommandSpec().findOption(arg);
            if (arg.equals("--help") || (arg.equals("-h") && (option == null || option.usageHelp()))) {
                target = current;
            }
        }
        return target;
    }

    private static String usage(CommandLine cl) {
        return cl.getUsageMessage(CommandLine.Help.Ansi.OFF).stripTrailing();
    }

    private static void appendSubcommandUsages(CommandLine parent, StringBuilder out) {
        for (Map.Entry<String, CommandLine> e : uniqueSubcommands(parent).entrySet()) {
            out.append("\n\n").append(usage(e.getValue()));
            appendSubcommandUsages(e.getValue(), out);
        }
    }

    /** Subcommands without their aliases (picocli lists each alias as its own entry). */
    private static Map<String, CommandLine> uniqueSubcommands(CommandLine parent) {
        Map<String, CommandLine> unique = new LinkedHashMap<>();
        IdentityHashMap<CommandLine, Boolean> seen = new IdentityHashMap<>();
        parent.getSubcommands().forEach((n, cl) -> {
            if (seen.put(cl, Boolean.TRUE) == null) {
                unique.put(n, cl);
            }
        });
        return unique;
    }

    // --- errors ---

    private static MagicException parameterError(CommandLine.ParameterException e) {
        CommandLine where = e.getCommandLine();
        String see = " See %help " + helpPath(where) + ".";
        if (e instanceof CommandLine.UnmatchedArgumentException unmatched && !unmatched.getUnmatched().isEmpty()) {
            String word = unmatched.getUnmatched().get(0);
            if (word.startsWith("-")) {
                String option = word.contains("=") ? word.substring(0, word.indexOf('=')) : word;
                List<String> names = new ArrayList<>();
                where.getCommandSpec().options().forEach(o -> names.addAll(List.of(o.names())));
                String hint = ClosestMatch.of(option, names).map(n -> " Did you mean " + n + "?")
                        .orElseGet(() -> ownerHint(where, option));
                return new MagicException("Unknown option " + option + " for " + qualified(where) + "." + hint + see, e);
            }
            if (!where.getSubcommands().isEmpty()) {
                return unknownSubcommand(where, word);
            }
            return new MagicException("Unexpected argument '" + word + "' for " + qualified(where) + "." + see, e);
        }
        return new MagicException(qualified(where) + ": " + e.getMessage() + "." + see, e);
    }

    /** " It belongs to %hpc submit: put it after the subcommand." when a subcommand has that option. */
    private static String ownerHint(CommandLine where, String option) {
        for (CommandLine sub : uniqueSubcommands(where).values()) {
            if (sub.getCommandSpec().findOption(option) != null) {
                return " It belongs to " + qualified(sub) + ": put it after '" + sub.getCommandName() + "'.";
            }
            String deeper = ownerHint(sub, option);
            if (!deeper.isEmpty()) {
                return deeper;
            }
        }
        return "";
    }

    private static MagicException unknownSubcommand(CommandLine where, String word) {
        String hint = ClosestMatch.of(word, where.getSubcommands().keySet())
                .map(n -> " Did you mean '" + n + "'?").orElse("");
        return new MagicException("Unknown subcommand '" + word + "' for " + qualified(where) + "." + hint
                + " Subcommands: " + String.join(", ", uniqueSubcommands(where).keySet())
                + ". See %help " + helpPath(where) + ".");
    }

    private static Exception executionError(CommandLine where, Throwable cause) {
        if (cause instanceof MagicException m) {
            return m;
        }
        if (cause instanceof InterruptedException i) {
            return i;
        }
        if (cause instanceof CommandLine.ParameterException p) {
            return parameterError(p);
        }
        String detail = cause.getMessage() == null ? cause.getClass().getSimpleName()
                : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        return new MagicException(qualified(where) + " failed: " + detail, cause);
    }

    /** {@code %hpc profile add}. */
    private static String qualified(CommandLine cl) {
        return cl.getCommandSpec().qualifiedName(" ");
    }

    /** {@code hpc profile add}, the words to give {@code %help}. */
    private static String helpPath(CommandLine cl) {
        return qualified(cl).replaceFirst("^%+", "");
    }

    /**
     * Creates subcommand objects: inner (non-static) classes get the instance of their enclosing
     * command, so nested subcommands can use the call and context the root command was built with.
     */
    private static final class EnclosingAwareFactory implements CommandLine.IFactory {
        private final Map<Class<?>, Object> created = new LinkedHashMap<>();
        private final CommandLine.IFactory fallback = CommandLine.defaultFactory();

        EnclosingAwareFactory(Object root) {
            created.put(root.getClass(), root);
        }

        @Override
        public <K> K create(Class<K> cls) throws Exception {
            Class<?> outer = cls.getEnclosingClass();
            K instance;
            if (outer != null && !Modifier.isStatic(cls.getModifiers()) && created.containsKey(outer)) {
                Constructor<K> constructor = cls.getDeclaredConstructor(outer);
                constructor.setAccessible(true);
                instance = constructor.newInstance(created.get(outer));
            } else {
                instance = fallback.create(cls);
            }
            created.putIfAbsent(cls, instance);
            return instance;
        }
    }

    /** Context given to commands built only to read their help or completions: nothing may run. */
    private enum HelpOnlyContext implements MagicContext {
        INSTANCE;

        @Override
        public LiveDisplay show(Object value) {
            throw new MagicException("No display while reading a magic's help");
        }

        @Override
        public void print(String text) {
        }

        @Override
        public String ask(String prompt, boolean secret) {
            throw new MagicException("No input while reading a magic's help");
        }

        @Override
        public Path workingDirectory() {
            return Path.of("").toAbsolutePath();
        }
    }
}
