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
        InstalledKernel.Run run = InstalledKernel.run(List.of("/usr/bin/jupyter", "nbconvert", "--to", "notebook", "--execute",
                        "--ExecutePreprocessor.kernel_name=hpc-kernel", "--ExecutePreprocessor.timeout=600",
                        "--output-dir", out.toString(), source.toString()),
                source.getParent(), Duration.ofMinutes(15), env);
        if (run.exitCode() != 0) {
            throw new AssertionError("nbconvert failed for " + name + ":\n" + run.output());
        }
        Path executed = out.resolve(name.replace(".ipynb", ".ipynb"));
        return new ExecutedNotebook(new ObjectMapper().readTree(executed.toFile()).path("cells"));
    }

    /** The index of the cell with this id: checks name cells, so adding a cell moves nothing. */
    int cell(String id) {
        for (int i = 0; i < cells.size(); i++) {
            if (id.equals(cells.path(i).path("id").asText())) {
                return i;
            }
        }
        throw new AssertionError("no cell with id " + id);
    }

    JsonNode outputs(int cell) {
        return cells.path(cell).path("outputs");
    }

    /** All stdout text of a cell. */
    String streamText(int cell) {
        StringBuilder text = new StringBuilder();
        for (JsonNode o : outputs(cell)) {
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
    JsonNode result(int cell) {
        return dataOf(cell, "execute_result");
    }

    JsonNode displayed(int cell) {
        return dataOf(cell, "display_data");
    }

    private JsonNode dataOf(int cell, String type) {
        for (JsonNode o : outputs(cell)) {
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
        throw new AssertionError("cell " + cell + " has no " + type + "; outputs: " + outputs(cell));
    }
}
