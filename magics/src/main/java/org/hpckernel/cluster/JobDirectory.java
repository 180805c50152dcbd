package org.hpckernel.cluster;

/**
 * The folder a job (or sweep) gets under the profile's work root: the rendered script,
 * {@code params.json}, the logs and the exit file written by the script's trap.
 */
public record JobDirectory(String path) {

    public String script() { return path + "/job.sh"; }
    public String params() { return path + "/params.json"; }
    public String logs() { return path + "/logs"; }
    /** One exit file per array task: {@code exit} or {@code exit.<index>}; see the rendered trap. */
    public String exitFile() { return path + "/exit"; }
    public String metrics() { return path + "/metrics.jsonl"; }
    public String summary() { return path + "/summary.json"; }
    public String result() { return path + "/result.json"; }
}
