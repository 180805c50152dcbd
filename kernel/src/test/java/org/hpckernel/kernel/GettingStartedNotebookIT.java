package org.hpckernel.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * notebooks/00-getting-started.ipynb executed by nbconvert with the installed kernel, in a fresh
 * HOME (as a new user has it); outputs checked by cell id.
 */
class GettingStartedNotebookIT {

    private static ExecutedNotebook notebook;

    @BeforeAll
    static void execute() throws Exception {
        Path home = Files.createTempDirectory("hpc-kernel-nb00-home");
        notebook = ExecutedNotebook.run(
                "00-getting-started.ipynb",
                Map.of(
                        "HOME",
                        home.toString(),
                        "XDG_CONFIG_HOME",
                        home.resolve(".config").toString(),
                        "XDG_DATA_HOME",
                        home.resolve(".local/share").toString()));
    }

    @Test
    void javaCellPrintsAndReturnsValues() {
        assertTrue(notebook.streamText("hello").startsWith("Hello from Java 1"), notebook.streamText("hello"));
        assertEquals("42", notebook.result("answer").path("text/plain").asText());
    }

    @Test
    void tableShowsAsHtmlSortedByLossWithTextLeftAndNumbersRight() {
        JsonNode data = notebook.result("table");
        String html = data.path("text/html").asText();
        assertTrue(
                html.indexOf(">b</td>") < html.indexOf(">c</td>") && html.indexOf(">c</td>") < html.indexOf(">a</td>"),
                html);
        assertTrue(
                html.contains("<td style=\"text-align:left\">b</td>")
                        && html.contains("<td style=\"text-align:right\">0.42</td>"),
                html);
        assertTrue(data.path("text/plain").asText().contains("runs"));
    }

    @Test
    void chartShowsAsPng() {
        assertTrue(notebook.result("chart").path("image/png").asText().length() > 1000);
    }

    @Test
    void magicsListThemselvesAndExplainThemselves() {
        assertTrue(notebook.result("lsmagic").path("text/html").asText().contains("%lsmagic"));
        assertTrue(notebook.result("help-jars").path("text/plain").asText().contains("Examples:"));
    }

    @Test
    void theFirstJobRunsOnTheLocalProfileAndItsLogsAndMetricsComeBack() {
        assertTrue(notebook.result("use-local").path("text/plain").asText().contains("in this kernel only"));
        String submitted = notebook.streamText("submit-job");
        assertTrue(submitted.contains("Submitted first-job as job") && submitted.contains("on local"), submitted);
        String waited = notebook.displayed("wait-job").path("text/plain").asText();
        assertTrue(waited.contains("first-job") && waited.contains("COMPLETED"), waited);
        String logs = notebook.result("logs-job").path("text/plain").asText();
        assertTrue(logs.contains("step 1 loss 1.0000") && logs.contains("step 6 loss 0.2857"), logs);
        String metrics = notebook.displayed("metrics-job").path("text/plain").asText();
        assertTrue(metrics.contains("loss") && metrics.contains("0.2857"), metrics);
        assertTrue(notebook.result("metrics-job").path("image/png").asText().length() > 1000);
    }

    @Test
    void aSixTrialSweepEndsWithItsResultsTableAndPlots() {
        String waited = notebook.result("sweep-wait").path("text/plain").asText();
        assertTrue(waited.contains("DONE: 6/6 done, 0 running, 0 failed; best loss 0.09"), waited);
        JsonNode results = notebook.result("sweep-results");
        String table = results.path("text/plain").asText();
        assertTrue(table.indexOf("0.09") < table.indexOf("10.89"), "best first: " + table);
        assertTrue(results.path("text/html").asText().contains("<table"));
        assertTrue(
                notebook.displayed("sweep-results").path("image/png").asText().length() > 1000);
        for (JsonNode o : notebook.outputs("sweep-results")) {
            assertFalse("error".equals(o.path("output_type").asText()), o.toString());
        }
    }
}
