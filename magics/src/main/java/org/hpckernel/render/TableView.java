package org.hpckernel.render;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * A Tablesaw table as HTML or aligned text, capped so a 10,000-row table stays small: above
 * {@value #CAP_ABOVE} rows only the first {@value #HEAD} and last {@value #TAIL} are shown, with a
 * line that says how many were left out. A cap is never silent.
 */
public final class TableView {

    public static final int CAP_ABOVE = 50;
    public static final int HEAD = 20;
    public static final int TAIL = 5;
    /** Longer cell text is cut with a visible "…". */
    static final int MAX_HTML_CELL = 500;
    static final int MAX_TEXT_CELL = 80;

    private TableView() {
    }

    public static String html(Table t) {
        return t.rowCount() > CAP_ABOVE ? html(t, HEAD, TAIL) : html(t, t.rowCount(), 0);
    }

    public static String text(Table t) {
        return t.rowCount() > CAP_ABOVE ? text(t, HEAD, TAIL) : text(t, t.rowCount(), 0);
    }

    /** HTML showing the first {@code head} and last {@code tail} rows, and a line for the rest. */
    public static String html(Table t, int head, int tail) {
        Rows rows = Rows.of(t.rowCount(), head, tail);
        List<Column<?>> columns = t.columns();
        StringBuilder out = new StringBuilder(4096);
        out.append("<table class=\"hpc-table\">");
        if (t.name() != null && !t.name().isBlank()) {
            out.append("<caption>").append(escape(t.name())).append("</caption>");
        }
        out.append("<thead><tr>");
        for (Column<?> c : columns) {
            out.append("<th>").append(escape(c.name())).append("</th>");
        }
        out.append("</tr></thead><tbody>");
        for (int r = 0; r < rows.headEnd; r++) {
            htmlRow(out, columns, r);
        }
        if (rows.hidden() > 0) {
            out.append("<tr><td colspan=\"").append(Math.max(1, columns.size()))
                    .append("\" style=\"text-align:center;font-style:italic\">")
                    .append(escape(rows.summary())).append("</td></tr>");
        }
        for (int r = rows.tailStart; r < rows.total; r++) {
            htmlRow(out, columns, r);
        }
        out.append("</tbody></table>");
        return out.toString();
    }

    /** Aligned monospace text; numbers right-aligned, the rest left-aligned. */
    public static String text(Table t, int head, int tail) {
        Rows rows = Rows.of(t.rowCount(), head, tail);
        List<Column<?>> columns = t.columns();
        List<String[]> lines = new ArrayList<>();
        String[] header = new String[columns.size()];
        for (int c = 0; c < columns.size(); c++) {
            header[c] = columns.get(c).name();
        }
        lines.add(header);
        for (int r = 0; r < rows.headEnd; r++) {
            lines.add(textRow(columns, r));
        }
        int summaryAt = lines.size();
        for (int r = rows.tailStart; r < rows.total; r++) {
            lines.add(textRow(columns, r));
        }
        int[] width = new int[columns.size()];
        for (String[] line : lines) {
            for (int c = 0; c < line.length; c++) {
                width[c] = Math.max(width[c], line[c].codePointCount(0, line[c].length()));
            }
        }
        StringBuilder out = new StringBuilder();
        if (t.name() != null && !t.name().isBlank()) {
            out.append(t.name()).append('\n');
        }
        for (int i = 0; i < lines.size(); i++) {
            if (i == summaryAt && rows.hidden() > 0) {
                out.append(rows.summary()).append('\n');
            }
            String[] line = lines.get(i);
            StringBuilder l = new StringBuilder();
            for (int c = 0; c < line.length; c++) {
                boolean right = CellFormat.isNumeric(columns.get(c));
                l.append(c == 0 ? "" : "  ").append(pad(line[c], width[c], right));
            }
            out.append(l.toString().stripTrailing()).append('\n');
            if (i == 0) {
                int total = Math.max(1, Arrays.stream(width).sum() + 2 * (width.length - 1));
                out.append("-".repeat(total)).append('\n');
            }
        }
        if (rows.hidden() > 0 && summaryAt == lines.size()) {
            out.append(rows.summary()).append('\n');
        }
        return out.toString();
    }

    private static void htmlRow(StringBuilder out, List<Column<?>> columns, int r) {
        out.append("<tr>");
        for (Column<?> c : columns) {
            out.append(CellFormat.isNumeric(c) ? "<td style=\"text-align:right\">" : "<td>")
                    .append(escape(cut(CellFormat.format(c, r), MAX_HTML_CELL))).append("</td>");
        }
        out.append("</tr>");
    }

    private static String[] textRow(List<Column<?>> columns, int r) {
        String[] cells = new String[columns.size()];
        for (int c = 0; c < cells.length; c++) {
            cells[c] = cut(CellFormat.format(columns.get(c), r).replace('\n', ' ').replace('\t', ' '), MAX_TEXT_CELL);
        }
        return cells;
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    private static String pad(String s, int width, boolean right) {
        String fill = " ".repeat(Math.max(0, width - s.codePointCount(0, s.length())));
        return right ? fill + s : s + fill;
    }

    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** Which rows show: [0, headEnd) and [tailStart, total). */
    private record Rows(int total, int headEnd, int tailStart) {
        static Rows of(int total, int head, int tail) {
            if (head < 0 || tail < 0) {
                throw new IllegalArgumentException("head and tail must be >= 0, got " + head + ", " + tail);
            }
            if ((long) head + tail >= total) {
                return new Rows(total, total, total);
            }
            return new Rows(total, head, total - tail);
        }

        int hidden() {
            return tailStart - headEnd;
        }

        String summary() {
            return "… " + CellFormat.count(hidden()) + " rows not shown (" + CellFormat.count(total) + " in all) …";
        }
    }
}
