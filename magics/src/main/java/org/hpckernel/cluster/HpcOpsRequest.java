package org.hpckernel.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hpckernel.HpcException;

/**
 * One job request with HPC-Ops' meaning (KaitoShioya/HPC-Ops@3e512b7 app/schema/create_job_schema.py
 * InputModel, app/services/job_executor.py): {@code node, vnode_core, gpu, elapse} are the job's
 * resources (pjsub -L node=,vnode-core=,gpu=,elapse=, each only when truthy); the resource group is
 * not in the request but in {@code .env}'s RESOURCE_GROUP; {@code project, group, jobtype, run} are
 * W&B names (wandb.init project/group/job_type/name); {@code flow_logic} names the flow-logic artifact;
 * the whole request, defaults filled, is the flow logic's {@code cfg}. JSON null means absent, as
 * pydantic's Optional does. {@code name} (the job's name) is ours.
 */
public record HpcOpsRequest(
        Integer node,
        Integer vnodeCore,
        Integer gpu,
        String elapse,
        Map<String, Object> params,
        String project,
        String group,
        String jobtype,
        String run,
        String flowLogic,
        String name) {

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = org.hpckernel.Json.plain();
    private static final Set<String> KNOWN = Set.of(
            "node",
            "vnode_core",
            "gpu",
            "elapse",
            "params",
            "project",
            "group",
            "jobtype",
            "run",
            "flow_logic",
            "name");
    /** InputModel's default flow logic. */
    public static final String DEFAULT_FLOW_LOGIC = "sample_flow_logic:latest";

    public HpcOpsRequest {
        params = params == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    /**
     * True when the cell is a JSON request: it starts with an opening brace or bracket AND parses as JSON
     * (a bash script starting with "[ -f x ] &amp;&amp; ..." is a script).
     */
    public static boolean looksLikeRequest(String body) {
        String b = body.strip();
        if (!b.startsWith("{") && !b.startsWith("[")) return false;
        try {
            JsonNode n = JSON.readTree(b);
            return n != null && (n.isObject() || n.isArray());
        } catch (Exception e) {
            return false;
        }
    }

    /** Every request of a body: one request, a bare list of them, or {@code {"jobs": [...]}} (what /create-multi-job takes). */
    public static List<HpcOpsRequest> parseAll(String body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (Exception e) {
            throw new HpcException("The cell looks like a JSON job request but is not valid JSON: "
                    + e.getMessage().split("\n")[0]);
        }
        List<JsonNode> nodes = new ArrayList<>();
        if (root.isObject() && root.size() == 1 && root.has("jobs")) {
            if (!root.get("jobs").isArray()) throw new HpcException("\"jobs\" must be a list of job requests.");
            root.get("jobs").forEach(nodes::add);
        } else if (root.isArray()) {
            root.forEach(nodes::add);
        } else {
            nodes.add(root);
        }
        if (nodes.isEmpty()) throw new HpcException("The request list is empty: give at least one request.");
        List<HpcOpsRequest> out = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++)
            out.add(of(nodes.get(i), nodes.size() > 1 ? "request " + (i + 1) + ": " : ""));
        return out;
    }

    static HpcOpsRequest of(JsonNode r, String where) {
        if (!r.isObject()) throw new HpcException(where + "a job request is a JSON object, not " + r);
        for (Iterator<String> it = r.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!KNOWN.contains(field)) {
                String hint = org.hpckernel.Suggestions.closest(field, KNOWN)
                        .map(s -> " Did you mean \"" + s + "\"?")
                        .orElse("");
                throw new HpcException(where + "unknown field \"" + field + "\" in the job request." + hint + " Known: "
                        + String.join(", ", KNOWN.stream().sorted().toList()));
            }
        }
        Map<String, Object> params = r.hasNonNull("params")
                ? JSON.convertValue(
                        r.get("params"),
                        JSON.getTypeFactory().constructMapType(LinkedHashMap.class, String.class, Object.class))
                : new LinkedHashMap<>();
        // InputModel's defaults: vnode_core 1, elapse 01:00:00, project hpc-ops, flow_logic sample_flow_logic:latest
        return new HpcOpsRequest(
                integer(r, "node", where, null),
                integer(r, "vnode_core", where, r.has("vnode_core") ? null : 1),
                integer(r, "gpu", where, null),
                text(r, "elapse", r.has("elapse") ? null : "01:00:00"),
                params,
                text(r, "project", "hpc-ops"),
                text(r, "group", null),
                text(r, "jobtype", null),
                text(r, "run", null),
                text(r, "flow_logic", DEFAULT_FLOW_LOGIC),
                text(r, "name", null));
    }

    private static Integer integer(JsonNode r, String key, String where, Integer absent) {
        JsonNode n = r.get(key);
        if (n == null || n.isNull()) return absent;
        if (n.canConvertToExactIntegral()) return n.asInt();
        if (n.isTextual() && n.asText().strip().matches("-?\\d+"))
            return Integer.parseInt(n.asText().strip()); // pydantic's lax int
        throw new HpcException(where + "\"" + key + "\" must be an integer, not " + n);
    }

    private static String text(JsonNode r, String key, String absent) {
        JsonNode n = r.get(key);
        return n == null || n.isNull() ? absent : n.asText();
    }

    /** The flow logic's cfg: the request as InputModel.model_dump() gives it (every field, defaults filled, in its order). */
    public Map<String, Object> cfg() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("node", node);
        c.put("vnode_core", vnodeCore);
        c.put("gpu", gpu);
        c.put("elapse", elapse);
        c.put("params", params);
        c.put("project", project);
        c.put("group", group);
        c.put("jobtype", jobtype);
        c.put("run", run);
        c.put("flow_logic", flowLogic);
        return c;
    }

    /** The W&B names as the job's environment, which wandb.init (and our stand-in) reads; null ones are left out. */
    public Map<String, String> wandbEnv() {
        Map<String, String> env = new LinkedHashMap<>();
        if (project != null) env.put("WANDB_PROJECT", project);
        if (group != null) env.put("WANDB_RUN_GROUP", group);
        if (jobtype != null) env.put("WANDB_JOB_TYPE", jobtype);
        if (run != null) env.put("WANDB_NAME", run);
        return env;
    }

    /** What decides the job itself: requests equal in this run as one array, the others as separate jobs. */
    private List<Object> jobKey() {
        return java.util.Arrays.asList(node, vnodeCore, gpu, elapse, flowLogic, project, group, jobtype, run, name);
    }

    /** Requests grouped into jobs, in order of first appearance: each group is one job (an array when it has several). */
    public static List<List<HpcOpsRequest>> jobs(List<HpcOpsRequest> requests) {
        Map<List<Object>, List<HpcOpsRequest>> groups = new LinkedHashMap<>();
        for (HpcOpsRequest r : requests)
            groups.computeIfAbsent(r.jobKey(), k -> new ArrayList<>()).add(r);
        return new ArrayList<>(groups.values());
    }

    /**
     * Fills {@code base} (which carries the magic's options) for one job: the resources (pjsub only
     * sets those that are truthy, so 0 is absent too), the W&B environment, the job name, and the
     * params: the cfg for one request, {@code {"tasks": [cfg, ...]}} with an array for several.
     * The script is the flow-logic runner, set by the caller's flow-logic step.
     */
    public static JobSpec.Builder apply(List<HpcOpsRequest> job, JobSpec.Builder base) {
        HpcOpsRequest first = job.get(0);
        if (!job.stream().allMatch(r -> r.jobKey().equals(first.jobKey())))
            throw new IllegalArgumentException("requests of one job must share resources, flow logic and W&B names");
        base.script("#!/bin/bash\necho 'HPC-Ops request submitted without its flow-logic step' >&2\nexit 2\n");
        base.name(
                first.name != null
                        ? first.name
                        : first.run != null ? first.run : first.flowLogic.split(":")[0]);
        if (first.node != null && first.node != 0) base.nodes(first.node);
        if (first.vnodeCore != null && first.vnodeCore != 0) base.cpusPerTask(first.vnodeCore);
        if (first.gpu != null && first.gpu != 0) base.gpus(JobSpec.Gpus.parse(String.valueOf(first.gpu)));
        if (first.elapse != null && !first.elapse.isBlank()) base.timeLimit(parseElapse(first.elapse));
        first.wandbEnv().forEach(base::env);
        if (job.size() == 1) {
            first.cfg().forEach(base::param);
        } else {
            base.array(new JobSpec.ArraySpec(0, job.size() - 1, 1, Optional.empty()));
            base.param("tasks", job.stream().map(HpcOpsRequest::cfg).toList());
        }
        return base;
    }

    /** One request (or several that make one job) into {@code base}; a body that makes several jobs is refused here. */
    public static JobSpec.Builder apply(String body, JobSpec.Builder base) {
        List<List<HpcOpsRequest>> jobs = jobs(parseAll(body));
        if (jobs.size() > 1)
            throw new HpcException("These requests make " + jobs.size()
                    + " jobs (they differ in resources, flow logic or W&B names).");
        return apply(jobs.get(0), base);
    }

    /** The flow logic of a single-job body (for a list, of its first request). */
    public static Optional<String> flowLogic(String body) {
        try {
            return Optional.of(parseAll(body).get(0).flowLogic);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** HPC-Ops' elapse is {@code HH:MM:SS} (or {@code MM:SS}, or minutes). */
    static Duration parseElapse(String text) {
        String[] parts = text.strip().split(":");
        try {
            return switch (parts.length) {
                case 1 -> Duration.ofMinutes(Long.parseLong(parts[0]));
                case 2 -> Duration.ofMinutes(Long.parseLong(parts[0])).plusSeconds(Long.parseLong(parts[1]));
                case 3 ->
                    Duration.ofHours(Long.parseLong(parts[0]))
                            .plusMinutes(Long.parseLong(parts[1]))
                            .plusSeconds(Long.parseLong(parts[2]));
                default -> throw new NumberFormatException(text);
            };
        } catch (NumberFormatException e) {
            throw new HpcException("elapse must be HH:MM:SS (like 01:30:00), not '" + text + "'");
        }
    }
}
