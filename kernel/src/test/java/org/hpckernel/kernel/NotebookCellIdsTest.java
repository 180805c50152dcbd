package org.hpckernel.kernel;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The notebook ITs find cells by their nbformat 4.5 {@code id}; this checks, without a kernel, that every
 * shipped notebook has one valid, unique id per cell, and that the ids the ITs name for 01 and 04 exist.
 */
class NotebookCellIdsTest {

    private static final Path NOTEBOOKS = Path.of("..", "notebooks");

    @Test
    void everyCellOfEveryNotebookHasAUniqueValidId() throws IOException {
        List<Path> notebooks = notebooks();
        assertTrue(notebooks.size() >= 7, "notebooks/ holds the seven tutorials: " + notebooks);
        for (Path nb : notebooks) {
            JsonNode root = new ObjectMapper().readTree(nb.toFile());
            int major = root.path("nbformat").asInt();
            int minor = root.path("nbformat_minor").asInt();
            assertTrue(
                    major > 4 || (major == 4 && minor >= 5),
                    nb + " is nbformat " + major + "." + minor + ", ids need 4.5");
            Set<String> seen = new HashSet<>();
            for (JsonNode cell : root.path("cells")) {
                String id = cell.path("id").asText("");
                // nbformat 4.5's schema: 1 to 64 of letters, digits, '-' and '_'
                assertTrue(id.matches("[A-Za-z0-9_-]{1,64}"), nb + ": cell without a valid id: " + cell.path("source"));
                assertTrue(seen.add(id), nb + ": id " + id + " is used twice");
            }
        }
    }

    @Test
    void theCellsTheSlurmAndGridEngineItsNameExistInBothNotebooks() throws Exception {
        List<String> named = new ArrayList<>();
        for (Field f : SlurmBasicsCells.class.getDeclaredFields()) {
            if (f.getType() == String.class) {
                f.setAccessible(true);
                named.add((String) f.get(null));
            }
        }
        assertFalse(named.isEmpty());
        for (String name : List.of("01-slurm-basics.ipynb", "04-grid-engine.ipynb")) {
            Set<String> ids = new HashSet<>();
            new ObjectMapper()
                    .readTree(NOTEBOOKS.resolve(name).toFile())
                    .path("cells")
                    .forEach(c -> ids.add(c.path("id").asText()));
            for (String id : named) {
                assertTrue(ids.contains(id), name + " has no cell " + id);
            }
        }
    }

    @Test
    void theIdsOfTheArtifactsNotebookAreTheOnesItsItNames() throws IOException {
        List<String> ids = new ArrayList<>();
        new ObjectMapper()
                .readTree(NOTEBOOKS.resolve("02-artifacts-and-flow-logic.ipynb").toFile())
                .path("cells")
                .forEach(c -> ids.add(c.path("id").asText()));
        for (String id : List.of(
                "flow-logic",
                "dataset",
                "put-flow-logic",
                "artifact-ls",
                "submit-request",
                "wait-request",
                "metrics-acc",
                "metrics-plot",
                "logs-tail")) {
            assertTrue(ids.contains(id), id + " in " + ids);
        }
    }

    private static List<Path> notebooks() throws IOException {
        try (Stream<Path> files = Files.list(NOTEBOOKS)) {
            return files.filter(p -> p.toString().endsWith(".ipynb")).sorted().toList();
        }
    }
}
