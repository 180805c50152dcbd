package org.hpckernel.kernel.exec;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import jdk.jshell.DeclarationSnippet;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.UnresolvedReferenceException;
import jdk.jshell.VarSnippet;

/**
 * Java cells in JShell, in this JVM. A cell is split into snippets; the value of a trailing
 * expression is returned as a live object. Errors become one {@link CellFailure} whose trace points
 * at the cell's own line numbers.
 */
public final class JavaEvaluator implements AutoCloseable {

    private static final String RED = "\u001b[0;31m";
    private static final String RESET = "\u001b[0m";
    private static final Pattern SNIPPET_FRAME = Pattern.compile("#(\\d+)");

    private final JShell shell;
    private final LiveExecutionControlProvider provider = new LiveExecutionControlProvider();
    /** snippet id -> the cell line its source starts on (1-based), for traces. */
    private final Map<String, Integer> snippetLines = new HashMap<>();

    public JavaEvaluator(List<String> classpath, List<String> startup) {
        PrintStream discard = new PrintStream(OutputStream.nullOutputStream());
        shell = JShell.builder()
                .executionEngine(provider, Map.of())
                .out(discard)
                .err(discard)
                .in(InputStream.nullInputStream())
                .compilerOptions("-Xlint:none", "-proc:none")
                .build();
        classpath.forEach(shell::addToClasspath);
        for (String line : startup) {
            shell.eval(line);
        }
    }

    /** Compiles and runs something small so the first real cell doesn't pay JShell's warm-up. */
    public synchronized void warmUp() {
        shell.sourceCodeAnalysis().analyzeCompletion("int $warmup = 1 + 1; $warmup");
        List<SnippetEvent> events = shell.eval("int $warmup = 1 + 1;");
        events.forEach(e -> shell.drop(e.snippet()));
        provider.control().forgetLastValue();
    }

    /** Snippets the session holds (declarations, imports, statements), for tests. */
    synchronized int activeSnippets() {
        return (int) shell.snippets().filter(s -> shell.status(s).isActive()).count();
    }

    public void addToClasspath(String path) {
        shell.addToClasspath(path);
    }

    /**
     * Runs a cell's Java source. Returns the trailing expression's value (which may be null), or
     * empty when the cell ends in a statement or declaration.
     */
    public synchronized Optional<Value> eval(String source, int firstLine) throws CellFailure {
        if (isOneSnippet(source)) {
            // one line without ';' or braces is one snippet: JShell's eval parses it, no split pass needed
            return evalSnippet(source, firstLine + leadingWhitespaceLines(source));
        }
        SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
        String remaining = source;
        int consumed = 0;
        Optional<Value> last = Optional.empty();
        while (!remaining.isBlank()) {
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(remaining);
            String snippetSource = info.source();
            if (info.completeness() == SourceCodeAnalysis.Completeness.DEFINITELY_INCOMPLETE
                    || info.completeness() == SourceCodeAnalysis.Completeness.CONSIDERED_INCOMPLETE
                    || snippetSource == null
                    || snippetSource.isBlank()) {
                snippetSource = remaining;
                info = null;
            }
            int leading = leadingWhitespaceLines(remaining);
            int line = firstLine + lineOf(source, consumed) + leading;
            last = evalSnippet(snippetSource, line);
            if (info == null) {
                break;
            }
            String rest = info.remaining();
            consumed += remaining.length() - rest.length();
            remaining = rest;
        }
        return last;
    }

    static boolean isOneSnippet(String source) {
        String s = source.strip();
        return !s.isEmpty()
                && s.indexOf('\n') < 0
                && s.indexOf(';') < 0
                && s.indexOf('{') < 0
                && s.indexOf('}') < 0
                && !s.startsWith("/")
                && !s.contains("//");
    }

    private Optional<Value> evalSnippet(String snippetSource, int cellLine) throws CellFailure {
        List<SnippetEvent> events = shell.eval(snippetSource);
        Optional<Value> value = Optional.empty();
        for (SnippetEvent event : events) {
            if (event.causeSnippet() != null) {
                continue;
            }
            Snippet snippet = event.snippet();
            snippetLines.put(snippet.id(), cellLine);
            if (event.status() == Snippet.Status.REJECTED) {
                throw compileError(snippet, cellLine);
            }
            if (event.exception() != null) {
                throw runtimeError(event.exception());
            }
            if (event.status() == Snippet.Status.RECOVERABLE_DEFINED
                    || event.status() == Snippet.Status.RECOVERABLE_NOT_DEFINED) {
                if (snippet instanceof DeclarationSnippet declaration) {
                    String missing = shell.unresolvedDependencies(declaration).collect(Collectors.joining(", "));
                    if (!missing.isEmpty() && event.status() == Snippet.Status.RECOVERABLE_NOT_DEFINED) {
                        throw new CellFailure(
                                "CompilationException",
                                "cannot find symbol: " + missing,
                                List.of(RED + "line " + cellLine + ": cannot find symbol: " + missing + RESET));
                    }
                }
            }
            Object live = provider.control().takeLastValue();
            boolean tempVar = snippet instanceof VarSnippet var
                    && var.name().startsWith("$")
                    && snippet.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND;
            boolean isExpression = snippet.kind() == Snippet.Kind.EXPRESSION || tempVar;
            value = isExpression && !"void".equals(typeName(snippet))
                    ? Optional.of(new Value(live, typeName(snippet)))
                    : Optional.empty();
            if (isExpression && event.status() == Snippet.Status.VALID) {
                // JShell keeps each cell's value as a $N variable and imports every one into each later
                // compile: 40 ms a trivial cell after 600 cells, 15 ms when they go (the value is shown, and
                // the notebook never names $N)
                shell.drop(snippet);
            }
        }
        return value;
    }

    private static String typeName(Snippet snippet) {
        return snippet instanceof VarSnippet var ? var.typeName() : "";
    }

    private CellFailure compileError(Snippet snippet, int cellLine) {
        List<String> trace = new ArrayList<>();
        String source = snippet.source();
        String firstMessage = "compilation failed";
        for (Diag diag : shell.diagnostics(snippet).toList()) {
            if (!diag.isError()) {
                continue;
            }
            String message = withoutSyntheticNames(diag.getMessage(Locale.ROOT));
            if (trace.isEmpty()) {
                firstMessage = message;
            }
            int pos = (int) Math.max(0, Math.min(diag.getStartPosition(), source.length()));
            // cellLine is where the snippet's code starts, past any blank lines it begins with
            int lineInSnippet = lineOf(source, pos) - leadingWhitespaceLines(source);
            int lineStart = source.lastIndexOf('\n', pos - 1) + 1;
            int lineEnd = source.indexOf('\n', pos);
            String codeLine = source.substring(lineStart, lineEnd < 0 ? source.length() : lineEnd);
            trace.add(RED + "line " + (cellLine + lineInSnippet) + ": " + message + RESET);
            trace.add("    " + codeLine);
            trace.add("    " + " ".repeat(Math.max(0, pos - lineStart)) + "^");
        }
        if (trace.isEmpty()) {
            trace.add(RED + "line " + cellLine + ": " + firstMessage + RESET);
        }
        return new CellFailure("CompilationException", firstMessage, trace);
    }

    private CellFailure runtimeError(JShellException exception) {
        if (exception instanceof UnresolvedReferenceException unresolved) {
            String missing =
                    shell.unresolvedDependencies(unresolved.getSnippet()).collect(Collectors.joining(", "));
            return new CellFailure(
                    "UnresolvedReferenceException",
                    "cannot use " + unresolved.getSnippet().source().strip() + " until it can find: " + missing,
                    List.of(RED + "cannot find symbol: " + missing + RESET));
        }
        String name = exception instanceof EvalException eval
                ? eval.getExceptionClassName()
                : exception.getClass().getName();
        String message = exception.getMessage() == null ? "" : exception.getMessage();
        List<String> trace = new ArrayList<>();
        trace.add(RED + name + (message.isEmpty() ? "" : ": " + message) + RESET);
        appendFrames(exception, trace);
        Throwable cause = exception.getCause();
        while (cause != null) {
            String causeName = cause instanceof EvalException e
                    ? e.getExceptionClassName()
                    : cause.getClass().getName();
            trace.add("Caused by: " + causeName + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
            appendFrames(cause, trace);
            cause = cause.getCause();
        }
        return new CellFailure(name, message, trace);
    }

    /** Frames of user code say {@code (cell line N)}; the kernel's own frames are left out. */
    private void appendFrames(Throwable t, List<String> trace) {
        for (StackTraceElement frame : t.getStackTrace()) {
            String file = frame.getFileName();
            Matcher m = file == null ? null : SNIPPET_FRAME.matcher(file);
            if (m != null && m.matches()) {
                Integer start = snippetLines.get(m.group(1));
                String where = start == null
                        ? file + ":" + frame.getLineNumber()
                        : "cell line " + (start + frame.getLineNumber() - 1);
                String owner = simpleClass(frame.getClassName());
                String name = frame.getMethodName();
                // do_it$ (or "" once JShell renamed it) is the wrapper of a top-level statement: the cell line says it
                // all
                trace.add(
                        name.isEmpty() || name.startsWith("do_it$")
                                ? "    at " + where
                                : "    at " + (owner.isEmpty() ? "" : owner + ".") + userMethodName(name) + " (" + where
                                        + ")");
            } else if (frame.getClassName().startsWith("jdk.internal.reflect")
                    || frame.getClassName().startsWith("java.lang.reflect")
                    || frame.getClassName().startsWith("org.hpckernel.kernel.exec")) {
                break;
            } else {
                trace.add("    at " + frame);
            }
        }
    }

    /** A lambda in a cell is {@code lambda$do_it$$0}: call it what the user wrote. */
    private static String userMethodName(String name) {
        return name.startsWith("lambda$") ? "lambda" : name;
    }

    /**
     * javac names JShell's wrapper classes ({@code REPL.$JShell$12}) or nothing ("location: class "):
     * drop those, they name no code the user wrote.
     */
    static String withoutSyntheticNames(String message) {
        StringBuilder out = new StringBuilder();
        for (String line : message.split("\n")) {
            String clean = line.replaceAll("(REPL\\.)?\\$JShell\\$\\d+[A-Za-z]*\\$?", "")
                    .replaceAll("\\.\\.", ".");
            if (clean.strip().matches("location: (class|interface)\\s*")) {
                continue;
            }
            out.append(out.length() == 0 ? "" : "\n").append(clean.stripTrailing());
        }
        return out.toString();
    }

    private static String simpleClass(String className) {
        String s = className.startsWith("REPL.") ? className.substring(5) : className;
        return s.replaceAll("\\$JShell\\$\\d+\\$?", "").replaceAll("^\\.", "");
    }

    private static int lineOf(String text, int offset) {
        int line = 0;
        for (int i = 0; i < offset && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    private static int leadingWhitespaceLines(String text) {
        int lines = 0;
        for (int i = 0; i < text.length() && Character.isWhitespace(text.charAt(i)); i++) {
            if (text.charAt(i) == '\n') {
                lines++;
            }
        }
        return lines;
    }

    /** Stops the running snippet (interrupt). */
    public void stop() {
        LiveExecutionControl control = provider.control();
        if (control != null) {
            control.stop();
        }
    }

    public SourceCodeAnalysis analysis() {
        return shell.sourceCodeAnalysis();
    }

    @Override
    public void close() {
        shell.close();
    }

    /** A trailing expression's live value and its static type name. */
    public record Value(Object object, String typeName) {}
}
