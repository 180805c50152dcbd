package org.hpckernel.sweep;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A trial's result.json: phpo/iDDS shape {"status": 0, "loss": 0.12, "message": "..."} or a named
 * objective ({"val_acc": 0.9}). status != 0, a missing or non-numeric objective, or unreadable JSON
 * make a failure whose reason says which.
 */
public record ResultFile(boolean ok, Double value, String reason) {

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = org.hpckernel.Json.writtenByPrograms();

    /** Reads a trial's result.json; {@code objective} is the metric's name ("loss" for the phpo shape). */
    public static ResultFile parse(String json, String objective) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (Exception e) {
            return new ResultFile(false, null, "result.json is not valid JSON");
        }
        if (root == null || !root.isObject()) return new ResultFile(false, null, "result.json is not a JSON object");
        if (root.has("status") && root.get("status").asInt(-1) != 0) {
            String msg = root.path("message").asText("");
            return new ResultFile(
                    false, null, "status " + root.get("status").asText() + (msg.isEmpty() ? "" : ": " + msg));
        }
        String key = objective == null ? "loss" : objective;
        JsonNode v = root.get(key);
        if (v == null && !key.equals("loss")) v = root.get("loss");
        if (v == null || !v.isNumber()) return new ResultFile(false, null, "result.json has no numeric '" + key + "'");
        double d = v.asDouble();
        if (Double.isNaN(d)) return new ResultFile(false, null, "objective '" + key + "' is NaN");
        return new ResultFile(true, d, null);
    }
}
