package org.hpckernel.magic;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits a cell into Java code and magics. {@code %%name args} on the first non-blank line makes the
 * whole cell one cell magic (the body may be empty). Otherwise any line whose first non-space
 * characters are {@code %name} (then a space or the line's end) is a line magic. A {@code %} that
 * belongs to Java stays code: {@code a % b}, {@code %b;}, a continuation line after a trailing
 * operator or inside open parentheses, and lines inside text blocks and block comments.
 */
public final class CellParser {

    private static final Pattern CELL_MAGIC = Pattern.compile("^\\s*%%([A-Za-z_][\\w-]*)(.*)$");
    /** The name must end at whitespace or the line's end: {@code %b;} on a continuation line is Java. */
    private static final Pattern LINE_MAGIC = Pattern.compile("^\\s*%([A-Za-z_][\\w-]*)(\\s.*)?$");

    private static final Pattern STRAY_CELL_MAGIC = Pattern.compile("^\\s*%%[A-Za-z_].*$");

    private CellParser() {}

    public static List<CellPart> parse(String cell) {
        String[] lines = cell.split("\\R", -1);
        int first = 0;
        while (first < lines.length && lines[first].isBlank()) {
            first++;
        }
        if (first < lines.length) {
            Matcher cellMagic = CELL_MAGIC.matcher(lines[first]);
            if (cellMagic.matches()) {
                String body = String.join("\n", java.util.Arrays.copyOfRange(lines, first + 1, lines.length));
                MagicCall call = MagicCall.cell(cellMagic.group(1), Tokenizer.tokenize(cellMagic.group(2)), body);
                return List.of(new CellPart.MagicLine(call, first + 1));
            }
        }
        List<CellPart> parts = new ArrayList<>();
        StringBuilder code = new StringBuilder();
        int codeStart = 1;
        JavaScan java = new JavaScan();
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (!java.atStatementStart()) {
                appendCode(code, line);
                java.feed(line);
                continue;
            }
            if (STRAY_CELL_MAGIC.matcher(line).matches()) {
                throw new MagicException(
                        "Line " + (i + 1) + ": %%" + line.strip().substring(2).split("\\s+")[0]
                                + ": cell magics must be on the first line of a cell. Move it to a cell of its own.");
            }
            Matcher lineMagic = LINE_MAGIC.matcher(line);
            if (lineMagic.matches()) {
                addCode(parts, code, codeStart);
                String args = lineMagic.group(2) == null ? "" : lineMagic.group(2);
                parts.add(new CellPart.MagicLine(MagicCall.line(lineMagic.group(1), Tokenizer.tokenize(args)), i + 1));
                code.setLength(0);
                codeStart = i + 2;
            } else {
                appendCode(code, line);
                java.feed(line);
            }
        }
        addCode(parts, code, codeStart);
        return parts;
    }

    private static void appendCode(StringBuilder code, String line) {
        if (code.length() > 0) {
            code.append('\n');
        }
        code.append(line);
    }

    private static void addCode(List<CellPart> parts, StringBuilder code, int firstLine) {
        if (!code.toString().isBlank()) {
            parts.add(new CellPart.Code(code.toString(), firstLine));
        }
    }

    /**
     * Just enough Java lexing to know whether a line starts a new statement: not inside a text block,
     * a block comment or open parentheses/brackets, and not after a trailing binary operator. So
     * {@code %} lines that belong to Java (continuation lines, text block content) stay code.
     */
    private static final class JavaScan {
        private boolean inTextBlock;
        private boolean inBlockComment;
        private int openParens;
        private char lastSignificant = ';';

        boolean atStatementStart() {
            return !inTextBlock
                    && !inBlockComment
                    && openParens <= 0
                    && "+-*/%=&|^<>?:,.([!".indexOf(lastSignificant) < 0;
        }

        void feed(String line) {
            int i = 0;
            while (i < line.length()) {
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
                    i = endOfLiteral(line, i, c);
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

        private static int endOfLiteral(String line, int open, char quote) {
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
            return line.length(); // unterminated: JShell reports it
        }
    }
}
