package org.hpckernel.tracking;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.hpckernel.cluster.Cluster;
import org.hpckernel.cluster.HpcOpsRequest;
import org.hpckernel.cluster.JobId;
import org.hpckernel.cluster.JobSpec;
import org.hpckernel.cluster.JobState;
import org.hpckernel.cluster.JobStatus;
import org.hpckernel.cluster.Prompter;
import org.hpckernel.cluster.TestCluster;
import org.hpckernel.cluster.profile.Profile;
import org.hpckernel.cluster.slurm.SlurmScheduler;
import org.hpckernel.cluster.ssh.SshTransport;
import org.hpckernel.ledger.Ledger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The flow-logic runner end to end on the localhost Slurm cluster, over real SSH (install/test-cluster.sh up). */
class FlowLogicIT {

    private static SshTransport transport;
    private static Cluster cluster;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void connect() throws Exception {
        transport = new SshTransport(TestCluster.target(), Prompter.NONE);
        cluster = new Cluster(
                new Profile(
                        "flowit",
                        "localhost",
                        null,
                        null,
                        null,
                        null,
                        null,
                        "slurm",
                        "~/hpc-kernel-it",
                        null,
                        null,
                        List.of()),
                transport,
                new org.hpckernel.cluster.BatchProtocol(new SlurmScheduler(), transport),
                Ledger.open(Files.createTempDirectory("ledger").resolve("l.db")));
    }

    @AfterAll
    static void disconnect() {
        transport.close();
    }

    private static FileStore store() throws Exception {
        FileStore store = FileStore.local(tmp.resolve("store"));
        Path src = Files.createDirectories(tmp.resolve("src"));
        store.put("knn", "code", List.of(FlowLogicTest.resource(src, "knn_flow.py")), List.of());
        Files.writeString(src.resolve("toy.csv"), FlowLogicTest.csv());
        store.put("toy", "dataset", List.of(src.resolve("toy.csv")), List.of());
        return store;
    }

    private static JsonNode readJson(String path) throws Exception {
        byte[] b = transport.read(path, 0, 1 << 20);
        assertTrue(b.length > 0, path + " is missing");
        return new ObjectMapper().readTree(b);
    }

    private static Map<JobId, JobStatus> await(JobId id) throws Exception {
        return cluster.await(List.of(id), Duration.ofSeconds(180), s -> {});
    }

    @Test
    void aFlowLogicRequestRunsOnTheClusterAndWritesResultAndMetrics() throws Exception {
        String request = "{\"name\":\"knn-flow\",\"vnode_core\":2,\"elapse\":\"00:05:00\",\"flow_logic\":\"knn:v0\","
                + "\"params\":{\"data\":\"artifact:toy:latest\",\"ks\":[1,3,5,7]}}";
        JobSpec.Builder b = HpcOpsRequest.apply(request, JobSpec.builder());
        JobSpec base = b.build();
        JobSpec.Builder withFlow = base.toBuilder();
        FlowLogic.prepare(
                withFlow,
                ArtifactRef.parse(HpcOpsRequest.flowLogic(request).orElseThrow()),
                "MyFlowLogic",
                store(),
                base.params(),
                tmp.resolve("staging1"));
        JobId id = cluster.submit(withFlow.build());
        JobStatus s = await(id).get(id);
        String dir = cluster.directoryOf(id).path();
        assertEquals(JobState.COMPLETED, s.state(), s + "\n" + cluster.tail(id, true, 30));
        JsonNode result = readJson(dir + "/result.json");
        assertEquals(0, result.path("status").asInt(), result.toString());
        assertEquals(0.0, result.path("loss").asDouble(), result.toString());
        assertEquals(4, result.path("tasks").asInt());
        MetricsTail tail = new MetricsTail((off, max) -> transport.read(dir + "/metrics.jsonl", off, max), 100);
        tail.poll();
        assertEquals(4, tail.summary().rows());
        assertEquals(7.0, tail.summary().keys().get("k").max());
    }

    @Test
    void aListOfRequestsRunsAsOneArrayWithEachTasksParams() throws Exception {
        String request =
                "[{\"name\":\"knn-array\",\"elapse\":\"00:05:00\",\"flow_logic\":\"knn\",\"params\":{\"data\":\"artifact:toy\",\"ks\":[1]}},"
                        + "{\"name\":\"knn-array\",\"elapse\":\"00:05:00\",\"flow_logic\":\"knn\",\"params\":{\"data\":\"artifact:toy\",\"ks\":[3,5]}}]";
        JobSpec base = HpcOpsRequest.apply(request, JobSpec.builder()).build();
        JobSpec.Builder withFlow = base.toBuilder();
        FlowLogic.prepare(
                withFlow, ArtifactRef.parse("knn"), "MyFlowLogic", store(), base.params(), tmp.resolve("staging2"));
        JobSpec spec = withFlow.build();
        assertTrue(spec.array().isPresent());
        JobId id = cluster.submit(spec);
        JobId t0 = JobId.of(id.value() + "_0");
        JobId t1 = JobId.of(id.value() + "_1");
        Map<JobId, JobStatus> done = cluster.await(List.of(t0, t1), Duration.ofSeconds(180), s -> {});
        assertEquals(JobState.COMPLETED, done.get(t0).state(), done.toString());
        assertEquals(JobState.COMPLETED, done.get(t1).state(), done.toString());
        String dir = cluster.directoryOf(id).path();
        assertEquals(1, readJson(dir + "/result.0.json").path("tasks").asInt());
        assertEquals(2, readJson(dir + "/result.1.json").path("tasks").asInt());
        String params = new String(transport.read(dir + "/params.json", 0, 1 << 20), StandardCharsets.UTF_8);
        assertTrue(params.contains("toy.csv") && !params.contains("artifact:"), params);
    }
}
