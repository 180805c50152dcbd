package org.hpckernel.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.hpckernel.magic.MagicException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A job request in HPC-Ops' JSON shape ({@code node, vnode_core, gpu, elapse, params, project, group,
 * jobtype, run, flow_logic}) made into a JobSpec. A list of requests becomes one array: task i
 * reads request i's params from {@code params.json} (a list) by its array index.
 */
public final class HpcOpsRequest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> KNOWN = Set.of("node", "vnode_core", "gpu", "elapse", "params", "project", "group", "jobtype", "run",
            "flow_logic", "name");

    private HpcOpsRequest() {
    }

    public static boolean looksLikeRequest(String body) {
        String b = body.strip();
        return b.startsWith("{") || b.startsWith("[");
    }

    /** Fills {@code base} (which carries the magic's options) from the request body. */
    public static JobSpec.Builder apply(String body, JobSpec.Builder base) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (Exception e) {
            throw new MagicException("The cell looks like a JSON job request but is not valid JSON: " + e.getMessage().split("\n")[0]);
        }
        List<JsonNode> requests = new ArrayList<>();
        if (root.isArray()) {
            root.forEach(requests::add);
            if (requests.isEmpty()) {
                throw new MagicException("The request list is empty: give at least one request.");
            }
        } else {
            requests.add(root);
        }
        JsonNode first = requests.get(0);
        for (Iterator<String> it = first.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!KNOWN.contains(field)) {
                String hint = org.hpckernel.magic.Suggestions.closest(field, KNOWN).map(s -> " Did you mean \"" + s + "\"?").orElse("");
                throw new MagicException("Unknown field \"" + field + "\" in the job request." + hint + " Known: " + String.join(", ", KNOWN.stream().sorted().toList()));
            }
        }
        // A flow_logic request gets its script from the caller's flow-logic step (see flowLogic(body)).
        String run = first.path("run").asText("");
        if (run.isBlank() && !first.hasNonNull("flow_logic")) {
            throw new MagicException("The job request has no \"run\": say what command the job runs, e.g. \"run\": \"python3 train.py\".");
        }
        if (!run.isBlank()) {
            base.script("#!/bin/bash\n" + run + "\n");
        } else {
            // replaced by org.hpckernel.tracking.FlowLogic.prepare; fails loudly if a caller skipped that step
            base.script("#!/bin/bash\necho 'flow_logic request submitted without its flow-logic step' >&2\nexit 2\n");
        }
        if (first.has("name")) {
            base.name(first.path("name").asText());
        }
        if (first.has("node")) {
            base.nodes(first.path("node").asInt());
        }
        if (first.has("vnode_core")) {
            base.cpusPerTask(first.path("vnode_core").asInt());
        }
        if (first.has("gpu") && first.path("gpu").asInt() > 0) {
            base.gpus(JobSpec.Gpus.parse(first.path("gpu").asText()));
        }
        if (first.has("elapse")) {
            base.timeLimit(parseElapse(first.path("elapse").asText()));
        }
        if (first.has("project")) {
            base.account(first.path("project").asText());
        }
        if (first.has("group")) {
            base.partition(first.path("group").asText());
        }
        if (requests.size() == 1) {
            if (first.has("params")) {
                Map<String, Object> params = JSON.convertValue(first.path("params"), JSON.getTypeFactory().constructMapType(LinkedHashMap.class, String.class, Object.class));
                params.forEach(base::param);
            }
        } else {
            base.array(new JobSpec.ArraySpec(0, requests.size() - 1, 1, java.util.Optional.empty()));
            List<Object> all = new ArrayList<>();
            for (JsonNode r : requests) {
                all.add(JSON.convertValue(r.path("params"), Object.class));
            }
            base.param("tasks", all);
        }
        return base;
    }

    /** The request's {@code flow_logic} ({@code NAME:vN}), if it names one; the first request's for a list. */
    public static java.util.Optional<String> flowLogic(String body) {
        try {
            JsonNode root = JSON.readTree(body);
            JsonNode first = root.isArray() ? root.path(0) : root;
            return first.hasNonNull("flow_logic") ? java.util.Optional.of(first.get("flow_logic").asText()) : java.util.Optional.empty();
        } catch (Exception e) {
            return java.util.Optional.empty();
        }
    }

    /** HPC-Ops' elapse is {@code HH:MM:SS} (or {@code MM:SS}, or minutes). */
    static Duration parseElapse(String text) {
        String[] parts = text.strip().split(":");
        try {
            return switch (parts.length) {
                case 1 -> Duration.ofMinutes(Long.parseLong(parts[0]));
                case 2 -> Duration.ofMinutes(Long.parseLong(parts[0])).plusSeconds(Long.parseLong(parts[1]));
                case 3 -> Duration.ofHours(Long.parseLong(parts[0])).plusMinutes(Long.parseLong(parts[1])).plusSeconds(Long.parseLong(parts[2]));
                default -> throw new NumberFormatException(text);
            };
        } catch (NumberFormatException e) {
            throw new MagicException("elapse must be HH:MM:SS (like 01:30:00), not '" + text + "'");
        }
    }
}
