package org.hpckernel.cluster;

import static org.junit.jupiter.api.Assertions.*;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Requests with HPC-Ops' meaning (KaitoShioya/HPC-Ops@3e512b7 app/schema/create_job_schema.py, app/services/job_executor.py). */
class HpcOpsRequestTest {

    static String tutorial() throws Exception {
        try (InputStream in = HpcOpsRequestTest.class.getResourceAsStream("hpcops/tutorial-request.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void theTutorialsBodyIsResourcesWandbNamesAndTheWholeRequestAsCfg() throws Exception {
        JobSpec spec = HpcOpsRequest.apply(tutorial(), JobSpec.builder()).build();
        assertEquals(java.util.Optional.of(1), spec.resources().cpusPerTask());
        assertEquals(
                java.util.Optional.of(Duration.ofHours(2)), spec.resources().timeLimit());
        assertTrue(spec.resources().nodes().isEmpty(), "node null is absent");
        assertTrue(spec.resources().gpus().isEmpty(), "gpu null is absent");
        assertTrue(
                spec.partition().isEmpty() && spec.account().isEmpty(),
                "group and project are W&B names, not partition/account");
        assertEquals(
                Map.of(
                        "WANDB_PROJECT",
                        "hpc-ops-tutorial",
                        "WANDB_RUN_GROUP",
                        "optuna-example",
                        "WANDB_JOB_TYPE",
                        "my-first-tutorial"),
                spec.environment());
        assertEquals(
                List.of(
                        "node",
                        "vnode_core",
                        "gpu",
                        "elapse",
                        "params",
                        "project",
                        "group",
                        "jobtype",
                        "run",
                        "flow_logic"),
                List.copyOf(spec.params().keySet()),
                "cfg is model_dump(): every field");
        assertEquals("optuna_example:v0", spec.params().get("flow_logic"));
        assertNull(spec.params().get("run"));
        assertEquals(
                List.of("clf", List.of("RF", "GB")), ((Map<?, ?>) spec.params().get("params")).get("clf"));
        assertEquals("optuna_example", spec.name());
    }

    @Test
    void absentFieldsTakeInputModelsDefaultsAndRunIsTheWandbRunName() {
        HpcOpsRequest r =
                HpcOpsRequest.parseAll("{\"run\": \"trial-1\", \"gpu\": 0}").get(0);
        assertEquals(1, r.vnodeCore());
        assertEquals("01:00:00", r.elapse());
        assertEquals("hpc-ops", r.project());
        assertEquals("sample_flow_logic:latest", r.flowLogic());
        assertEquals(Map.of("WANDB_PROJECT", "hpc-ops", "WANDB_NAME", "trial-1"), r.wandbEnv());
        JobSpec spec = HpcOpsRequest.apply(List.of(r), JobSpec.builder()).build();
        assertTrue(spec.resources().gpus().isEmpty(), "gpu 0 is not given to pjsub (if input_model.gpu)");
        assertFalse(spec.script().contains("trial-1"), "run is not a command");
        HpcOpsRequest nulls = HpcOpsRequest.parseAll(
                        "{\"vnode_core\": null, \"elapse\": null, \"project\": null, \"flow_logic\": null}")
                .get(0);
        assertNull(nulls.vnodeCore());
        assertNull(nulls.elapse());
        assertEquals("hpc-ops", nulls.project());
        assertEquals("sample_flow_logic:latest", nulls.flowLogic());
    }

    @Test
    void jobsListsAndBareListsKeepEachRequestsResourcesAndFlowLogic() {
        String a = "{\"elapse\": \"00:10:00\", \"vnode_core\": 2, \"flow_logic\": \"f:v0\", \"params\": {\"x\": 1}}";
        String b = "{\"elapse\": \"00:10:00\", \"vnode_core\": 2, \"flow_logic\": \"f:v0\", \"params\": {\"x\": 2}}";
        String c = "{\"elapse\": \"00:30:00\", \"vnode_core\": 4, \"flow_logic\": \"g:v1\"}";
        for (String body :
                List.of("{\"jobs\": [" + a + ", " + c + ", " + b + "]}", "[" + a + ", " + c + ", " + b + "]")) {
            List<List<HpcOpsRequest>> jobs = HpcOpsRequest.jobs(HpcOpsRequest.parseAll(body));
            assertEquals(2, jobs.size(), body);
            JobSpec array = HpcOpsRequest.apply(jobs.get(0), JobSpec.builder()).build();
            assertEquals(2, ((List<?>) array.params().get("tasks")).size());
            assertTrue(array.array().isPresent());
            assertEquals(java.util.Optional.of(2), array.resources().cpusPerTask());
            JobSpec other = HpcOpsRequest.apply(jobs.get(1), JobSpec.builder()).build();
            assertEquals(java.util.Optional.of(4), other.resources().cpusPerTask());
            assertEquals(
                    java.util.Optional.of(Duration.ofMinutes(30)),
                    other.resources().timeLimit());
            assertEquals("g:v1", other.params().get("flow_logic"));
            assertTrue(other.array().isEmpty());
        }
    }

    @Test
    void aCellIsARequestOnlyWhenItParsesAsJson() {
        assertFalse(HpcOpsRequest.looksLikeRequest("[ -f data.csv ] && python3 train.py"));
        assertFalse(HpcOpsRequest.looksLikeRequest("{ echo a; echo b; } > out.txt"));
        assertTrue(HpcOpsRequest.looksLikeRequest(" {\"params\": {}} "));
        assertTrue(HpcOpsRequest.looksLikeRequest("[{\"params\": {}}]"));
    }

    @Test
    void mistakesAreRefusedWithWhatToDo() {
        var e = assertThrows(
                org.hpckernel.HpcException.class, () -> HpcOpsRequest.parseAll("{\"elapsed\": \"01:00:00\"}"));
        assertTrue(e.getMessage().contains("Did you mean \"elapse\"?"), e.getMessage());
        e = assertThrows(org.hpckernel.HpcException.class, () -> HpcOpsRequest.parseAll("{\"node\": 1.5}"));
        assertTrue(e.getMessage().contains("\"node\" must be an integer"), e.getMessage());
        e = assertThrows(org.hpckernel.HpcException.class, () -> HpcOpsRequest.parseAll("{\"jobs\": []}"));
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
    }
}
