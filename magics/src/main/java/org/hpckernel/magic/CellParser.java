package org.hpckernel.magic;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits a cell into Java code and magics. A cell whose first non-blank line is {@code %%name args}
 * is one cell magic whose body is the rest of the cell (possibly empty). Otherwise a line whose
 * first non-space character is {@code %} directly followed by a name is a line magic, and the Java
 * between magics is kept as code, in order.
 *
 * <p>A {@code %} that belongs to Java is left alone: {@code a % b}, {@code x %= 3}, a continuation
 * line inside open parentheses or after a trailing operator, text blocks, strings and comments.
 */
public final class CellParser {

    /** {@code %name} or {@code %%name}, then whitespace or the end of the line. */
    private static final Pattern MAGIC = Pattern.compile("^[ \\t]*(%%?)([A-Za-z_][\\w-]*)(?:[ \\t]+(.*))?[ \\t]*$");

    private CellParser() {
    }

    public static List<CellPart> parse(String cell) {
        String[] lines = cell.split("\\R", -1);
        int first = 0;
        while (first < lines.length && lines[first].isBlank()) {
            first++;
        }
        if (first < lines.length) {
            Matcher m = MAGIC.matcher(lines[first]);
            if (m.matches() && m.group(1).equals("%%")) {
                String body = String.join("\n", java.util.Arrays.asList(lines).subList(first + 1, lines.length));
                return List.of(new CellPart.MagicLine(MagicCall.cell(m.group(2), args(m), body)));
            }
        }
        return splitLineMagics(lines);
    }

    private static List<CellPart> splitLineMagics(String[] lines) {
        List<CellPart> parts = new ArrayList<>();
        List<String> code = new ArrayList<>();
        JavaScan scan = new JavaScan();
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            Matcher m = MAGIC.matcher(line);
            if (scan.atStatementStart() && m.matches()) {
                if (m.group(1).equals("%%")) {
                    throw new MagicException("Cell magic %%" + m.group(2) + " on line " + (i + 1)
                            + ": cell magics must be the first line of a cell. Move it to a new cell,"
                            + " or use %" + m.group(2) + " for a line magic.");
                }
                flush(code, parts);
                parts.add(new CellPart.MagicLine(MagicCall.line(m.group(2), args(m))));
            } else {
                code.add(line);
                scan.feed(line);
            }
        }
        flush(code, parts);
        return List.copyOf(parts);
    }

    private static List<String> args(Matcher m) {
        return m.group(3) == null ? List.of() : Tokenizer.tokenize(m.group(3));
    }

    private static void flush(List<String> code, List<CellPart> parts) {
        String source = String.join("\n", code);
        if (!source.isBlank()) {
            parts.add(new CellPart.Code(source));
        }
        code.clear();
    }

    /**
     * Just enough Java lexing to know whether the next line starts a statement: not inside a text
     * block, block comment or open parentheses/brackets, and not after a trailing binary operator.
     */
    private static final class JavaScan {
        private boolean inTextBlock;
        private boolean inBlockComment;
        private int openParens;
        private char lastSignificant = ';';

        boolean atStatementStart() {
            return !inTextBlock && !inBlockComment && openParens <= 0 && !continues(lastSignificant);
        }

        private static boolean continues(char c) {
            return "+-*/%=&|^<>?:,.(![".indexOf(c) >= 0;
        }

        void feed(String line) {
            int i = 0;
            int n = line.length();
            while (i < n) {
                char c = line.charAt(i);
                if (inTextBlock) {
                    if (line.startsWith("\"\"\"", i) && !escaped(line, i)) {
                        inTextBlock = false;
                        lastSignificant = '"';
                        i += 3;
                    } else {
                        i++;
                    }
                } else if (inBlockComment) {
                    if (line.startsWith("*/", i)) {
                        inBlockComment = false;
                        i += 2;
                    } else {
                        i++;
                    }
                } else if (line.startsWith("//", i)) {
                    return;
                } else if (line.startsWith("/*", i)) {
                    inBlockComment = true;
                    i += 2;
                } else if (line.startsWith("\"\"\"", i)) {
                    inTextBlock = true;
                    i += 3;
                } else if (c == '"' || c == '\'') {
                    i = skipLiteral(line, i, c);
                    lastSignificant = c;
                } else {
                    if (c == '(' || c == '[') {
                        openParens++;
                    } else if (c == ')' || c == ']') {
                        openParens--;
                    }
                    if (!Character.isWhitespace(c)) {
                        lastSignificant = c;
                    }
                    i++;
                }
            }
        }

        private static boolean escaped(String line, int i) {
            int backslashes = 0;
            for (int j = i - 1; j >= 0 && line.charAt(j) == '\\'; j--) {
                backslashes++;
            }
            return backslashes % 2 == 1;
        }

        private static int skipLiteral(String line, int open, char quote) {
            int i = open + 1;
            while (i < line.length()) {
                char c = line.charAt(i);
                if (c == '\\') {
                    i += 2;
                } else if (c == quote) {
                    return i + 1;
                } else {
                    i++;
                }
            }
            return line.length(); // unterminated: JShell will report it
        }
    }
}
