package org.hpckernel.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class TableViewTest {

    private static Table rows(int n) {
        return Table.create(
                "jobs",
                IntColumn.create("id", IntStream.range(0, n).toArray()),
                StringColumn.create(
                        "state", IntStream.range(0, n).mapToObj(i -> i % 2 == 0 ? "RUNNING" : "COMPLETED")));
    }

    @Test
    void smallTablesAreShownWhole() {
        String html = unaligned(rows(50));
        assertEquals(50, html.split("<tr><td>", -1).length - 1);
        assertFalse(html.contains("not shown"));
    }

    @Test
    void longTablesShowHeadTailAndSayWhatWasCut() {
        String html = unaligned(rows(10_000));
        assertTrue(html.contains("… 9,975 rows not shown (10,000 in all) …"), html);
        assertTrue(html.contains("<td>9999</td>") && html.contains("<td>0</td>"));
        assertTrue(html.length() < 200 * 1024, "HTML is " + html.length() + " bytes");
        assertTrue(TableView.text(rows(10_000)).contains("9,975 rows not shown"));
    }

    @Test
    void htmlIsEscaped() {
        Table t = Table.create("x", StringColumn.create("name", "<script>alert(1)</script>&"));
        String html = TableView.html(t);
        assertFalse(html.contains("<script>"));
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;&amp;"));
    }

    @Test
    void textAlignsColumns() {
        String text = TableView.text(rows(2));
        assertTrue(text.contains("id  state"), text);
        assertTrue(text.contains("0   RUNNING"), text);
    }

    @Test
    void fiftyOneRowsAreCutToTwentyAndFive() {
        String html = unaligned(rows(51));
        assertEquals(25, html.split("<tr><td>", -1).length - 1);
        assertTrue(html.contains("… 26 rows not shown (51 in all) …"), html);
        assertTrue(html.indexOf("<td>19</td>") < html.indexOf("rows not shown")
                && html.indexOf("rows not shown") < html.indexOf("<td>46</td>"));
        assertFalse(html.contains("<td>20</td>") || html.contains("<td>45</td>"));
    }

    @Test
    void explicitHeadAndTailAreHonouredEvenForShortTables() {
        String html = unaligned(rows(10), 3, 2);
        assertEquals(5, html.split("<tr><td>", -1).length - 1);
        assertTrue(html.contains("… 5 rows not shown (10 in all) …"), html);
        assertFalse(unaligned(rows(5), 3, 2).contains("not shown"));
    }

    @Test
    void zeroHeadAndTailStillSayHowManyRowsThereAre() {
        String html = TableView.html(rows(7), 0, 0);
        assertTrue(html.contains("… 7 rows not shown (7 in all) …"), html);
        assertTrue(TableView.text(rows(7), 0, 0).contains("7 rows not shown"));
    }

    @Test
    void negativeHeadIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> TableView.html(rows(3), -1, 0));
    }

    @Test
    void tenThousandRowsOfWideValuesStayWellUnder200KB() {
        String big = "x".repeat(200);
        Table t = Table.create(
                "wide",
                IntColumn.create("id", IntStream.range(0, 10_000).toArray()),
                StringColumn.create("blob", IntStream.range(0, 10_000).mapToObj(i -> big + i)));
        int size = TableView.html(t).getBytes(StandardCharsets.UTF_8).length;
        assertTrue(size < 20 * 1024, "HTML is " + size + " bytes");
    }

    @Test
    void columnNamesCaptionsAndQuotesAreEscaped() {
        Table t = Table.create("<b>jobs</b>", StringColumn.create("a\"b'<c>", "it's \"q\""));
        String html = unaligned(t);
        assertTrue(html.contains("<caption>&lt;b&gt;jobs&lt;/b&gt;</caption>"), html);
        assertTrue(html.contains("<th>a&quot;b&#39;&lt;c&gt;</th>"), html);
        assertTrue(html.contains("<td>it&#39;s &quot;q&quot;</td>"), html);
    }

    @Test
    void unicodeCellsPassThrough() {
        Table t = Table.create("u", StringColumn.create("name", "実験 α 🚀"));
        assertTrue(unaligned(t).contains("<td>実験 α 🚀</td>"));
        assertTrue(TableView.text(t).contains("実験 α 🚀"));
    }

    @Test
    void textKeepsRowsOnOneLineAndCutsVeryWideCells() {
        Table t = Table.create("t", StringColumn.create("log", "line1\nline2", "y".repeat(100)));
        String[] lines = TableView.text(t).split("\n");
        assertEquals(4, lines.length, TableView.text(t));
        assertTrue(lines[2].startsWith("line1⏎line2"), lines[2]);
        assertEquals(60, lines[3].strip().length());
        assertTrue(lines[3].strip().endsWith("…"));
    }

    @Test
    void emptyTableSaysSo() {
        Table t = Table.create("none", StringColumn.create("id"));
        assertTrue(TableView.text(t).contains("(no rows)"));
        assertTrue(unaligned(t).contains("<th>id</th>"));
    }

    @Test
    void longCellTextIsCutVisiblyInHtml() {
        String html = TableView.html(Table.create(
                "m", tech.tablesaw.api.StringColumn.create("log", new String[] {"x".repeat(100_000)})));
        assertTrue(html.length() < 1_000, "length " + html.length());
        assertTrue(html.contains("x…</td>"), html);
    }

    @Test
    void doublesShowWithoutFloatingPointNoiseAndMissingOnesBlank() {
        tech.tablesaw.api.DoubleColumn d =
                tech.tablesaw.api.DoubleColumn.create("loss", new double[] {0.1 + 0.2, 3.0, 1.0 / 3, 1.23456e-7});
        d.appendMissing();
        String html = unaligned(Table.create("m", d));
        assertTrue(html.contains("<td>0.3</td><"), html);
        assertTrue(html.contains("<td>3</td>"), html);
        assertTrue(html.contains("<td>0.333333</td>"), html);
        assertTrue(html.contains("<td>1.2346e-07</td>"), html);
        assertTrue(html.contains("<tr><td></td></tr>"), html);
        assertTrue(TableView.text(Table.create("m", d)).contains("0.333333"));
    }

    /** The same HTML without the per-cell alignment, for tests about rows and escaping. */
    private static String unaligned(Table t) {
        return TableView.html(t).replace(" style=\"text-align:right\"", "").replace(" style=\"text-align:left\"", "");
    }

    private static String unaligned(Table t, int head, int tail) {
        return TableView.html(t, head, tail)
                .replace(" style=\"text-align:right\"", "")
                .replace(" style=\"text-align:left\"", "");
    }

    @Test
    void textColumnsAreLeftAlignedAndNumbersRight() {
        Table t = Table.create(
                "jobs",
                tech.tablesaw.api.StringColumn.create("dir", "a/b"),
                tech.tablesaw.api.IntColumn.create("n", new int[] {7}),
                tech.tablesaw.api.DoubleColumn.create("loss", new double[] {0.5}));
        String html = TableView.html(t);
        assertTrue(html.contains("<th style=\"text-align:left\">dir</th>"), html);
        assertTrue(html.contains("<td style=\"text-align:left\">a/b</td>"), html);
        assertTrue(
                html.contains("<th style=\"text-align:right\">n</th>")
                        && html.contains("<td style=\"text-align:right\">7</td>"),
                html);
        assertTrue(html.contains("<td style=\"text-align:right\">0.5"), html);
    }
}
