package org.hpckernel.magic;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits a cell into Java code and magics. {@code %%name args} on the first non-blank line makes the
 * whole cell one cell magic (the body may be empty). Otherwise any line whose first non-space
 * characters are {@code %name} is a line magic; {@code a % b} in Java is not, since it does not start
 * a line.
 */
public final class CellParser {

    private static final Pattern CELL_MAGIC = Pattern.compile("^\\s*%%([A-Za-z_][\\w-]*)(.*)$");
    private static final Pattern LINE_MAGIC = Pattern.compile("^\\s*%([A-Za-z_][\\w-]*)(.*)$");
    private static final Pattern STRAY_CELL_MAGIC = Pattern.compile("^\\s*%%[A-Za-z_].*$");

    private CellParser() {
    }

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
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (STRAY_CELL_MAGIC.matcher(line).matches()) {
                throw new MagicException("Line " + (i + 1) + ": %%" + line.strip().substring(2).split("\\s+")[0]
                        + ": cell magics must be on the first line of a cell. Move it to a cell of its own.");
            }
            Matcher lineMagic = LINE_MAGIC.matcher(line);
            if (lineMagic.matches()) {
                addCode(parts, code, codeStart);
                parts.add(new CellPart.MagicLine(MagicCall.line(lineMagic.group(1), Tokenizer.tokenize(lineMagic.group(2))), i + 1));
                code.setLength(0);
                codeStart = i + 2;
            } else {
                if (code.length() > 0) {
                    code.append('\n');
                }
                code.append(line);
            }
        }
        addCode(parts, code, codeStart);
        return parts;
    }

    private static void addCode(List<CellPart> parts, StringBuilder code, int firstLine) {
        if (!code.toString().isBlank()) {
            parts.add(new CellPart.Code(code.toString(), firstLine));
        }
    }
}
