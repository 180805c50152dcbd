package org.hpckernel.kernel;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** notebooks/00-getting-started.ipynb executed by nbconvert with the installed kernel; outputs checked. */
class GettingStartedNotebookIT {

    private static ExecutedNotebook notebook;

    @BeforeAll
    static void execute() throws Exception {
        notebook = ExecutedNotebook.run("00-getting-started.ipynb", Map.of());
    }

    @Test
    void javaCellPrintsAndReturnsValues() {
        assertTrue(notebook.streamText(1).startsWith("Hello from Java 1"), notebook.streamText(1));
        assertEquals("42", notebook.result(2).path("text/plain").asText());
    }

    @Test
    void tableShowsAsHtmlSortedByLoss() {
        JsonNode data = notebook.result(4);
        String html = data.path("text/html").asText();
        assertTrue(html.indexOf("<td>b</td>") < html.indexOf("<td>c</td>") && html.indexOf("<td>c</td>") < html.indexOf("<td>a</td>"), html);
        assertTrue(data.path("text/plain").asText().contains("runs"));
    }

    @Test
    void chartShowsAsPng() {
        assertTrue(notebook.result(6).path("image/png").asText().length() > 1000);
    }

    @Test
    void magicsListThemselvesAndExplainThemselves() {
        assertTrue(notebook.result(8).path("text/html").asText().contains("%lsmagic"));
        assertTrue(notebook.result(9).path("text/plain").asText().contains("Examples:"));
    }
}
