package org.hpckernel.tracking;

import org.hpckernel.cluster.JobSpec;
import org.hpckernel.cluster.Shell;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Makes a job run an HPC-Ops flow logic: downloads the flow-logic artifact and every dataset artifact that
 * params name (a string value {@code "artifact:NAME[:vN|:ALIAS]"}) from an artifact store, stages them with the
 * job-side runner and metrics helper shipped in this jar into the job directory, points the params at the
 * staged file names, and sets the script to run the runner. The job itself needs no network.
 */
public final class FlowLogic {

    public static final String RUNNER = "hpc_flow_runner.py";
    public static final String METRICS_HELPER = "hpc_metrics.py";
    public static final String ARTIFACT_PREFIX = "artifact:";

    private FlowLogic() {
    }

    /**
     * Adds staging and the runner script to {@code job}. {@code params} are the request's params (one map) or,
     * for a list of requests, the per-task maps under {@code "tasks"}; dataset references in them are replaced.
     */
    public static JobSpec.Builder prepare(JobSpec.Builder job, ArtifactRef flow, String className, ArtifactStore store,
                                          Map<String, Object> params, Path stagingDir) throws IOException {
        Files.createDirectories(stagingDir);
        ArtifactVersion fv = store.resolve(flow);
        List<String> py = fv.manifest().contents().keySet().stream().filter(k -> k.endsWith(".py")).toList();
        if (py.size() != 1) {
            throw new IllegalArgumentException(fv.ref() + " must hold exactly one .py file (the flow logic), it has " + py);
        }
        String flowFile = fileName(py.get(0));
        store.download(new ArtifactRef(fv.name(), fv.version()), stagingDir.resolve("flow"));
        for (String k : fv.manifest().contents().keySet()) {
            stageFlat(job, stagingDir.resolve("flow").resolve(k));
        }
        Map<String, String> staged = new LinkedHashMap<>();
        Map<String, Object> rewritten = rewrite(params, store, stagingDir, job, staged);
        rewritten.forEach(job::param);
        for (String resource : List.of(RUNNER, METRICS_HELPER)) {
            Path target = stagingDir.resolve(resource);
            try (InputStream in = FlowLogic.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException(resource + " is missing from the jar");
                }
                Files.write(target, in.readAllBytes());
            }
            job.stage(target.toString());
        }
        if (!className.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("flow logic class must be a Python identifier, not '" + className + "'");
        }
        job.script("#!/bin/bash\n"
                + "# flow logic " + fv.ref() + " (digest " + fv.digest() + ")\n"
                + "cd \"$HPC_JOB_DIR\"\n"
                + "exec \"${HPC_PYTHON:-python3}\" " + RUNNER + " " + Shell.quote(flowFile) + " " + className + "\n");
        return job;
    }

    private static Map<String, Object> rewrite(Map<String, Object> params, ArtifactStore store, Path stagingDir,
                                               JobSpec.Builder job, Map<String, String> staged) throws IOException {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : params.entrySet()) {
            out.put(e.getKey(), rewriteValue(e.getValue(), store, stagingDir, job, staged));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Object rewriteValue(Object v, ArtifactStore store, Path stagingDir, JobSpec.Builder job,
                                       Map<String, String> staged) throws IOException {
        if (v instanceof String s && s.startsWith(ARTIFACT_PREFIX)) {
            if (staged.containsKey(s)) {
                return staged.get(s);
            }
            ArtifactVersion dv = store.resolve(ArtifactRef.parse(s.substring(ARTIFACT_PREFIX.length())));
            Path dir = stagingDir.resolve("data-" + dv.name() + "-" + dv.version());
            store.download(new ArtifactRef(dv.name(), dv.version()), dir);
            List<String> names = new ArrayList<>();
            for (String k : dv.manifest().contents().keySet()) {
                names.add(stageFlat(job, dir.resolve(k)));
            }
            String value = names.size() == 1 ? names.get(0) : String.join(",", names);
            staged.put(s, value);
            return value;
        }
        if (v instanceof Map<?, ?> m) {
            return rewrite((Map<String, Object>) m, store, stagingDir, job, staged);
        }
        if (v instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            for (Object o : list) {
                out.add(rewriteValue(o, store, stagingDir, job, staged));
            }
            return out;
        }
        return v;
    }

    /** Staging copies a file into the job directory by its file name; two files of one name would collide. */
    private static String stageFlat(JobSpec.Builder job, Path file) {
        job.stage(file.toString());
        return file.getFileName().toString();
    }

    private static String fileName(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? path : path.substring(slash + 1);
    }
}
