package org.hpckernel.tracking;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.hpckernel.cluster.JobSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlowLogicTest {

    @TempDir
    Path tmp;

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
        FlowLogic.prepare(
                b,
                ArtifactRef.parse("knn:v0"),
                "MyFlowLogic",
                storeWithFlowAndData(),
                Map.of("data", "artifact:toy:latest", "ks", List.of(1, 3)),
                tmp.resolve("staging"));
        JobSpec spec = b.build();
        assertEquals("toy.csv", spec.params().get("data"));
        assertEquals(
                List.of(
                        "knn_flow.py",
                        "toy.csv",
                        "art-knn-v0-0-knn_flow.py",
                        "hpc_artifacts.json",
                        "hpc_flow_runner.py",
                        "hpc_metrics.py",
                        "hpc_wandb_standin.py"),
                spec.stagedFiles().stream()
                        .map(p -> Path.of(p).getFileName().toString())
                        .toList());
        assertTrue(spec.script().contains("hpc_flow_runner.py 'knn_flow.py' MyFlowLogic"), spec.script());
        assertTrue(spec.script().contains("knn:v0"), spec.script());
    }

    @Test
    void missingFlowArtifactOrHostileClassNameIsRefused() throws Exception {
        FileStore store = storeWithFlowAndData();
        assertThrows(
                ArtifactNotFoundException.class,
                () -> FlowLogic.prepare(
                        JobSpec.builder(),
                        ArtifactRef.parse("nope"),
                        "MyFlowLogic",
                        store,
                        Map.of(),
                        tmp.resolve("s1")));
        assertThrows(
                IllegalArgumentException.class,
                () -> FlowLogic.prepare(
                        JobSpec.builder(),
                        ArtifactRef.parse("knn"),
                        "X; rm -rf ~",
                        store,
                        Map.of(),
                        tmp.resolve("s2")));
    }

    /** The job-side runner, run here with Debian's python3 the way the job script runs it. */
    @Test
    void runnerRunsTasksInParallelProcessesAndWritesMetricsSummaryAndResult() throws Exception {
        JobSpec.Builder b = JobSpec.builder().name("flow").script("#!/bin/bash\n");
        FlowLogic.prepare(
                b,
                ArtifactRef.parse("knn"),
                "MyFlowLogic",
                storeWithFlowAndData(),
                Map.of("data", "artifact:toy", "ks", List.of(1, 3, 5)),
                tmp.resolve("staging"));
        JobSpec spec = b.build();
        Path job = Files.createDirectories(tmp.resolve("job"));
        for (String f : spec.stagedFiles()) {
            Files.copy(Path.of(f), job.resolve(Path.of(f).getFileName()));
        }
        Files.write(job.resolve("params.json"), new ObjectMapper().writeValueAsBytes(spec.params()));
        ProcessBuilder pb = new ProcessBuilder("/usr/bin/python3", "hpc_flow_runner.py", "knn_flow.py", "MyFlowLogic")
                .directory(job.toFile())
                .redirectErrorStream(true);
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

    /** HPC-Ops-style references in params ("name:vN") are staged when the store has them, and the stand-in serves them. */
    @Test
    void hpcOpsArtifactRefsAreStagedAndServedByTheWandbStandIn() throws Exception {
        FileStore store = storeWithFlowAndData();
        Path src = tmp.resolve("src");
        Files.writeString(
                src.resolve("uses_artifact.py"),
                String.join(
                        "\n",
                        "import os, wandb",
                        "from app.core.base_flow_logic import BaseFlowLogic",
                        "from app.utils.config import settings",
                        "class MyFlowLogic(BaseFlowLogic):",
                        "    async def task_scheduler(self):",
                        "        run = wandb.init(project=self.cfg['project'], group=self.cfg['group'], job_type=self.cfg['jobtype'], name='fetch')",
                        "        root = run.use_artifact(self.cfg['params']['dataset']).download(root=os.path.join(settings.BASE_DIR_PATH, 'data'))",
                        "        run.finish()",
                        "        return [{'path': os.path.join(root, 'toy.csv')}]",
                        "    def run_task(self, path, **params):",
                        "        run = wandb.init(name='task', config=self.cfg)",
                        "        n = sum(1 for _ in open(path)) - 1",
                        "        run.log({'rows': n, 'note': 'text is not a metric'}, step=3)",
                        "        return n",
                        "    async def create_result(self, results):",
                        "        wandb.init(name='result').log({'plot': wandb.Table(columns=['n'], data=[[results[0]]])})",
                        "        wandb.finish()",
                        ""));
        store.put("uses_artifact", "code", List.of(src.resolve("uses_artifact.py")), List.of());
        List<String> notes = new java.util.ArrayList<>();
        JobSpec.Builder b = org.hpckernel.cluster.HpcOpsRequest.apply(
                "{\"flow_logic\": \"uses_artifact:v0\", \"group\": \"g\", "
                        + "\"params\": {\"dataset\": \"toy:v0\", \"other\": \"not:there\"}}",
                JobSpec.builder());
        FlowLogic.prepare(
                b,
                ArtifactRef.parse("uses_artifact:v0"),
                "MyFlowLogic",
                store,
                b.build().params(),
                tmp.resolve("staging"),
                notes::add);
        assertEquals(List.of("staged artifact toy:v0 (named \"toy:v0\" in params) for use_artifact in the job"), notes);
        JobSpec spec = b.build();
        Path job = Files.createDirectories(tmp.resolve("job"));
        for (String f : spec.stagedFiles())
            Files.copy(
                    Path.of(f),
                    job.resolve(Path.of(f).getFileName()),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.write(job.resolve("params.json"), new ObjectMapper().writeValueAsBytes(spec.params()));
        ProcessBuilder pb = new ProcessBuilder("/usr/bin/python3", "hpc_flow_runner.py", "uses_artifact.py")
                .directory(job.toFile())
                .redirectErrorStream(true);
        pb.environment().put("HPC_JOB_DIR", job.toString());
        pb.environment().put("HPC_METRICS", job.resolve("metrics.jsonl").toString());
        pb.environment().put("HPC_SUMMARY", job.resolve("summary.json").toString());
        pb.environment().put("HPC_RESULT", job.resolve("result.json").toString());
        pb.environment().put("HPC_PARAMS", job.resolve("params.json").toString());
        spec.environment().forEach(pb.environment()::put);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("wandb stand-in"), out);
        assertEquals(csv(), Files.readString(job.resolve("data/toy.csv")), "downloaded where the flow logic asked");
        MetricsSummary m = MetricsSummary.of(job.resolve("metrics.jsonl"));
        assertEquals(40.0, m.keys().get("rows").max());
        assertEquals(3, m.keys().get("rows").lastStep());
        assertFalse(m.keys().containsKey("note"));
        JsonNode summary =
                new ObjectMapper().readTree(job.resolve("summary.json").toFile());
        assertEquals(40, summary.path("rows").asInt(), summary.toString());
        assertTrue(Files.exists(Path.of(summary.path("plot").asText())), "a Table is saved as a file: " + summary);
    }

    @Test
    void aRunTaskResultThatCannotCrossProcessesIsAClearError() throws Exception {
        Path job = Files.createDirectories(tmp.resolve("job"));
        Files.writeString(
                job.resolve("lam.py"),
                String.join(
                        "\n",
                        "from app.core.base_flow_logic import BaseFlowLogic",
                        "class MyFlowLogic(BaseFlowLogic):",
                        "    async def task_scheduler(self):",
                        "        return [{'x': 1}]",
                        "    def run_task(self, x, **params):",
                        "        return lambda: x",
                        "    async def create_result(self, results):",
                        "        return None",
                        ""));
        for (String f : List.of(FlowLogic.RUNNER, FlowLogic.METRICS_HELPER, FlowLogic.WANDB_STANDIN)) {
            try (InputStream a = FlowLogic.class.getResourceAsStream(f)) {
                Files.write(job.resolve(f), a.readAllBytes());
            }
        }
        Process p = new ProcessBuilder("/usr/bin/python3", FlowLogic.RUNNER, "lam.py")
                .directory(job.toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(1, p.exitValue(), out);
        JsonNode result = new ObjectMapper().readTree(job.resolve("result.json").toFile());
        assertTrue(result.path("message").asText().contains("cannot cross processes"), result.toString());
    }

    @Test
    void aFailingFlowLogicWritesStatus1WithTheMessage() throws Exception {
        Path job = Files.createDirectories(tmp.resolve("job"));
        Files.writeString(
                job.resolve("bad.py"),
                "class MyFlowLogic:\n    def __init__(self, cfg):\n        raise ValueError('no data given')\n");
        for (String f : List.of(FlowLogic.RUNNER, FlowLogic.METRICS_HELPER, FlowLogic.WANDB_STANDIN)) {
            try (InputStream a = FlowLogic.class.getResourceAsStream(f)) {
                Files.write(job.resolve(f), a.readAllBytes());
            }
        }
        Process p = new ProcessBuilder("/usr/bin/python3", FlowLogic.RUNNER, "bad.py")
                .directory(job.toFile())
                .redirectErrorStream(true)
                .start();
        p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(1, p.exitValue());
        JsonNode result = new ObjectMapper().readTree(job.resolve("result.json").toFile());
        assertEquals(1, result.path("status").asInt());
        assertTrue(result.path("message").asText().contains("no data given"), result.toString());
    }
}
