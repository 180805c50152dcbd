package org.hpckernel.kernel;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.github.spencerpark.jupyter.messages.request.CompleteRequest;
import io.github.spencerpark.jupyter.messages.request.InspectRequest;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import jdk.jshell.SourceCodeAnalysis;
import org.hpckernel.kernel.exec.JavaEvaluator;
import org.hpckernel.magic.MagicRegistry;
import org.hpckernel.magic.Tokenizer;

/** complete, inspect and is_complete: JShell's analysis for Java, the registry for magic lines. */
final class Completer {

    private final MagicRegistry magics;
    private final Supplier<JavaEvaluator> evaluator;
    private final LibraryDocs libraries;

    Completer(MagicRegistry magics, Supplier<JavaEvaluator> evaluator, LibraryDocs libraries) {
        this.magics = magics;
        this.evaluator = evaluator;
        this.libraries = libraries;
    }

    JsonObject complete(CompleteRequest request) {
        String code = request.getCode();
        int cursor = Math.min(Math.max(0, request.getCursorPos()), code.length());
        int lineStart = code.lastIndexOf('\n', cursor - 1) + 1;
        String lineUpToCursor = code.substring(lineStart, cursor);
        Set<String> matches = new LinkedHashSet<>();
        int start;
        if (lineUpToCursor.stripLeading().startsWith("%")) {
            matches.addAll(magics.complete(lineUpToCursor));
            start = cursor - currentWord(lineUpToCursor).length();
        } else {
            SourceCodeAnalysis analysis = evaluator.get().analysis();
            int[] anchor = new int[1];
            String java = blankMagicLines(code);
            List<SourceCodeAnalysis.Suggestion> suggestions = analysis.completionSuggestions(java, cursor, anchor);
            boolean anyMatchesType = suggestions.stream().anyMatch(SourceCodeAnalysis.Suggestion::matchesType);
            for (SourceCodeAnalysis.Suggestion s : suggestions) {
                if (!anyMatchesType || s.matchesType()) {
                    matches.add(s.continuation());
                }
            }
            start = anchor[0];
        }
        JsonObject reply = new JsonObject();
        JsonArray list = new JsonArray();
        matches.forEach(list::add);
        reply.add("matches", list);
        reply.addProperty("cursor_start", start);
        reply.addProperty("cursor_end", cursor);
        reply.add("metadata", new JsonObject());
        reply.addProperty("status", "ok");
        return reply;
    }

    JsonObject inspect(InspectRequest request) {
        String code = request.getCode();
        int cursor = Math.min(Math.max(0, request.getCursorPos()), code.length());
        int lineStart = code.lastIndexOf('\n', Math.max(0, cursor - 1)) + 1;
        int lineEnd = code.indexOf('\n', cursor);
        String line =
                code.substring(lineStart, lineEnd < 0 ? code.length() : lineEnd).strip();
        Optional<String> text;
        if (line.startsWith("%")) {
            text = MagicInspector.inspect(
                    magics, code.substring(lineStart, lineEnd < 0 ? code.length() : lineEnd), cursor - lineStart);
        } else if (code.startsWith("%%")) {
            // the body of a cell magic is the magic's input, not Java
            int firstEnd = code.indexOf('\n');
            text = MagicInspector.inspect(magics, code.substring(0, firstEnd < 0 ? code.length() : firstEnd), 0);
        } else {
            text = javaDocumentation(code, cursor);
        }
        JsonObject reply = new JsonObject();
        reply.addProperty("status", "ok");
        reply.addProperty("found", text.isPresent());
        JsonObject data = new JsonObject();
        text.ifPresent(t -> data.addProperty("text/plain", t));
        reply.add("data", data);
        reply.add("metadata", new JsonObject());
        return reply;
    }

    /**
     * JShell documents the element before the cursor: a class, field or variable as it is, a method
     * once a "(" follows its name. Javadoc comes from the JDK's src.zip when it is installed, and for
     * the jars %maven and %jars added, from their sources.
     */
    private Optional<String> javaDocumentation(String code, int cursor) {
        int end = cursor;
        while (end < code.length() && Character.isJavaIdentifierPart(code.charAt(end))) {
            end++;
        }
        String upTo = blankMagicLines(code.substring(0, end));
        SourceCodeAnalysis analysis = evaluator.get().analysis();
        List<SourceCodeAnalysis.Documentation> docs = analysis.documentation(upTo, upTo.length(), true);
        if (docs.isEmpty() && !upTo.endsWith("(")) {
            docs = analysis.documentation(upTo + "(", upTo.length() + 1, true);
        }
        StringBuilder doc = new StringBuilder();
        java.util.Map<String, Optional<String>> owners =
                new java.util.HashMap<>(); // overloads share their owner: ask JShell once
        for (SourceCodeAnalysis.Documentation d : docs) {
            doc.append(d.signature().replaceFirst("^([\\w$.]+):", "$1 : ")).append('\n');
            String javadoc = d.javadoc() != null && !d.javadoc().isBlank()
                    ? d.javadoc()
                    : libraryJavadoc(analysis, d.signature(), owners).orElse(null);
            if (javadoc != null) {
                doc.append('\n').append(Javadoc.toText(javadoc)).append("\n\n");
            }
        }
        return doc.length() == 0 ? Optional.empty() : Optional.of(doc.toString().strip());
    }

    private Optional<String> libraryJavadoc(
            SourceCodeAnalysis analysis, String signature, java.util.Map<String, Optional<String>> owners) {
        return DocTarget.of(signature)
                .flatMap(target -> owners.computeIfAbsent(target.owner(), o -> qualified(analysis, o))
                        .flatMap(owner -> libraries.javadoc(owner, target)));
    }

    /** JShell prints an imported class by its simple name; asking it about that name gives the full one. */
    private static Optional<String> qualified(SourceCodeAnalysis analysis, String owner) {
        if (!Character.isUpperCase(owner.charAt(0))) return Optional.of(owner);
        return analysis.documentation(owner, owner.length(), false).stream()
                .map(SourceCodeAnalysis.Documentation::signature)
                .filter(s -> s.matches("[\\w$.]+"))
                .findFirst();
    }

    JsonObject isComplete(String code) {
        JsonObject reply = new JsonObject();
        reply.addProperty("status", isCompleteStatus(code));
        if ("incomplete".equals(reply.get("status").getAsString())) {
            reply.addProperty("indent", "    ");
        }
        return reply;
    }

    private String isCompleteStatus(String code) {
        if (code.stripLeading().startsWith("%")) {
            try {
                Tokenizer.tokenize(code.strip().split("\n", 2)[0]);
                return "complete";
            } catch (RuntimeException unclosedQuote) {
                return "incomplete";
            }
        }
        SourceCodeAnalysis analysis = evaluator.get().analysis();
        String remaining = blankMagicLines(code);
        while (!remaining.isBlank()) {
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(remaining);
            switch (info.completeness()) {
                case DEFINITELY_INCOMPLETE, CONSIDERED_INCOMPLETE -> {
                    return "incomplete";
                }
                case UNKNOWN -> {
                    return "invalid";
                }
                default -> remaining = info.remaining();
            }
        }
        return "complete";
    }

    /** Magic lines become blanks of the same length, so JShell's offsets stay right. */
    static String blankMagicLines(String code) {
        StringBuilder out = new StringBuilder(code.length());
        for (String line : code.split("\n", -1)) {
            if (out.length() > 0) {
                out.append('\n');
            }
            out.append(line.stripLeading().startsWith("%") ? " ".repeat(line.length()) : line);
        }
        return out.toString();
    }

    private static String currentWord(String lineUpToCursor) {
        int i = lineUpToCursor.length();
        while (i > 0 && !Character.isWhitespace(lineUpToCursor.charAt(i - 1))) {
            i--;
        }
        String word = lineUpToCursor.substring(i);
        return word.startsWith("%%") ? word.substring(2) : word.startsWith("%") ? word.substring(1) : word;
    }
}
