package org.hpckernel.render;

import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Tables as text and HTML for a notebook. Long tables show their first and last rows and a line that
 * says how many were left out: a cap is never silent.
 */
public final class TableView {

    /** Tables up to this many rows are shown whole. */
    public static final int SHOW_ALL_UP_TO = 50;
    public static final int HEAD = 20;
    public static final int TAIL = 5;

    private TableView() {
    }

    public static String html(Table table) {
        return html(table, HEAD, TAIL);
    }

    public static String html(Table table, int head, int tail) {
        List<Integer> rows = shownRows(table.rowCount(), head, tail);
        StringBuilder html = new StringBuilder(256 + rows.size() * table.columnCount() * 24);
        html.append("<table class=\"hpc-table\">");
        if (table.name() != null && !table.name().isBlank()) {
            html.append("<caption>").append(escape(table.name())).append("</caption>");
        }
        html.append("<thead><tr>");
        for (Column<?> column : table.columns()) {
            html.append("<th>").append(escape(column.name())).append("</th>");
        }
        html.append("</tr></thead><tbody>");
        int previous = -1;
        for (int row : rows) {
            if (previous >= 0 && row != previous + 1) {
                html.append("<tr><td colspan=\"").append(table.columnCount()).append("\" style=\"text-align:center;font-style:italic\">")
                        .append(escape(cutLine(table.rowCount(), rows.size()))).append("</td></tr>");
            }
            html.append("<tr>");
            for (Column<?> column : table.columns()) {
                html.append("<td>").append(escape(column.getString(row))).append("</td>");
            }
            html.append("</tr>");
            previous = row;
        }
        html.append("</tbody></table>");
        return html.toString();
    }

    public static String text(Table table) {
        List<Integer> rows = shownRows(table.rowCount(), HEAD, TAIL);
        int[] widths = new int[table.columnCount()];
        for (int c = 0; c < table.columnCount(); c++) {
            widths[c] = table.column(c).name().length();
            for (int row : rows) {
                widths[c] = Math.max(widths[c], table.column(c).getString(row).length());
            }
            widths[c] = Math.min(widths[c], 60);
        }
        StringBuilder text = new StringBuilder();
        if (table.name() != null && !table.name().isBlank()) {
            text.append(table.name()).append('\n');
        }
        appendRow(text, widths, c -> table.column(c).name());
        int previous = -1;
        for (int row : rows) {
            if (previous >= 0 && row != previous + 1) {
                text.append("  ").append(cutLine(table.rowCount(), rows.size())).append('\n');
            }
            int r = row;
            appendRow(text, widths, c -> table.column(c).getString(r));
            previous = row;
        }
        if (table.rowCount() == 0) {
            text.append("(no rows)\n");
        }
        return text.toString();
    }

    private static void appendRow(StringBuilder text, int[] widths, java.util.function.IntFunction<String> cell) {
        for (int c = 0; c < widths.length; c++) {
            String value = cell.apply(c);
            if (value.length() > widths[c]) {
                value = value.substring(0, widths[c] - 1) + "…";
            }
            text.append(c == 0 ? "" : "  ").append(value).append(" ".repeat(widths[c] - value.length()));
        }
        text.append('\n');
    }

    static List<Integer> shownRows(int rowCount, int head, int tail) {
        List<Integer> rows = new ArrayList<>();
        if (rowCount <= Math.max(SHOW_ALL_UP_TO, head + tail)) {
            for (int i = 0; i < rowCount; i++) {
                rows.add(i);
            }
            return rows;
        }
        for (int i = 0; i < head; i++) {
            rows.add(i);
        }
        for (int i = rowCount - tail; i < rowCount; i++) {
            rows.add(i);
        }
        return rows;
    }

    static String cutLine(int total, int shown) {
        NumberFormat n = NumberFormat.getIntegerInstance(Locale.ROOT);
        n.setGroupingUsed(true);
        return "… " + n.format(total - shown) + " rows not shown (" + n.format(total) + " in all) …";
    }

    private static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
