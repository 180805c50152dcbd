package org.hpckernel.magic.hpc;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.hpckernel.HpcException;
import org.hpckernel.cluster.profile.ProfileStore;
import org.hpckernel.ledger.Ledger;
import org.hpckernel.magic.CommandMagic;
import org.hpckernel.magic.LiveDisplay;
import org.hpckernel.magic.MagicCall;
import org.hpckernel.magic.MagicContext;
import org.hpckernel.session.Hpc;
import org.hpckernel.sweep.Goal;
import org.hpckernel.sweep.SegmentedSweeps;
import org.hpckernel.sweep.SweepDefinition;
import org.hpckernel.sweep.Sweeps;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A segmented cell becomes one sweep definition per segment, the cell's options overridden by each segment's own. */
class SweepSegmentsTest {

    static final String CELL = """
            command: python3 train.py %SEGMENT_NAME ${args}
            segments:
              - name: cnn
                metric: {name: val_loss, goal: minimize}
                parameters:
                  lr: {min: 0.001, max: 0.1}
              - name: bdt x
                metric: {name: auc, goal: maximize}
                max_trials: 6
                files: [f1.root, f2.root]
                space: [["max_depth", 2, 12]]
            """;

    @TempDir
    Path tmp;

    Hpc hpc;

    @BeforeEach
    void session() throws Exception {
        Path profiles = tmp.resolve("profiles.yaml");
        Files.writeString(
                profiles,
                "current: here\nprofiles:\n- name: here\n  host: localhost\n  scheduler: local\n" + "  workdir: \""
                        + tmp.resolve("work") + "\"\n");
        hpc = new Hpc(new ProfileStore(profiles), Ledger.open(tmp.resolve("ledger.db")));
    }

    @AfterEach
    void close() {
        hpc.close();
    }

    @Test
    void eachSegmentGetsItsOwnNameMetricTrialsCommandAndEnvironment() {
        SweepCommand options = new SweepCommand();
        options.name = "seg";
        options.parallel = 3;
        options.maxTrials = 4;
        options.seed = 10L;
        options.maxAttempts = 5;
        List<SegmentedSweeps.Segment> segments = SweepSegments.segments(options, CELL);
        assertEquals(
                List.of("cnn", "bdt x"),
                segments.stream().map(SegmentedSweeps.Segment::name).toList());
        SweepDefinition cnn = segments.get(0).definition();
        SweepDefinition bdt = segments.get(1).definition();
        assertEquals(List.of("seg-cnn", "seg-bdt x"), List.of(cnn.name(), bdt.name()));
        assertEquals(
                List.of("val_loss", "auc"),
                List.of(cnn.space().metricName(), bdt.space().metricName()));
        assertEquals(
                List.of(Goal.MINIMIZE, Goal.MAXIMIZE),
                List.of(cnn.space().goal(), bdt.space().goal()));
        assertEquals(
                List.of(4, 6),
                List.of(cnn.steering().maxPoints(), bdt.steering().maxPoints()));
        assertEquals(
                List.of(3, 3),
                List.of(cnn.steering().parallelism(), bdt.steering().parallelism()),
                "each array may use the whole budget; the shared budget keeps the sum within it");
        assertEquals(List.of(10L, 11L), List.of(cnn.seed(), bdt.seed()));
        assertEquals(
                List.of(5, 5), List.of(cnn.maxAttempts(), bdt.maxAttempts()), "every option of the cell is copied");
        assertEquals("python3 train.py 'cnn' ${args}", cnn.command());
        assertEquals("python3 train.py 'bdt x' ${args}", bdt.command(), "PanDA's %SEGMENT_NAME, quoted for the shell");
        assertEquals("cnn", cnn.template().environment().get("HPC_SEGMENT"));
        assertEquals("1", bdt.template().environment().get("HPC_SEGMENT_ID"));
        assertEquals("[\"f1.root\",\"f2.root\"]", bdt.template().environment().get("HPC_SEGMENT_FILES"));
        assertEquals("[]", cnn.template().environment().get("HPC_SEGMENT_FILES"));
    }

    @Test
    void aBadSegmentIsRefusedBeforeAnySegmentIsRecorded() throws Exception {
        CommandMagic magic = HpcMagic.create(() -> hpc);
        MagicContext context = new MagicContext() {
            public LiveDisplay show(Object value) {
                return v -> {};
            }

            public void print(String text) {}

            public String ask(String prompt, boolean secret) {
                return "";
            }

            public Path workingDirectory() {
                return tmp;
            }
        };
        String cell = CELL + "  - name: broken\n    method: bayes\n    space: [[\"x\", 0.0, 1.0]]\n";
        String message = assertThrows(
                        HpcException.class, () -> magic.run(MagicCall.cell("hpc", List.of("sweep"), cell), context))
                .getMessage();
        String noCommand = assertThrows(
                        HpcException.class,
                        () -> magic.run(
                                MagicCall.cell(
                                        "hpc", List.of("sweep"), "segments: [{name: a, space: [[\"x\", 0.0, 1.0]]}]"),
                                context))
                .getMessage();
        assertTrue(noCommand.startsWith("Segment 'a': ") && noCommand.contains("nothing to run"), noCommand);
        assertTrue(message.startsWith("Segment 'broken': ") && message.contains("method bayes needs 'metric"), message);
        assertTrue(Sweeps.of(hpc).store().sweeps().isEmpty(), "nothing recorded");
    }
}
