package org.hpckernel.cluster;

/**
 * The folder a job (or sweep) gets under the profile's work root: the rendered script, the user's
 * script, {@code params.json}, the logs, and one exit file per task written by the script's trap.
 */
public record JobDirectory(String path) {

    public String script() {
        return path + "/job.sh";
    }

    public String userScript() {
        return path + "/user-script";
    }

    public String params() {
        return path + "/params.json";
    }

    public String logs() {
        return path + "/logs";
    }
    /** Submission receipt: the scheduler's id, written once, so a retried submit never submits twice. */
    public String receipt() {
        return path + "/jobid";
    }
    /** {@code exit} for a plain job, {@code exit.<index>} for an array task. */
    public String exitFile(java.util.Optional<Integer> arrayIndex) {
        return path + "/exit" + arrayIndex.map(i -> "." + i).orElse("");
    }

    public String metrics() {
        return path + "/metrics.jsonl";
    }

    public String summary() {
        return path + "/summary.json";
    }

    public String result() {
        return path + "/result.json";
    }
}
