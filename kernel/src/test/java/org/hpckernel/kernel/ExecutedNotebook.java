package org.hpckernel.kernel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A notebook from notebooks/ run by {@code jupyter nbconvert --execute} with the installed kernel. */
final class ExecutedNotebook {

    private final JsonNode cells;

    private ExecutedNotebook(JsonNode cells) {
        this.cells = cells;
    }

    static ExecutedNotebook run(String name, Map<String, String> env) throws Exception {
        Path source = Path.of("..", "notebooks", name).toAbsolutePath().normalize();
        Path out = Files.createTempDirectory("hpc-kernel-nb");
        InstalledKernel.Run run = InstalledKernel.run(
                List.of(
                        "/usr/bin/jupyter",
                        "nbconvert",
                        "--to",
                        "notebook",
                        "--execute",
                        "--ExecutePreprocessor.kernel_name=hpc-kernel",
                        "--ExecutePreprocessor.timeout=600",
                        "--output-dir",
                        out.toString(),
                        source.toString()),
                source.getParent(),
                Duration.ofMinutes(15),
                env);
        if (run.exitCode() != 0) {
            throw new AssertionError("nbconvert failed for " + name + ":\n" + run.output());
        }
        Path executed = out.resolve(name.replace(".ipynb", ".ipynb"));
        return new ExecutedNotebook(
                new ObjectMapper().readTree(executed.toFile()).path("cells"));
    }

    /**
     * The cell with this nbformat 4.5 id. Tests name cells by id, never by position, so adding or
     * moving a cell in a notebook moves no assertion onto another cell.
     */
    private JsonNode cell(String id) {
        JsonNode found = null;
        for (JsonNode c : cells) {
            if (id.equals(c.path("id").asText())) {
                if (found != null) {
                    throw new AssertionError("two cells have the id " + id + "; ids must be unique");
                }
                found = c;
            }
        }
        if (found == null) {
            throw new AssertionError("no cell with id " + id);
        }
        return found;
    }

    JsonNode outputs(String id) {
        return cell(id).path("outputs");
    }

    /** All stdout text of a cell. */
    String streamText(String id) {
        StringBuilder text = new StringBuilder();
        for (JsonNode o : outputs(id)) {
            if ("stream".equals(o.path("output_type").asText())) {
                o.path("text").forEach(t -> text.append(t.asText()));
                if (o.path("text").isTextual()) {
                    text.append(o.path("text").asText());
                }
            }
        }
        return text.toString();
    }

    /** The data of a cell's execute_result, with multi-line strings joined. */
    JsonNode result(String id) {
        return dataOf(id, "execute_result");
    }

    JsonNode displayed(String id) {
        return dataOf(id, "display_data");
    }

    private JsonNode dataOf(String id, String type) {
        for (JsonNode o : outputs(id)) {
            if (type.equals(o.path("output_type").asText())) {
                var joined = new ObjectMapper().createObjectNode();
                o.path("data").fields().forEachRemaining(e -> {
                    if (e.getValue().isArray()) {
                        StringBuilder s = new StringBuilder();
                        e.getValue().forEach(line -> s.append(line.asText()));
                        joined.put(e.getKey(), s.toString());
                    } else {
                        joined.set(e.getKey(), e.getValue());
                    }
                });
                return joined;
            }
        }
        throw new AssertionError("cell " + id + " has no " + type + "; outputs: " + outputs(id));
    }
}
