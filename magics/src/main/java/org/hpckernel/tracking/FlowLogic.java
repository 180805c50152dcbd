package org.hpckernel.tracking;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hpckernel.cluster.JobSpec;
import org.hpckernel.cluster.Shell;

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
    /** The W&B stand-in, imported as {@code wandb} by the runner when the job's python has no wandb. */
    public static final String WANDB_STANDIN = "hpc_wandb_standin.py";
    /** Index of the artifacts staged with the job, which the stand-in's use_artifact(...).download() serves. */
    public static final String ARTIFACT_INDEX = "hpc_artifacts.json";
    /** An HPC-Ops artifact reference in params, as wandb's use_artifact takes it: {@code name:vN} or {@code name:alias}. */
    private static final java.util.regex.Pattern REF =
            java.util.regex.Pattern.compile("[A-Za-z0-9_.-]+:[A-Za-z0-9_.-]+");

    private FlowLogic() {}

    /**
     * Adds staging and the runner script to {@code job}. {@code params} are the request's params (one map) or,
     * for a list of requests, the per-task maps under {@code "tasks"}; dataset references in them are replaced.
     */
    public static JobSpec.Builder prepare(
            JobSpec.Builder job,
            ArtifactRef flow,
            String className,
            ArtifactStore store,
            Map<String, Object> params,
            Path stagingDir)
            throws IOException {
        return prepare(job, flow, className, store, params, stagingDir, note -> {});
    }

    /**
     * As above, and stages every artifact that a string in params names HPC-Ops' way ({@code "optuna-example:v0"},
     * what the flow logic hands to {@code run.use_artifact}) when the store has it, telling {@code notes} so.
     */
    public static JobSpec.Builder prepare(
            JobSpec.Builder job,
            ArtifactRef flow,
            String className,
            ArtifactStore store,
            Map<String, Object> params,
            Path stagingDir,
            java.util.function.Consumer<String> notes)
            throws IOException {
        Files.createDirectories(stagingDir);
        ArtifactVersion fv = store.resolve(flow);
        List<String> py = fv.manifest().contents().keySet().stream()
                .filter(k -> k.endsWith(".py"))
                .toList();
        if (py.size() != 1) {
            throw new IllegalArgumentException(
                    fv.ref() + " must hold exactly one .py file (the flow logic), it has " + py);
        }
        String flowFile = fileName(py.get(0));
        store.download(new ArtifactRef(fv.name(), fv.version()), stagingDir.resolve("flow"));
        for (String k : fv.manifest().contents().keySet()) {
            stageFlat(job, stagingDir.resolve("flow").resolve(k));
        }
        Map<String, String> staged = new LinkedHashMap<>();
        Map<String, Object> rewritten = rewrite(params, store, stagingDir, job, staged);
        rewritten.forEach(job::param);
        Map<String, Object> index = new LinkedHashMap<>();
        index.put(flow.name() + ":" + flow.alias(), stageArtifact(job, store, fv, stagingDir));
        for (String ref : refs(rewritten, new java.util.LinkedHashSet<>())) {
            if (index.containsKey(ref)) continue;
            ArtifactVersion v;
            try {
                v = store.resolve(ArtifactRef.parse(ref));
            } catch (ArtifactNotFoundException | IllegalArgumentException notAnArtifact) {
                continue;
            }
            index.put(ref, stageArtifact(job, store, v, stagingDir));
            notes.accept(
                    "staged artifact " + v.ref() + " (named \"" + ref + "\" in params) for use_artifact in the job");
        }
        Files.writeString(
                stagingDir.resolve(ARTIFACT_INDEX), org.hpckernel.Json.plain().writeValueAsString(index));
        job.stage(stagingDir.resolve(ARTIFACT_INDEX).toString());
        for (String resource : List.of(RUNNER, METRICS_HELPER, WANDB_STANDIN)) {
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

    /** Strings of params (at any depth) shaped like an artifact reference, except the flow logic's own field. */
    private static java.util.Set<String> refs(Object v, java.util.Set<String> out) {
        if (v instanceof String s && REF.matcher(s).matches()) out.add(s);
        else if (v instanceof Map<?, ?> m)
            m.forEach((k, x) -> {
                if (!"flow_logic".equals(k)) refs(x, out);
            });
        else if (v instanceof List<?> l) l.forEach(x -> refs(x, out));
        return out;
    }

    /** Downloads one version and stages its files under unique names; returns its index entry (path in the artifact -> staged name). */
    private static Map<String, Object> stageArtifact(
            JobSpec.Builder job, ArtifactStore store, ArtifactVersion v, Path stagingDir) throws IOException {
        Path dir = stagingDir.resolve("art-" + v.name() + "-" + v.version());
        if (!Files.isDirectory(dir)) store.download(new ArtifactRef(v.name(), v.version()), dir);
        List<Map<String, String>> files = new ArrayList<>();
        int i = 0;
        for (String path : v.manifest().contents().keySet()) {
            String unique = "art-" + v.name() + "-" + v.version() + "-" + i++ + "-" + fileName(path);
            Path copy = stagingDir.resolve(unique);
            Files.copy(dir.resolve(path), copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            job.stage(copy.toString());
            files.add(Map.of("path", path, "staged", unique));
        }
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("name", v.name());
        entry.put("version", v.version());
        entry.put("type", v.type());
        entry.put("digest", v.digest());
        entry.put("files", files);
        return entry;
    }

    private static Map<String, Object> rewrite(
            Map<String, Object> params,
            ArtifactStore store,
            Path stagingDir,
            JobSpec.Builder job,
            Map<String, String> staged)
            throws IOException {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : params.entrySet()) {
            out.put(e.getKey(), rewriteValue(e.getValue(), store, stagingDir, job, staged));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Object rewriteValue(
            Object v, ArtifactStore store, Path stagingDir, JobSpec.Builder job, Map<String, String> staged)
            throws IOException {
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
