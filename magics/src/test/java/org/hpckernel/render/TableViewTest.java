package org.hpckernel.render;

import org.junit.jupiter.api.Test;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TableViewTest {

    private static Table rows(int n) {
        return Table.create("jobs",
                IntColumn.create("id", IntStream.range(0, n).toArray()),
                StringColumn.create("state", IntStream.range(0, n).mapToObj(i -> i % 2 == 0 ? "RUNNING" : "COMPLETED")));
    }

    @Test
    void smallTablesAreShownWhole() {
        String html = TableView.html(rows(50));
        assertEquals(50, html.split("<tr><td>", -1).length - 1);
        assertFalse(html.contains("not shown"));
    }

    @Test
    void longTablesShowHeadTailAndSayWhatWasCut() {
        String html = TableView.html(rows(10_000));
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
}
