package org.hpckernel.tracking;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A W&B artifact manifest, version 1 ({@code wandb_manifest.json}): path -> (base64 MD5 digest, size).
 * The artifact digest is W&B's MANIFEST_MD5: hex MD5 of {@code "wandb-artifact-manifest-v1\n"} then
 * {@code "path:digest\n"} for every entry in byte order of the path.
 */
public record Manifest(Map<String, Entry> contents) {

    /** One file; {@code birthArtifactId} is only known for files stored on W&B. */
    public record Entry(String digest, long size, String birthArtifactId) {}

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = org.hpckernel.Json.plain();

    public Manifest {
        TreeMap<String, Entry> sorted = new TreeMap<>(Manifest::compareBytes);
        sorted.putAll(contents);
        contents = Collections.unmodifiableMap(sorted);
    }

    /** Builds the manifest of files: a directory contributes every regular file under it, by relative path. */
    public static Manifest of(List<Path> paths) {
        Map<String, Entry> entries = new TreeMap<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> walk = Files.walk(p)) {
                    for (Path f :
                            (Iterable<Path>) walk.filter(Files::isRegularFile).sorted()::iterator) {
                        put(entries, p.relativize(f).toString().replace('\\', '/'), f);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            } else if (Files.isRegularFile(p)) {
                put(entries, p.getFileName().toString(), p);
            } else {
                throw new IllegalArgumentException("no such file or directory: " + p);
            }
        }
        return new Manifest(entries);
    }

    private static void put(Map<String, Entry> entries, String name, Path file) {
        if (entries.containsKey(name)) {
            throw new IllegalArgumentException("two files would be stored as " + name);
        }
        try {
            entries.put(name, new Entry(md5Base64(file), Files.size(file), null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The artifact digest W&B sends as {@code digest} with {@code digestAlgorithm: MANIFEST_MD5}. */
    public String digest() {
        MessageDigest md = md5();
        md.update("wandb-artifact-manifest-v1\n".getBytes(StandardCharsets.UTF_8));
        contents.keySet().stream()
                .sorted(Manifest::compareBytes)
                .forEach(k -> md.update((k + ":" + contents.get(k).digest() + "\n").getBytes(StandardCharsets.UTF_8)));
        return HexFormat.of().formatHex(md.digest());
    }

    public long totalSize() {
        return contents.values().stream().mapToLong(Entry::size).sum();
    }

    public Manifest withBirthArtifactIds(Map<String, String> ids) {
        Map<String, Entry> m = new TreeMap<>();
        contents.forEach((k, e) -> m.put(k, new Entry(e.digest(), e.size(), ids.getOrDefault(k, e.birthArtifactId()))));
        return new Manifest(m);
    }

    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", 1);
        root.put("storagePolicy", "wandb-storage-policy-v1");
        root.putObject("storagePolicyConfig").put("storageLayout", "V2");
        ObjectNode c = root.putObject("contents");
        contents.forEach((k, e) -> {
            ObjectNode n = c.putObject(k);
            n.put("digest", e.digest());
            n.put("size", e.size());
            if (e.birthArtifactId() != null) {
                n.put("birthArtifactID", e.birthArtifactId());
            }
        });
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Manifest parse(String json) {
        try {
            JsonNode root = JSON.readTree(json);
            if (root.path("version").asInt() != 1) {
                throw new IllegalArgumentException("unsupported manifest version: " + root.path("version"));
            }
            Map<String, Entry> m = new TreeMap<>();
            root.path("contents").fields().forEachRemaining(f -> {
                JsonNode n = f.getValue();
                m.put(
                        f.getKey(),
                        new Entry(
                                n.path("digest").asText(),
                                n.path("size").asLong(),
                                n.hasNonNull("birthArtifactID")
                                        ? n.get("birthArtifactID").asText()
                                        : null));
            });
            return new Manifest(m);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a W&B manifest: " + e.getMessage(), e);
        }
    }

    public static String md5Base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(md5().digest(bytes));
    }

    public static String md5Base64(Path file) throws IOException {
        MessageDigest md = md5();
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
        return Base64.getEncoder().encodeToString(md.digest());
    }

    /** W&B uses the hex form of a file digest in storage URLs. */
    public static String base64ToHex(String b64) {
        return HexFormat.of().formatHex(Base64.getDecoder().decode(b64));
    }

    static int compareBytes(String a, String b) {
        return java.util.Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
