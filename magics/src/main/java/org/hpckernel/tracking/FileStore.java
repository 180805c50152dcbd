package org.hpckernel.tracking;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Artifacts as plain files, readable by a job with no internet:
 * <pre>
 * ROOT/index.json                         {"names":[...]}
 * ROOT/NAME/index.json                    {"versions":[{index,type,digest,createdAt}], "aliases":{"latest":N,...}}
 * ROOT/NAME/vN/wandb_manifest.json        W&B manifest version 1
 * ROOT/NAME/vN/files/PATH                 the files
 * </pre>
 * Not safe for two writers putting the same name at the same moment (one notebook is the writer).
 */
public final class FileStore implements ArtifactStore {

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = org.hpckernel.Json.plain();
    private final Blobs blobs;

    public FileStore(Blobs blobs) {
        this.blobs = blobs;
    }

    public static FileStore local(Path root) {
        return new FileStore(Blobs.local(root));
    }

    /** The notebook-side default: $HPC_ARTIFACTS, else ~/hpc-kernel/artifacts. */
    public static Path defaultLocalRoot(Map<String, String> env) {
        String dir = env.get("HPC_ARTIFACTS");
        return dir != null && !dir.isBlank()
                ? Path.of(dir)
                : Path.of(System.getProperty("user.home"), "hpc-kernel", "artifacts");
    }

    /** Where a job finds the files of a version, relative to the store root. */
    public static String filesPath(ArtifactVersion v) {
        return v.name() + "/" + v.version() + "/files";
    }

    @Override
    public synchronized ArtifactVersion put(String name, String type, List<Path> paths, List<String> aliases)
            throws IOException {
        ArtifactRef.checkName(name);
        aliases.forEach(a -> new ArtifactRef(name, a));
        if (aliases.stream().anyMatch(a -> a.matches("v\\d+"))) {
            throw new IllegalArgumentException("aliases of the form vN are reserved for versions");
        }
        Manifest manifest = Manifest.of(paths);
        String digest = manifest.digest();
        ObjectNode index = index(name);
        ArrayNode versions = (ArrayNode) index.get("versions");
        ObjectNode aliasMap = (ObjectNode) index.get("aliases");
        int target = -1;
        for (JsonNode v : versions) {
            if (v.get("digest").asText().equals(digest)
                    && v.get("type").asText().equals(type)) {
                target = v.get("index").asInt(); // unchanged content: no new version, like W&B's COMMITTED answer
            }
        }
        if (target < 0) {
            target = versions.size();
            String base = name + "/v" + target + "/";
            for (var e : manifest.contents().entrySet()) {
                blobs.write(base + "files/" + e.getKey(), Files.readAllBytes(source(paths, e.getKey())));
            }
            blobs.write(base + "wandb_manifest.json", manifest.toJson().getBytes(StandardCharsets.UTF_8));
            versions.addObject()
                    .put("index", target)
                    .put("type", type)
                    .put("digest", digest)
                    .put("createdAt", Instant.now().toString());
            aliasMap.put("latest", target);
            registerName(name);
        }
        for (String a : aliases) {
            aliasMap.put(a, target);
        }
        blobs.write(name + "/index.json", JSON.writeValueAsBytes(index));
        return version(name, index, target);
    }

    private static Path source(List<Path> paths, String key) {
        for (Path p : paths) {
            if (Files.isDirectory(p) && Files.isRegularFile(p.resolve(key))) {
                return p.resolve(key);
            }
            if (Files.isRegularFile(p) && p.getFileName().toString().equals(key)) {
                return p;
            }
        }
        throw new IllegalStateException("lost track of " + key);
    }

    private void registerName(String name) throws IOException {
        byte[] b = blobs.read("index.json");
        ObjectNode root = b == null ? JSON.createObjectNode() : (ObjectNode) JSON.readTree(b);
        ArrayNode names = root.has("names") ? (ArrayNode) root.get("names") : root.putArray("names");
        for (JsonNode n : names) {
            if (n.asText().equals(name)) {
                return;
            }
        }
        names.add(name);
        blobs.write("index.json", JSON.writeValueAsBytes(root));
    }

    private ObjectNode index(String name) throws IOException {
        byte[] b = blobs.read(name + "/index.json");
        if (b == null) {
            ObjectNode n = JSON.createObjectNode();
            n.putArray("versions");
            n.putObject("aliases");
            return n;
        }
        return (ObjectNode) JSON.readTree(b);
    }

    private ArtifactVersion version(String name, ObjectNode index, int i) throws IOException {
        JsonNode v = index.get("versions").get(i);
        List<String> aliases = new ArrayList<>();
        index.get("aliases").fields().forEachRemaining(e -> {
            if (e.getValue().asInt() == i) {
                aliases.add(e.getKey());
            }
        });
        byte[] m = blobs.read(name + "/v" + i + "/wandb_manifest.json");
        if (m == null) {
            throw new IOException("manifest of " + name + ":v" + i + " is missing in " + blobs.describe());
        }
        return new ArtifactVersion(
                name,
                i,
                v.get("type").asText(),
                v.get("digest").asText(),
                aliases,
                Manifest.parse(new String(m, StandardCharsets.UTF_8)),
                v.get("createdAt").asText());
    }

    @Override
    public ArtifactVersion resolve(ArtifactRef ref) throws IOException {
        ObjectNode index = index(ref.name());
        int n = index.get("versions").size();
        if (n == 0) {
            throw new ArtifactNotFoundException(
                    "no artifact named '" + ref.name() + "' in " + blobs.describe() + " (see %wandb artifact ls)");
        }
        int i = ref.versionIndex();
        if (i < 0) {
            JsonNode a = index.get("aliases").get(ref.alias());
            i = a == null ? -1 : a.asInt();
        }
        if (i < 0 || i >= n) {
            Set<String> known = new LinkedHashSet<>();
            index.get("aliases").fieldNames().forEachRemaining(known::add);
            throw new ArtifactNotFoundException("no version or alias '" + ref.alias() + "' of '" + ref.name()
                    + "'; it has v0..v" + (n - 1) + " and aliases " + known);
        }
        return version(ref.name(), index, i);
    }

    @Override
    public ArtifactVersion download(ArtifactRef ref, Path dir) throws IOException {
        ArtifactVersion v = resolve(ref);
        for (Map.Entry<String, Manifest.Entry> e : v.manifest().contents().entrySet()) {
            byte[] b = blobs.read(filesPath(v) + "/" + e.getKey());
            if (b == null) {
                b = new byte[0];
            }
            if (!Manifest.md5Base64(b).equals(e.getValue().digest())) {
                throw new IOException(v.ref() + ": " + e.getKey() + " does not match its MD5 digest in the manifest");
            }
            Path target = dir.resolve(e.getKey()).normalize();
            if (!target.startsWith(dir.normalize())) {
                throw new IOException(v.ref() + ": refusing file path outside the target folder: " + e.getKey());
            }
            Files.createDirectories(target.getParent());
            Files.write(target, b);
        }
        return v;
    }

    @Override
    public List<ArtifactVersion> versions(String name) throws IOException {
        ObjectNode index = index(name);
        List<ArtifactVersion> out = new ArrayList<>();
        for (int i = 0; i < index.get("versions").size(); i++) {
            out.add(version(name, index, i));
        }
        return out;
    }

    @Override
    public List<String> names() throws IOException {
        byte[] b = blobs.read("index.json");
        List<String> out = new ArrayList<>();
        if (b != null) {
            JSON.readTree(b).path("names").forEach(n -> out.add(n.asText()));
        }
        return out;
    }

    @Override
    public String describe() {
        return "file store " + blobs.describe();
    }
}
