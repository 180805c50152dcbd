package org.hpckernel.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * The search space of an HPC-Ops request as its users write it: {@code params} is a mapping
 * (KaitoShioya/HPC-Ops@3e512b7 app/schema/create_job_schema.py, {@code params: Optional[dict]}) whose
 * tuples are the Optuna suggestions ({@code "clf": ["clf", ["RF", "GB"]]}, passed as
 * {@code trial.suggest_*(*tuple)}) and whose other entries are settings the flow logic reads as they are
 * ({@code "dataset": "optuna-example:v0"}). The tuples become the space (with their rf_/gb_ conditions);
 * the settings become constants, so each trial's params.json still has them.
 */
final class HpcOpsRequestSpace {

    private HpcOpsRequestSpace() {}

    static SearchSpace of(JsonNode params) {
        ArrayNode tuples = JsonNodeFactory.instance.arrayNode();
        List<Param> constants = new ArrayList<>();
        params.fields().forEachRemaining(e -> {
            JsonNode v = e.getValue();
            if (v.isArray() && !v.isEmpty() && v.get(0).isTextual()) {
                tuples.add(v);
            } else {
                constants.add(new Param.Const(e.getKey(), SpaceParser.value(v)));
            }
        });
        if (tuples.isEmpty()) {
            throw new IllegalArgumentException("params: no tuple to search; expected entries such as "
                    + "\"clf\": [\"clf\", [\"RF\", \"GB\"]] or \"max_depth\": [\"max_depth\", 2, 32]");
        }
        SearchSpace s = SpaceParser.hpcOps(tuples.toString());
        List<Param> all = new ArrayList<>(s.params());
        all.addAll(constants);
        return new SearchSpace(
                all,
                s.method(),
                s.metricName(),
                s.goal(),
                s.runCap(),
                s.command(),
                s.program(),
                s.earlyTerminate(),
                s.conditions());
    }
}
