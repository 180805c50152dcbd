package org.hpckernel.tracking;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.hpckernel.cluster.JobSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

class FlowLogicTest {

    @TempDir Path tmp;

    /** Two well separated classes: k-NN gets them right. */
    static String csv() {
        StringBuilder sb = new StringBuilder("x,y,species\n");
        for (int i = 0; i < 20; i++) {
            sb.append(i % 5).append(',').append(i % 3).append(",a\n");
            sb.append(10 + i % 5).append(',').append(10 + i % 3).append(",b\n");
        }
        return sb.toString();
    }

    static Path resource(Path dir, String name) throws Exception {
        try (InputStream in = FlowLogicTest.class.getResourceAsStream(name)) {
            Path p = dir.resolve(name);
            Files.write(p, in.readAllBytes());
            return p;
        }
    }

    FileStore storeWithFlowAndData() throws Exception {
        FileStore store = FileStore.local(tmp.resolve("store"));
        Path src = Files.createDirectories(tmp.resolve("src"));
        store.put("knn", "code", List.of(resource(src, "knn_flow.py")), List.of());
        Files.writeString(src.resolve("toy.csv"), csv());
        store.put("toy", "dataset", List.of(src.resolve("toy.csv")), List.of());
        return store;
    }

    @Test
    void prepareStagesFlowDatasetRunnerAndPointsParamsAtStagedFiles() throws Exception {
        JobSpec.Builder b = JobSpec.builder().name("flow").script("#!/bin/bash\n");
        FlowLogic.prepare(b, ArtifactRef.parse("knn:v0"), "MyFlowLogic", storeWithFlowAndData(),
                Map.of("data", "artifact:toy:latest", "ks", List.of(1, 3)), tmp.resolve("staging"));
        JobSpec spec = b.build();
        assertEquals("toy.csv", spec.params().get("data"));
        assertEquals(List.of("knn_flow.py", "toy.csv", "hpc_flow_runner.py", "hpc_metrics.py"),
                spec.stagedFiles().stream().map(p -> Path.of(p).getFileName().toString()).toList());
        assertTrue(spec.script().contains("hpc_flow_runner.py 'knn_flow.py' MyFlowLogic"), spec.script());
        assertTrue(spec.script().contains("knn:v0"), spec.script());
    }

    @Test
    void missingFlowArtifactOrHostileClassNameIsRefused() throws Exception {
        FileStore store = storeWithFlowAndData();
        assertThrows(ArtifactNotFoundException.class, () -> FlowLogic.prepare(JobSpec.builder(), ArtifactRef.parse("nope"),
                "MyFlowLogic", store, Map.of(), tmp.resolve("s1")));
        assertThrows(IllegalArgumentException.class, () -> FlowLogic.prepare(JobSpec.builder(), ArtifactRef.parse("knn"),
                "X; rm -rf ~", store, Map.of(), tmp.resolve("s2")));
    }

    /** The job-side runner, run here with Debian's python3 the way the job script runs it. */
    @Test
    void runnerRunsTasksInParallelProcessesAndWritesMetricsSummaryAndResult() throws Exception {
        JobSpec.Builder b = JobSpec.builder().name("flow").script("#!/bin/bash\n");
        FlowLogic.prepare(b, ArtifactRef.parse("knn"), "MyFlowLogic", storeWithFlowAndData(),
                Map.of("data", "artifact:toy", "ks", List.of(1, 3, 5)), tmp.resolve("staging"));
        JobSpec spec = b.build();
        Path job = Files.createDirectories(tmp.resolve("job"));
        for (String f : spec.stagedFiles()) {
            Files.copy(Path.of(f), job.resolve(Path.of(f).getFileName()));
        }
        Files.write(job.resolve("params.json"), new ObjectMapper().writeValueAsBytes(spec.params()));
        ProcessBuilder pb = new ProcessBuilder("/usr/bin/python3", "hpc_flow_runner.py", "knn_flow.py", "MyFlowLogic")
                .directory(job.toFile()).redirectErrorStream(true);
        pb.environment().put("HPC_METRICS", job.resolve("metrics.jsonl").toString());
        pb.environment().put("HPC_SUMMARY", job.resolve("summary.json").toString());
        pb.environment().put("HPC_RESULT", job.resolve("result.json").toString());
        pb.environment().put("HPC_PARAMS", job.resolve("params.json").toString());
        pb.environment().put("SLURM_CPUS_PER_TASK", "2");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        JsonNode result = new ObjectMapper().readTree(job.resolve("result.json").toFile());
        assertEquals(0, result.path("status").asInt(), result.toString());
        assertEquals(0.0, result.path("loss").asDouble());
        assertTrue(out.contains("3 tasks on 2 processes"), out);
        assertTrue(result.path("in_workers").asBoolean(), "tasks ran in the pool's worker processes: " + result);
        MetricsSummary m = MetricsSummary.of(job.resolve("metrics.jsonl"));
        assertEquals(3, m.rows());
        assertEquals(5.0, m.keys().get("k").max());
        assertTrue(Files.exists(job.resolve("summary.json")));
    }

    @Test
    void aFailingFlowLogicWritesStatus1WithTheMessage() throws Exception {
        Path job = Files.createDirectories(tmp.resolve("job"));
        Files.writeString(job.resolve("bad.py"), "class MyFlowLogic:\n    def __init__(self, cfg):\n        raise ValueError('no data given')\n");
        try (InputStream a = FlowLogic.class.getResourceAsStream(FlowLogic.RUNNER); InputStream c = FlowLogic.class.getResourceAsStream(FlowLogic.METRICS_HELPER)) {
            Files.write(job.resolve(FlowLogic.RUNNER), a.readAllBytes());
            Files.write(job.resolve(FlowLogic.METRICS_HELPER), c.readAllBytes());
        }
        Process p = new ProcessBuilder("/usr/bin/python3", FlowLogic.RUNNER, "bad.py").directory(job.toFile()).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(1, p.exitValue());
        JsonNode result = new ObjectMapper().readTree(job.resolve("result.json").toFile());
        assertEquals(1, result.path("status").asInt());
        assertTrue(result.path("message").asText().contains("no data given"), result.toString());
    }
}
