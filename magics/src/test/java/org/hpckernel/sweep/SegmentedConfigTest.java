package org.hpckernel.sweep;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Segmented sweep cells: PanDA's own files pasted as they are (phpo's --segmentSpecFile and
 * --searchSpaceFile from the panda docs, and what phpo turns them into for JEDI), and the per-segment
 * form with each segment's own space, metric and command. Sources in resources/.../sweep/SOURCES.
 */
class SegmentedConfigTest {

    static String resource(String name) throws IOException {
        String path = "/org/hpckernel/sweep/panda-segments/" + name;
        try (InputStream in = SegmentedConfigTest.class.getResourceAsStream(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static String indent(String text) {
        return text.lines().map(l -> "  " + l).collect(Collectors.joining("\n")) + "\n";
    }

    /** The docs' two segments, each with phpo's 5-parameter space cloned, as phpo does for a single space. */
    static void assertDocsSegments(List<SegmentSpec> segments) {
        assertEquals(
                List.of("name_A", "name_B"),
                segments.stream().map(SegmentSpec::name).toList());
        assertEquals(List.of("file_1", "file_3"), segments.get(0).files());
        assertEquals(List.of("file_2"), segments.get(1).files());
        assertEquals(List.of(0, 1), segments.stream().map(SegmentSpec::position).toList());
        for (SegmentSpec s : segments) {
            SearchSpace space = SpaceParser.parse(s.config());
            assertEquals(
                    List.of("auto_lr", "batch_size", "epoch", "cnn_block_depths_1", "cnn_block_depths_2"),
                    space.params().stream().map(Param::name).toList());
            Param.Int batch = (Param.Int) space.param("batch_size").orElseThrow();
            assertEquals(List.of(10L, 30L), List.of(batch.low(), batch.high()));
            assertNull(s.metric());
            assertNull(s.command());
        }
    }

    @Test
    void phpoFilesPastedAsJsonBesideEachOther() throws IOException {
        String cell = "{\"segments\": " + resource("seg.json") + ", \"search_space\": "
                + resource("search_space_example2.json") + "}";
        assertTrue(SegmentedConfig.isSegmented(cell));
        assertDocsSegments(SegmentedConfig.parse(cell));
    }

    @Test
    void phpoFilesPastedUnderYamlKeys() throws IOException {
        String cell = "segments:\n" + indent(resource("seg.json"))
                + "search_space:\n" + indent(resource("search_space_example2.json"))
                + "metric: {name: loss, goal: minimize}\ncommand: python toy.py %SEGMENT_NAME ${args}\n";
        List<SegmentSpec> segments = SegmentedConfig.parse(cell);
        assertDocsSegments(segments.stream()
                .map(s -> new SegmentSpec(
                        s.name(), s.position(), s.config(), s.method(), null, null, null, null, s.files()))
                .toList());
        assertEquals("loss", segments.get(1).metric());
        assertEquals(Goal.MINIMIZE, segments.get(1).goal());
        assertEquals("python toy.py %SEGMENT_NAME ${args}", segments.get(0).command());
    }

    @Test
    void jediTaskParamsWithOneSpacePerModelId() throws IOException {
        JsonNode task = new ObjectMapper().readTree(resource("phpo-taskparams-segmented.json"));
        String cell =
                "{\"segments\": " + task.get("segmentSpecs") + ", \"search_space\": " + task.get("opt_space") + "}";
        assertDocsSegments(SegmentedConfig.parse(cell));
        // phpo keeps one parallelism for the whole task while it multiplies the points by the segments:
        // the budget is shared, the trials are per segment
        assertEquals(2, task.get("nEvents").asInt());
        assertEquals(8, task.get("max_points").asInt());
    }

    @Test
    void eachSegmentWithItsOwnSpaceMetricAndCommand() {
        String cell = """
                method: random
                command: python3 train.py --segment %SEGMENT_NAME ${args}
                segments:
                  - name: cnn
                    metric: {name: val_loss, goal: minimize}
                    parameters:
                      lr: {min: 0.0001, max: 0.1, distribution: log_uniform_values}
                      depth: {values: [2, 4, 8]}
                  - name: bdt
                    metric: {name: auc, goal: maximize}
                    command: python3 bdt.py ${args}
                    max_trials: 6
                    space: [["max_depth", 2, 12], ["eta", 0.01, 0.3]]
                  - name: phpo
                    method: bayes
                    space: {"x": {"method": "uniform", "dimension": {"low": 0, "high": 1}}}
                """;
        List<SegmentSpec> s = SegmentedConfig.parse(cell);
        assertEquals(
                List.of("cnn", "bdt", "phpo"), s.stream().map(SegmentSpec::name).toList());
        SearchSpace cnn = SpaceParser.parse(s.get(0).config()); // W&B configs keep their parameters sorted by name
        assertEquals("random", cnn.method());
        assertEquals(
                List.of("depth", "lr"), cnn.params().stream().map(Param::name).toList());
        assertNull(s.get(0).method(), "an inline W&B segment carries its method in its own config");
        assertEquals("val_loss", s.get(0).metric());
        assertEquals(
                "python3 train.py --segment %SEGMENT_NAME ${args}", s.get(0).command());
        assertEquals(Goal.MAXIMIZE, s.get(1).goal());
        assertEquals("python3 bdt.py ${args}", s.get(1).command());
        assertEquals(6, s.get(1).maxTrials());
        assertEquals(
                List.of("max_depth", "eta"),
                SpaceParser.parse(s.get(1).config()).params().stream()
                        .map(Param::name)
                        .toList());
        assertEquals("random", s.get(1).method(), "the top-level method applies to a segment's pasted space");
        assertEquals("bayes", s.get(2).method());
        assertFalse(SegmentedConfig.isSegmented(s.get(1).config()));
    }

    @Test
    void plainSweepConfigsAreNotSegmented() {
        assertFalse(SegmentedConfig.isSegmented("method: random\nparameters:\n  x: {min: 0, max: 1}\n"));
        assertFalse(SegmentedConfig.isSegmented("[[\"clf\", [\"RF\", \"GB\"]]]"));
        assertFalse(SegmentedConfig.isSegmented(
                "{\"x\": {\"method\": \"uniform\", \"dimension\": {\"low\": 0, \"high\": 1}}}"));
    }

    @Test
    void badCellsSayWhatToDo() throws IOException {
        String twice = "segments: [{name: a, space: [[\"x\", 0, 1]]}, {name: a, space: [[\"x\", 0, 1]]}]";
        assertTrue(refused(twice).contains("named twice"));
        String noSpace = "{\"segments\": " + resource("seg.json") + "}";
        assertTrue(refused(noSpace).contains("segment 'name_A' has no search space"));
        String wrongCount = "{\"segments\": " + resource("seg.json") + ", \"search_space\": ["
                + resource("search_space_example2.json") + "]}";
        assertTrue(refused(wrongCount).contains("one space per segment (2), got 1"));
        String badSpace = "segments: [{name: a, space: {x: {method: uniform}}}]";
        assertTrue(refused(badSpace).startsWith("segment 'a': "));
        String unknown = "segments: [{name: a, space: [[\"x\", 0, 1]], parallel: 3}]";
        assertTrue(refused(unknown).contains("unknown key 'parallel'"));
    }

    static String refused(String cell) {
        return assertThrows(IllegalArgumentException.class, () -> SegmentedConfig.parse(cell))
                .getMessage();
    }
}
