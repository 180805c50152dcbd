package org.hpckernel.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class TableViewTest {

    private static Table jobs(int rows) {
        IntColumn id = IntColumn.create("job");
        StringColumn state = StringColumn.create("state");
        DoubleColumn loss = DoubleColumn.create("loss");
        for (int i = 0; i < rows; i++) {
            id.append(1000 + i);
            state.append(i % 3 == 0 ? "RUNNING" : "COMPLETED");
            loss.append(1.0 / (i + 3));
        }
        return Table.create("jobs", id, state, loss);
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    @Test
    void smallTableShowsEveryRowWithoutASummaryLine() {
        String html = TableView.html(jobs(50));
        assertEquals(51, count(html, "<tr>"));
        assertFalse(html.contains("not shown"));
        assertFalse(TableView.text(jobs(50)).contains("not shown"));
    }

    @Test
    void largeTableShowsFirst20AndLast5RowsAndSaysHowManyAreHidden() {
        String html = TableView.html(jobs(10_000));
        assertEquals(1 + 20 + 1 + 5, count(html, "<tr>"));
        assertTrue(html.contains("… 9,975 rows not shown (10,000 in all) …"), html);
        assertTrue(html.contains("<td style=\"text-align:right\">1019</td>"));
        assertFalse(html.contains(">1020<"));
        assertTrue(html.contains(">10995<"));
        assertTrue(html.contains(">10999<"));
    }

    @Test
    void htmlOfA10000RowTableStaysWellUnder200KB() {
        int bytes = TableView.html(jobs(10_000)).getBytes(StandardCharsets.UTF_8).length;
        assertTrue(bytes < 20_000, "HTML was " + bytes + " bytes");
    }

    @Test
    void headAndTailAreConfigurable() {
        String html = TableView.html(jobs(100), 3, 0);
        assertEquals(1 + 3 + 1, count(html, "<tr>"));
        assertTrue(html.contains("… 97 rows not shown (100 in all) …"));
        String text = TableView.text(jobs(100), 2, 1);
        assertTrue(text.contains("… 97 rows not shown (100 in all) …"), text);
        assertTrue(text.indexOf("1001") < text.indexOf("not shown") && text.indexOf("not shown") < text.indexOf("1099"), text);
    }

    @Test
    void negativeHeadIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> TableView.html(jobs(10), -1, 0));
    }

    @Test
    void htmlEscapesNamesAndValues() {
        Table t = Table.create("<b>x</b>", StringColumn.create("a<&>\"'", new String[] {"<script>alert('x')</script>"}));
        String html = TableView.html(t);
        assertFalse(html.contains("<script>"));
        assertFalse(html.contains("<b>"));
        assertTrue(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"), html);
        assertTrue(html.contains("a&lt;&amp;&gt;&quot;&#39;"), html);
    }

    @Test
    void textIsAlignedWithNumbersRightAligned() {
        Table t = Table.create("t", StringColumn.create("name", new String[] {"a", "long name"}),
                DoubleColumn.create("v", new double[] {1.5, 12.25}));
        assertEquals("t\n"
                + "name           v\n"
                + "----------------\n"
                + "a            1.5\n"
                + "long name  12.25\n", TableView.text(t));
    }

    @Test
    void numbersAreReadable() {
        assertEquals("0.3", CellFormat.number(0.1 + 0.2));
        assertEquals("3", CellFormat.number(3.0));
        assertEquals("0.333333", CellFormat.number(1.0 / 3));
        assertEquals("1234.57", CellFormat.number(1234.5678));
        assertEquals("1.2346e-07", CellFormat.number(1.23456e-7));
        assertEquals("", CellFormat.number(Double.NaN));
        assertEquals("∞", CellFormat.number(Double.POSITIVE_INFINITY));
    }

    @Test
    void missingValuesShowAsBlankCells() {
        DoubleColumn d = DoubleColumn.create("d");
        d.appendMissing();
        StringColumn s = StringColumn.create("s");
        s.appendMissing();
        String html = TableView.html(Table.create("m", d, s));
        assertTrue(html.contains("<td style=\"text-align:right\"></td><td></td>"), html);
    }

    @Test
    void longCellTextIsCutVisibly() {
        String html = TableView.html(Table.create("m", StringColumn.create("log", new String[] {"x".repeat(10_000)})));
        assertTrue(html.length() < 1_000, "length " + html.length());
        assertTrue(html.contains("x…</td>"));
    }

    @Test
    void tableWithoutRowsStillShowsItsHeader() {
        String html = TableView.html(jobs(0));
        assertTrue(html.contains("<th>job</th><th>state</th><th>loss</th>"), html);
        assertTrue(TableView.text(jobs(0)).contains("job  state  loss"), TableView.text(jobs(0)));
    }
}
