package org.hpckernel.render;

import java.text.NumberFormat;
import java.util.Locale;
import java.util.function.IntFunction;
import tech.tablesaw.api.NumberColumn;
import tech.tablesaw.api.Table;

/**
 * Tables as text and HTML for a notebook. Long tables show their first and last rows and a line that
 * says how many were left out: a cap is never silent, and a 10,000-row table stays a few KB.
 */
public final class TableView {

    /** Tables up to this many rows are shown whole by {@link #html(Table)} and {@link #text(Table)}. */
    public static final int SHOW_ALL_UP_TO = 50;

    public static final int HEAD = 20;
    public static final int TAIL = 5;
    /** Text cells wider than this are cut with an ellipsis. */
    private static final int MAX_TEXT_WIDTH = 60;
    /** HTML cells longer than this (a log line, a JSON blob) are cut with an ellipsis, so 25 rows stay small. */
    private static final int MAX_HTML_WIDTH = 500;

    private TableView() {}

    public static String html(Table table) {
        return table.rowCount() <= SHOW_ALL_UP_TO ? html(table, table.rowCount(), 0) : html(table, HEAD, TAIL);
    }

    /** The first {@code head} and last {@code tail} rows, with a row saying how many are in between. */
    public static String html(Table table, int head, int tail) {
        Rows rows = Rows.of(table.rowCount(), head, tail);
        StringBuilder html = new StringBuilder(256 + rows.shown() * table.columnCount() * 24);
        html.append("<table class=\"hpc-table\">");
        if (table.name() != null && !table.name().isBlank()) {
            html.append("<caption>").append(escape(table.name())).append("</caption>");
        }
        // Notebook's CSS right-aligns every cell: say it per column, numbers right and text left.
        String[] align = new String[table.columnCount()];
        for (int c = 0; c < align.length; c++) {
            align[c] = table.column(c) instanceof NumberColumn<?, ?>
                    ? " style=\"text-align:right\""
                    : " style=\"text-align:left\"";
        }
        html.append("<thead><tr>");
        for (int c = 0; c < align.length; c++) {
            html.append("<th")
                    .append(align[c])
                    .append('>')
                    .append(escape(table.column(c).name()))
                    .append("</th>");
        }
        html.append("</tr></thead><tbody>");
        rows.forEach(
                row -> {
                    html.append("<tr>");
                    for (int c = 0; c < align.length; c++) {
                        html.append("<td")
                                .append(align[c])
                                .append('>')
                                .append(escape(cut(CellFormat.format(table.column(c), row), MAX_HTML_WIDTH)))
                                .append("</td>");
                    }
                    html.append("</tr>");
                },
                () -> html.append("<tr><td colspan=\"")
                        .append(Math.max(1, table.columnCount()))
                        .append("\" style=\"text-align:center;font-style:italic\">")
                        .append(escape(rows.cutLine()))
                        .append("</td></tr>"));
        html.append("</tbody></table>");
        return html.toString();
    }

    public static String text(Table table) {
        return table.rowCount() <= SHOW_ALL_UP_TO ? text(table, table.rowCount(), 0) : text(table, HEAD, TAIL);
    }

    /** Aligned columns, the first {@code head} and last {@code tail} rows, and the cut line. */
    public static String text(Table table, int head, int tail) {
        Rows rows = Rows.of(table.rowCount(), head, tail);
        int[] widths = new int[table.columnCount()];
        for (int c = 0; c < table.columnCount(); c++) {
            int column = c;
            widths[c] = table.column(c).name().length();
            rows.forEach(
                    row -> widths[column] = Math.max(
                            widths[column],
                            oneLine(CellFormat.format(table.column(column), row))
                                    .length()),
                    () -> {});
            widths[c] = Math.min(widths[c], MAX_TEXT_WIDTH);
        }
        StringBuilder text = new StringBuilder();
        if (table.name() != null && !table.name().isBlank()) {
            text.append(table.name()).append('\n');
        }
        appendRow(text, widths, c -> table.column(c).name());
        rows.forEach(
                row -> appendRow(text, widths, c -> CellFormat.format(table.column(c), row)),
                () -> text.append("  ").append(rows.cutLine()).append('\n'));
        if (table.rowCount() == 0) {
            text.append("(no rows)\n");
        }
        return text.toString();
    }

    private static void appendRow(StringBuilder text, int[] widths, IntFunction<String> cell) {
        for (int c = 0; c < widths.length; c++) {
            String value = oneLine(cell.apply(c));
            if (value.length() > widths[c]) {
                value = value.substring(0, Math.max(0, widths[c] - 1)) + "…";
            }
            text.append(c == 0 ? "" : "  ").append(value).append(" ".repeat(Math.max(0, widths[c] - value.length())));
        }
        text.append('\n');
    }

    /** A newline inside a cell would break the columns of a text table. */
    private static String oneLine(String value) {
        return value.replace("\r", "").replace("\n", "⏎");
    }

    /** Which rows to show: all of them, or a head, a cut, and a tail. */
    record Rows(int total, int head, int tail) {

        static Rows of(int total, int head, int tail) {
            if (head < 0 || tail < 0) {
                throw new IllegalArgumentException("head and tail must be >= 0, got " + head + " and " + tail);
            }
            return total <= head + tail ? new Rows(total, total, 0) : new Rows(total, head, tail);
        }

        boolean cut() {
            return head + tail < total;
        }

        int shown() {
            return head + tail;
        }

        void forEach(java.util.function.IntConsumer row, Runnable cutLine) {
            for (int i = 0; i < head; i++) {
                row.accept(i);
            }
            if (cut()) {
                cutLine.run();
            }
            for (int i = total - tail; i < total; i++) {
                row.accept(i);
            }
        }

        String cutLine() {
            NumberFormat n = NumberFormat.getIntegerInstance(Locale.ROOT);
            n.setGroupingUsed(true);
            return "… " + n.format(total - shown()) + " rows not shown (" + n.format(total) + " in all) …";
        }
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    private static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
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
}
