package org.hpckernel.tracking;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Artifacts on W&B through its GraphQL API ({@code POST BASE/graphql}, basic auth {@code api:KEY}), in the
 * order the official client uses: CreateArtifact (a COMMITTED answer means identical content exists: no new
 * version), CreateArtifactManifest, CreateArtifactFiles, PUT each file to its signed URL (a null URL means
 * the server already has those bytes), CreateArtifactManifest with the digest and PUT the manifest,
 * CommitArtifact. Reads resolve {@code name:alias} by collection membership, fetch the manifest and the
 * files from signed URLs and check every MD5. 5xx and 429 answers are retried with backoff.
 */
public final class WandbStore implements ArtifactStore {

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = org.hpckernel.Json.plain();
    private static final MediaType JSON_TYPE = MediaType.get("application/json");
    private static final int ATTEMPTS = 5;
    /** The official Python client's batch for CreateArtifactFiles (wandb/sdk/internal/artifact_saver.py). */
    static final int FILES_PER_BATCH = 1000;
    /** Files from this size go up in parts, as the official client (storage_policies/_multipart.py: 2 GiB, parts of 100 MiB, at most 1,000). */
    static final long MULTIPART_MIN = 2L << 30;

    static final long PART_SIZE = 100L << 20;
    static final int MAX_PARTS = 1000;

    private final String baseUrl;
    private final String entity;
    private final String project;
    private final WandbKey key;
    private final OkHttpClient http;
    private final Duration backoff;
    private String runName;
    private volatile TransferProgress progress = TransferProgress.NONE;

    public WandbStore(String baseUrl, String entity, String project, WandbKey key) {
        // no call timeout: a big file streams for as long as it takes; a stalled read or write still fails
        this(
                baseUrl,
                entity,
                project,
                key,
                new OkHttpClient.Builder()
                        .connectTimeout(Duration.ofSeconds(20))
                        .readTimeout(Duration.ofMinutes(2))
                        .writeTimeout(Duration.ofMinutes(2))
                        .build(),
                Duration.ofMillis(500));
    }

    WandbStore(String baseUrl, String entity, String project, WandbKey key, OkHttpClient http, Duration backoff) {
        this.baseUrl = baseUrl.replaceAll("/+$", "");
        this.entity = entity;
        this.project = project;
        this.key = key;
        this.http = http;
        this.backoff = backoff;
    }

    /** Reports the bytes of each file as it streams up or down (a progress line in the cell). */
    public WandbStore withProgress(TransferProgress p) {
        this.progress = p;
        return this;
    }

    /** Who a key belongs to: the viewer's username and default entity; a refused key is a WandbException (401/403). */
    public record Viewer(String username, String entity) {}

    public static Viewer viewer(String baseUrl, WandbKey key) throws IOException {
        WandbStore probe = new WandbStore(baseUrl, "-", "-", key);
        JsonNode v = probe.gql("Viewer", WandbQueries.VIEWER, JSON.createObjectNode())
                .path("viewer");
        if (v.isMissingNode() || v.isNull())
            throw new WandbException(
                    401, "W&B does not know this API key (viewer is empty): check it, %wandb login --relogin");
        return new Viewer(v.path("username").asText(null), v.path("entity").asText(null));
    }

    @Override
    public String describe() {
        return "W&B " + baseUrl + " " + entity + "/" + project;
    }

    // ---------------------------------------------------------------- put

    @Override
    public ArtifactVersion put(String name, String type, List<Path> paths, List<String> aliases) throws IOException {
        ArtifactRef.checkName(name);
        Manifest manifest = Manifest.of(paths);
        String run = run();
        ObjectNode input = JSON.createObjectNode()
                .put("entityName", entity)
                .put("projectName", project)
                .put("artifactTypeName", type)
                .put("artifactCollectionName", name)
                .put("runName", run)
                .put("digest", manifest.digest())
                .put("digestAlgorithm", "MANIFEST_MD5")
                .put("enableDigestDeduplication", true)
                .put("metadata", "{}")
                .put("sequenceClientID", randomId(128))
                .put("clientID", randomId(128));
        ArrayNode al = input.putArray("aliases");
        java.util.Set<String> all = new java.util.LinkedHashSet<>(); // "latest" once, as the client's _resolve_aliases
        all.add("latest");
        all.addAll(aliases);
        all.forEach(a -> al.addObject().put("artifactCollectionName", name).put("alias", a));
        JsonNode created = gql(
                        "CreateArtifact",
                        WandbQueries.CREATE_ARTIFACT,
                        JSON.createObjectNode().set("input", input))
                .path("createArtifact")
                .path("artifact");
        String artifactId = created.path("id").asText();
        if ("COMMITTED".equals(created.path("state").asText())) {
            return byId(artifactId, name, manifest); // unchanged content: W&B returns the existing version
        }
        JsonNode latest = created.path("artifactSequence").path("latestArtifact");
        String baseId = latest.isObject() ? latest.path("id").asText(null) : null;

        JsonNode m1 = manifestCall(artifactId, baseId, run, "", false);
        String manifestId = m1.path("id").asText();

        List<String> order = new ArrayList<>(manifest.contents().keySet());
        Map<String, String> birth = new HashMap<>();
        for (int from = 0; from < order.size(); from += FILES_PER_BATCH) {
            List<String> batch = order.subList(from, Math.min(order.size(), from + FILES_PER_BATCH));
            ArrayNode specs = JSON.createArrayNode();
            Map<String, List<String>> partMd5s = new HashMap<>();
            for (String path : batch) {
                ObjectNode spec = specs.addObject()
                        .put("artifactID", artifactId)
                        .put("name", path)
                        .put("md5", manifest.contents().get(path).digest())
                        .put("artifactManifestID", manifestId);
                Path file = source(paths, path);
                if (Files.size(file) >= MULTIPART_MIN) {
                    List<String> md5s = partMd5s(file);
                    partMd5s.put(path, md5s);
                    ArrayNode parts = spec.putArray("uploadPartsInput");
                    for (int n = 0; n < md5s.size(); n++)
                        parts.addObject().put("partNumber", n + 1).put("hexMD5", md5s.get(n));
                }
            }
            ObjectNode fv = JSON.createObjectNode();
            fv.set("artifactFiles", specs);
            fv.put("storageLayout", "V2");
            JsonNode edges = gql("CreateArtifactFiles", WandbQueries.CREATE_ARTIFACT_FILES, fv)
                    .path("createArtifactFiles")
                    .path("files")
                    .path("edges");
            for (int i = 0; i < batch.size(); i++) {
                JsonNode node = edges.path(i).path("node");
                birth.put(batch.get(i), node.path("artifact").path("id").asText(artifactId));
                JsonNode multipart = node.path("uploadMultipartUrls");
                if (multipart.isObject() && partMd5s.containsKey(batch.get(i))) {
                    uploadParts(
                            artifactId,
                            node.path("storagePath").asText(),
                            multipart,
                            source(paths, batch.get(i)),
                            partMd5s.get(batch.get(i)));
                } else if (node.hasNonNull("uploadUrl")) {
                    Path file = source(paths, batch.get(i));
                    put(
                            node.get("uploadUrl").asText(),
                            node.path("uploadHeaders"),
                            slice(file, 0, Files.size(file), Files.size(file))); // streamed
                }
            }
        }
        Manifest withBirth = manifest.withBirthArtifactIds(birth);
        byte[] manifestBytes = withBirth.toJson().getBytes(StandardCharsets.UTF_8);
        // the second call's digest is the base64 MD5 of the manifest file's bytes (saver.go, artifact_saver.py), not
        // the artifact digest
        JsonNode m2 = manifestCall(artifactId, baseId, run, Manifest.md5Base64(manifestBytes), true);
        put(
                m2.path("file").path("uploadUrl").asText(),
                m2.path("file").path("uploadHeaders"),
                RequestBody.create(manifestBytes));
        gql(
                "CommitArtifact",
                WandbQueries.COMMIT_ARTIFACT,
                JSON.createObjectNode().put("artifactID", artifactId));
        finishRun(run);
        return byId(artifactId, name, withBirth);
    }

    private JsonNode manifestCall(String artifactId, String baseId, String run, String digest, boolean upload)
            throws IOException {
        ObjectNode v = JSON.createObjectNode()
                .put("artifactID", artifactId)
                .put("baseArtifactID", baseId)
                .put("name", "wandb_manifest.json")
                .put("digest", digest)
                .put("entityName", entity)
                .put("projectName", project)
                .put("runName", run)
                .put("manifestType", "FULL")
                .put("includeUpload", upload);
        return gql("CreateArtifactManifest", WandbQueries.CREATE_ARTIFACT_MANIFEST, v)
                .path("createArtifactManifest")
                .path("artifactManifest");
    }

    /** Artifacts are logged by a run; one run per store, created on first put. */
    private synchronized String run() throws IOException {
        if (runName == null) {
            String name = randomId(8);
            JsonNode b = gql(
                            "UpsertBucket",
                            WandbQueries.UPSERT_BUCKET,
                            JSON.createObjectNode()
                                    .put("name", name)
                                    .put("project", project)
                                    .put("entity", entity)
                                    .put("jobType", "hpc-kernel-artifacts"))
                    .path("upsertBucket")
                    .path("bucket");
            runName = b.path("name").asText(name);
        }
        return runName;
    }

    static long partSize(long size) {
        return Math.max(PART_SIZE, (size + MAX_PARTS - 1) / MAX_PARTS);
    }

    /** The hex MD5 of each part of a file, read in a stream. */
    static List<String> partMd5s(Path file) throws IOException {
        long size = Files.size(file), part = partSize(size);
        List<String> out = new ArrayList<>();
        byte[] buf = new byte[1 << 20];
        try (java.io.InputStream in = Files.newInputStream(file)) {
            for (long from = 0; from < size; from += part) {
                java.security.MessageDigest md5 = md5();
                long left = Math.min(part, size - from);
                while (left > 0) {
                    int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                    if (n < 0) throw new IOException(file + " ended early");
                    md5.update(buf, 0, n);
                    left -= n;
                }
                out.add(java.util.HexFormat.of().formatHex(md5.digest()));
            }
        }
        return out;
    }

    private static java.security.MessageDigest md5() {
        try {
            return java.security.MessageDigest.getInstance("MD5");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Each part PUT to its URL from a slice of the file (never whole in memory), then CompleteMultipartUploadArtifact with the ETags. */
    private void uploadParts(String artifactId, String storagePath, JsonNode multipart, Path file, List<String> md5s)
            throws IOException {
        long size = Files.size(file), part = partSize(size);
        ArrayNode completed = JSON.createArrayNode();
        for (JsonNode u : multipart.path("uploadUrlParts")) {
            int n = u.path("partNumber").asInt();
            long from = (n - 1) * part, length = Math.min(part, size - from);
            String b64 = java.util.Base64.getEncoder()
                    .encodeToString(java.util.HexFormat.of().parseHex(md5s.get(n - 1)));
            String etag = putSlice(u.path("uploadUrl").asText(), file, from, length, b64);
            completed.addObject().put("partNumber", n).put("hexMD5", etag.replace("\"", ""));
        }
        gql("CompleteMultipartUploadArtifact", WandbQueries.COMPLETE_MULTIPART_UPLOAD_ARTIFACT, (ObjectNode)
                JSON.createObjectNode()
                        .put("completeMultipartAction", "Complete")
                        .put("artifactID", artifactId)
                        .put("storagePath", storagePath)
                        .put("uploadID", multipart.path("uploadID").asText())
                        .set("completedParts", completed));
    }

    /** {@code length} bytes of {@code file} from {@code from}, read as they are sent, each chunk reported to the progress line. */
    private RequestBody slice(Path file, long from, long length, long fileSize) {
        String name = file.getFileName().toString();
        return new RequestBody() {
            @Override
            public MediaType contentType() {
                return null;
            }

            @Override
            public long contentLength() {
                return length;
            }

            @Override
            public void writeTo(okio.BufferedSink sink) throws IOException {
                try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file)) {
                    ch.position(from);
                    try (okio.Source src = okio.Okio.source(java.nio.channels.Channels.newInputStream(ch))) {
                        long left = length;
                        okio.Buffer buf = new okio.Buffer();
                        while (left > 0) {
                            long n = src.read(buf, Math.min(left, 1 << 16));
                            if (n < 0) throw new IOException(file + " ended early");
                            sink.write(buf, n);
                            left -= n;
                            progress.bytes("uploading", name, from + length - left, fileSize);
                        }
                    }
                }
            }
        };
    }

    /** PUTs {@code length} bytes of {@code file} from {@code from}, streamed; returns the ETag the storage answered. */
    private String putSlice(String url, Path file, long from, long length, String contentMd5) throws IOException {
        RequestBody body = slice(file, from, length, Files.size(file));
        Request req = new Request.Builder()
                .url(url)
                .put(body)
                .header("Content-MD5", contentMd5)
                .build();
        IOException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try (Response r = http.newCall(req).execute()) {
                if (r.isSuccessful()) return r.header("ETag", "");
                last = new WandbException(
                        r.code(), "W&B's storage answered " + r.code() + " for part of " + file.getFileName());
                if (r.code() < 500 && r.code() != 429) throw last;
            } catch (WandbException e) {
                throw e;
            } catch (IOException e) {
                last = new IOException("cannot upload a part to W&B's storage: " + key.scrub(e.getMessage()), e);
            }
        }
        throw last;
    }

    /**
     * Marks the run that logged the artifact finished, as the official client does when a run ends: the
     * file stream's last message {"complete": true, "exitcode": 0}; W&B shows a run left open as crashed.
     */
    private synchronized void finishRun(String run) throws IOException {
        ObjectNode body = JSON.createObjectNode().put("complete", true).put("exitcode", 0);
        body.putObject("files");
        Request req = new Request.Builder()
                .url(baseUrl + "/files/" + entity + "/" + project + "/" + run + "/file_stream")
                .header("Authorization", key.basicAuth())
                .post(RequestBody.create(JSON.writeValueAsBytes(body), JSON_TYPE))
                .build();
        send(req, "finishing run " + run);
        runName = null; // the next put logs with a new run
    }

    private ArtifactVersion byId(String id, String name, Manifest manifest) throws IOException {
        JsonNode a = gql(
                        "ArtifactByID",
                        WandbQueries.ARTIFACT_BY_ID,
                        JSON.createObjectNode().put("id", id))
                .path("artifact");
        if (a.isMissingNode() || a.isNull()) {
            throw new ArtifactNotFoundException("W&B has no artifact with id " + id);
        }
        return version(name, a.path("versionIndex").asInt(), a, aliasesOf(a.path("aliases"), name), manifest);
    }

    private static List<String> aliasesOf(JsonNode aliases, String collection) {
        List<String> out = new ArrayList<>();
        for (JsonNode a : aliases) {
            String c = a.path("artifactCollection").path("name").asText(collection);
            if (c.equals(collection) && !a.path("alias").asText().matches("v\\d+")) {
                out.add(a.path("alias").asText());
            }
        }
        return out;
    }

    private static ArtifactVersion version(
            String name, int index, JsonNode artifact, List<String> aliases, Manifest m) {
        return new ArtifactVersion(
                name,
                index,
                artifact.path("artifactType").path("name").asText(),
                artifact.path("digest").asText(),
                aliases,
                m,
                artifact.path("createdAt").asText());
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

    // ---------------------------------------------------------------- read

    @Override
    public ArtifactVersion resolve(ArtifactRef ref) throws IOException {
        JsonNode m = membership(ref);
        JsonNode artifact = m.path("artifact");
        return version(
                ref.name(),
                m.path("versionIndex").asInt(),
                artifact,
                aliasesOf(m.path("aliases"), ref.name()),
                manifest(artifact.path("id").asText()));
    }

    private JsonNode membership(ArtifactRef ref) throws IOException {
        JsonNode p = gql(
                        "ArtifactMembershipByName",
                        WandbQueries.ARTIFACT_MEMBERSHIP_BY_NAME,
                        JSON.createObjectNode()
                                .put("entity", entity)
                                .put("project", project)
                                .put("name", ref.toString()))
                .path("project");
        if (p.isNull() || p.isMissingNode()) {
            throw new ArtifactNotFoundException("W&B project " + entity + "/" + project + " not found");
        }
        JsonNode m = p.path("artifactCollectionMembership");
        if (m.isNull() || m.isMissingNode()) {
            throw new ArtifactNotFoundException("no artifact " + ref + " in W&B project " + entity + "/" + project);
        }
        return m;
    }

    private Manifest manifest(String artifactId) throws IOException {
        String url = gql(
                        "FetchArtifactManifest",
                        WandbQueries.FETCH_ARTIFACT_MANIFEST,
                        JSON.createObjectNode().put("id", artifactId))
                .path("artifact")
                .path("currentManifest")
                .path("file")
                .path("directUrl")
                .asText(null);
        if (url == null) {
            throw new ArtifactNotFoundException("W&B artifact " + artifactId + " has no manifest (not committed?)");
        }
        return Manifest.parse(new String(get(url), StandardCharsets.UTF_8));
    }

    @Override
    public ArtifactVersion download(ArtifactRef ref, Path dir) throws IOException {
        ArtifactVersion v = resolve(ref);
        Map<String, String> urls = new HashMap<>();
        String cursor = null;
        do {
            ObjectNode vars = JSON.createObjectNode()
                    .put("entity", entity)
                    .put("project", project)
                    .put("collection", ref.name())
                    .put("alias", v.version())
                    .put("cursor", cursor)
                    .put("perPage", 5000);
            JsonNode files = gql("GetArtifactMembershipFileUrls", WandbQueries.GET_MEMBERSHIP_FILE_URLS, vars)
                    .path("project")
                    .path("artifactCollection")
                    .path("artifactMembership")
                    .path("files");
            for (JsonNode e : files.path("edges")) {
                urls.put(
                        e.path("node").path("name").asText(),
                        e.path("node").path("directUrl").asText());
            }
            JsonNode page = files.path("pageInfo");
            cursor = page.path("hasNextPage").asBoolean()
                    ? page.path("endCursor").asText()
                    : null;
        } while (cursor != null);
        for (Map.Entry<String, Manifest.Entry> e : v.manifest().contents().entrySet()) {
            String url = urls.get(e.getKey());
            if (url == null) {
                throw new IOException(v.ref() + ": W&B gave no download URL for " + e.getKey());
            }
            Path target = dir.resolve(e.getKey()).normalize();
            if (!target.startsWith(dir.normalize())) {
                throw new IOException(v.ref() + ": refusing file path outside the target folder: " + e.getKey());
            }
            Files.createDirectories(target.getParent());
            Path part = target.resolveSibling(target.getFileName() + ".part");
            if (!java.util.Base64.getEncoder()
                    .encodeToString(download(url, part))
                    .equals(e.getValue().digest())) {
                Files.deleteIfExists(part);
                throw new IOException(v.ref() + ": " + e.getKey() + " does not match its MD5 digest in the manifest");
            }
            Files.move(part, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return v;
    }

    @Override
    public List<ArtifactVersion> versions(String name) throws IOException {
        JsonNode latest = membership(new ArtifactRef(name, "latest"));
        String type = latest.path("artifact").path("artifactType").path("name").asText();
        List<ArtifactVersion> out = new ArrayList<>();
        String cursor = null;
        do {
            ObjectNode vars = JSON.createObjectNode()
                    .put("entity", entity)
                    .put("project", project)
                    .put("type", type)
                    .put("collection", name)
                    .put("cursor", cursor)
                    .put("perPage", 50);
            JsonNode arts = gql("ProjectArtifacts", WandbQueries.PROJECT_ARTIFACTS, vars)
                    .path("project")
                    .path("artifactType")
                    .path("artifactCollection")
                    .path("artifacts");
            for (JsonNode e : arts.path("edges")) {
                JsonNode n = e.path("node");
                out.add(version(
                        name,
                        n.path("versionIndex").asInt(),
                        n,
                        aliasesOf(n.path("aliases"), name),
                        new Manifest(Map.of())));
            }
            JsonNode page = arts.path("pageInfo");
            cursor = page.path("hasNextPage").asBoolean()
                    ? page.path("endCursor").asText()
                    : null;
        } while (cursor != null);
        out.sort((a, b) -> Integer.compare(a.index(), b.index()));
        return out;
    }

    @Override
    public List<String> names() throws IOException {
        List<String> out = new ArrayList<>();
        String cursor = null;
        do {
            ObjectNode vars = JSON.createObjectNode()
                    .put("entity", entity)
                    .put("project", project)
                    .put("cursor", cursor)
                    .put("perPage", 100);
            JsonNode p = gql("ProjectArtifactCollections", WandbQueries.PROJECT_ARTIFACT_COLLECTIONS, vars)
                    .path("project");
            JsonNode collections = p.path("artifactCollections");
            for (JsonNode c : collections.path("edges")) {
                out.add(c.path("node").path("name").asText());
            }
            JsonNode page = collections.path("pageInfo");
            cursor = page.path("hasNextPage").asBoolean()
                    ? page.path("endCursor").asText()
                    : null;
        } while (cursor != null);
        return out;
    }

    // ---------------------------------------------------------------- HTTP

    JsonNode gql(String operation, String query, ObjectNode variables) throws IOException {
        ObjectNode body = JSON.createObjectNode().put("query", query);
        body.set("variables", variables);
        Request req = new Request.Builder()
                .url(baseUrl + "/graphql")
                .header("Authorization", key.basicAuth())
                .post(RequestBody.create(JSON.writeValueAsBytes(body), JSON_TYPE))
                .build();
        byte[] answer = send(req, operation);
        JsonNode root = JSON.readTree(answer);
        JsonNode errors = root.path("errors");
        if (errors.isArray() && !errors.isEmpty()) {
            List<String> msgs = new ArrayList<>();
            errors.forEach(e -> msgs.add(e.path("message").asText()));
            throw new WandbException(200, key.scrub("W&B " + operation + " failed: " + String.join("; ", msgs)));
        }
        return root.path("data");
    }

    private byte[] get(String signedUrl) throws IOException {
        return send(new Request.Builder().url(signedUrl).get().build(), "download"); // signed: no W&B auth header
    }

    /**
     * Streams a signed URL into {@code file} (never whole in memory) and returns the MD5 of the whole file.
     * A download cut short resumes where it stopped (a Range request from the size already written), on
     * the next attempt and on the next get, since the partial file is kept.
     */
    private byte[] download(String signedUrl, Path file) throws IOException {
        IOException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            long have = Files.exists(file) ? Files.size(file) : 0;
            Request.Builder rb = new Request.Builder().url(signedUrl).get(); // signed: no W&B auth header
            if (have > 0) rb.header("Range", "bytes=" + have + "-");
            try (Response r = http.newCall(rb.build()).execute()) {
                if (r.code() == 416 && have > 0) return md5Of(file); // nothing left to fetch
                if (r.code() == 429 || r.code() >= 500) {
                    last = new WandbException(
                            r.code(),
                            "W&B's storage answered " + r.code() + " for a download after " + attempt + " attempts");
                    continue;
                }
                if (!r.isSuccessful() || r.body() == null)
                    throw new WandbException(r.code(), "W&B's storage answered " + r.code() + " for a download");
                boolean append = r.code() == 206; // a 200 is the whole file again
                long total = (append ? have : 0) + r.body().contentLength();
                String name = file.getFileName().toString().replaceAll("\\.part$", "");
                try (java.io.InputStream in = r.body().byteStream();
                        java.io.OutputStream out = append
                                ? Files.newOutputStream(file, java.nio.file.StandardOpenOption.APPEND)
                                : Files.newOutputStream(file)) {
                    byte[] buf = new byte[1 << 16];
                    long done = append ? have : 0;
                    for (int n; (n = in.read(buf)) > 0; ) {
                        out.write(buf, 0, n);
                        done += n;
                        progress.bytes("downloading", name, done, Math.max(total, done));
                    }
                }
                return md5Of(file);
            } catch (WandbException e) {
                throw e;
            } catch (IOException e) {
                last = new IOException("cannot download from W&B's storage: " + key.scrub(e.getMessage()), e);
            }
        }
        throw last;
    }

    private static byte[] md5Of(Path file) throws IOException {
        java.security.MessageDigest md5 = md5();
        try (java.io.InputStream in = new java.security.DigestInputStream(Files.newInputStream(file), md5)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return md5.digest();
    }

    private void put(String signedUrl, JsonNode headers, RequestBody content) throws IOException {
        Request.Builder b = new Request.Builder().url(signedUrl).put(content);
        for (JsonNode h : headers) {
            String s = h.asText();
            int colon = s.indexOf(':');
            if (colon > 0) {
                b.header(s.substring(0, colon).trim(), s.substring(colon + 1).trim());
            }
        }
        send(b.build(), "upload");
    }

    private byte[] send(Request req, String what) throws IOException {
        IOException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try (Response r = http.newCall(req).execute()) {
                int code = r.code();
                if (code == 401 || code == 403) {
                    throw new WandbException(
                            code,
                            "W&B refused the API key (" + code + ") for " + what + " at " + baseUrl
                                    + ": check your key: %wandb login");
                }
                if (code == 404) {
                    throw new WandbException(
                            code,
                            "W&B answered 404 Not Found for " + what + " at "
                                    + req.url().scheme() + "://" + req.url().host() + ":"
                                    + req.url().port() + req.url().encodedPath()
                                    + ": check WANDB_BASE_URL, entity '" + entity + "' and project '" + project + "'");
                }
                if (code == 429 || code >= 500) {
                    last = new WandbException(
                            code, "W&B answered " + code + " for " + what + " after " + attempt + " attempts");
                } else if (!r.isSuccessful()) {
                    throw new WandbException(code, "W&B answered " + code + " for " + what);
                } else {
                    return r.body() == null ? new byte[0] : r.body().bytes();
                }
            } catch (WandbException e) {
                throw e;
            } catch (IOException e) {
                last = new IOException(
                        "cannot reach W&B at " + baseUrl + " for " + what + ": " + key.scrub(e.getMessage()), e);
            }
            if (attempt < ATTEMPTS) {
                try {
                    Thread.sleep(backoff.toMillis() << (attempt - 1));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while retrying W&B " + what);
                }
            }
        }
        throw last;
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private static String randomId(int n) {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return sb.toString();
    }
}
