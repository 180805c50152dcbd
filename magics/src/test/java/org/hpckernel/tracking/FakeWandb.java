package org.hpckernel.tracking;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.Credentials;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;

/**
 * An in-process stand-in for W&B that dispatches on the GraphQL operation name (as wandb's own test
 * backend spy does) and answers in the shapes of the official client's generated response models,
 * with signed-URL PUT/GET paths for file bytes. It keeps artifacts in memory and dedups by digest.
 */
public final class FakeWandb extends Dispatcher {

    public static final String KEY = "local-0123456789abcdef0123456789abcdef01234567";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern OP = Pattern.compile("^(?:\\s+|#[^\\n]*(?:\\n|$))*(mutation|query)\\s+(\\w+)\\s*[({]");

    public final MockWebServer server = new MockWebServer();
    public final List<String> operations = new ArrayList<>();
    final Map<String, JsonNode> lastVariables = new HashMap<>();
    final Map<String, byte[]> blobs = new HashMap<>(); // "/store/<hex md5>" and manifests
    private final Map<String, String> contentMd5 = new HashMap<>();
    /** Multipart uploads go to storage that streams to disk; started on first use. */
    FakeMultipartStorage multipart;

    final java.util.Set<String> bigBlobs = new java.util.HashSet<>(); // hex md5 of blobs joined from parts
    private final Map<String, Object[]> uploadsInFlight =
            new HashMap<>(); // uploadID -> {hex, part count}   // blob -> the Content-MD5 its signed URL requires
    final AtomicInteger failNext = new AtomicInteger(); // answer 503 to the next N requests
    /** The next whole-file download is cut in the middle of its body (the connection drops). */
    final java.util.concurrent.atomic.AtomicBoolean cutNextDownload = new java.util.concurrent.atomic.AtomicBoolean();

    final List<String> ranges = new ArrayList<>();
    int uploads;
    /** Runs whose file stream said {"complete": true} (what marks a W&B run finished rather than crashed). */
    public final List<String> finishedRuns = new ArrayList<>();
    /** The largest CreateArtifactFiles batch seen. */
    int largestFileBatch;
    /** The W&B Go client sends at most 2,000 files per CreateArtifactFiles (core/pkg/artifacts/saver.go); more is refused here. */
    static final int MAX_FILES_PER_CALL = 2000;

    private final Map<String, Art> byId = new LinkedHashMap<>();
    private final Map<String, List<Art>> collections = new LinkedHashMap<>();
    private final Map<String, Map<String, Art>> aliases = new HashMap<>();
    private int ids;

    private static final class Art {
        String id, collection, type, digest, state = "PENDING", createdAt = "2026-11-22T12:00:00";
        int index;
        String manifestPath;
        List<String> pendingAliases = new ArrayList<>();
    }

    public Map<String, JsonNode> lastVariables() {
        return lastVariables;
    }

    public FakeWandb() {
        server.setDispatcher(this);
    }

    public String baseUrl() {
        return server.url("/").toString().replaceAll("/$", "");
    }

    @Override
    public synchronized MockResponse dispatch(RecordedRequest r) {
        try {
            if (failNext.get() > 0) {
                failNext.decrementAndGet();
                return new MockResponse().setResponseCode(503).setBody("upstream unavailable");
            }
            String path = r.getPath();
            if (path.startsWith("/signed/")) {
                String blob = path.substring("/signed".length()).replaceAll("\\?.*", "");
                if ("PUT".equals(r.getMethod())) {
                    if (!"application/octet-stream".equals(r.getHeader("X-Fake-Content-Type"))) {
                        return new MockResponse().setResponseCode(400).setBody("missing signed upload header");
                    }
                    if (r.getHeader("Authorization") != null) {
                        return new MockResponse().setResponseCode(400).setBody("signed URLs take no W&B auth");
                    }
                    byte[] bytes = r.getBody().readByteArray();
                    // storage signs the URL with the Content-MD5 it was given; a missing or different one is refused
                    String signedMd5 = contentMd5.get(blob);
                    if (signedMd5 != null && !signedMd5.equals(r.getHeader("Content-MD5"))) {
                        return new MockResponse().setResponseCode(403).setBody("SignatureDoesNotMatch: Content-MD5");
                    }
                    if (signedMd5 != null && !signedMd5.equals(Manifest.md5Base64(bytes))) {
                        return new MockResponse()
                                .setResponseCode(400)
                                .setBody("BadDigest: the Content-MD5 you specified did not match what we received");
                    }
                    blobs.put(blob, bytes);
                    uploads++;
                    return new MockResponse().setResponseCode(200);
                }
                byte[] b = blobs.get(blob);
                if (b == null) return new MockResponse().setResponseCode(404);
                String range = r.getHeader("Range");
                if (range != null) {
                    ranges.add(range);
                    int from = Integer.parseInt(range.replaceAll("bytes=(\\d+)-", "$1"));
                    if (from >= b.length) return new MockResponse().setResponseCode(416);
                    return new MockResponse()
                            .setResponseCode(206)
                            .setBody(new okio.Buffer().write(b, from, b.length - from));
                }
                MockResponse whole = new MockResponse().setBody(new okio.Buffer().write(b));
                if (blob.startsWith("/store/") && cutNextDownload.getAndSet(false))
                    whole.setSocketPolicy(okhttp3.mockwebserver.SocketPolicy.DISCONNECT_DURING_RESPONSE_BODY);
                return whole;
            }
            if (!path.equals("/graphql") && !path.matches("/files/[^/]+/[^/]+/[^/]+/file_stream")) {
                return new MockResponse().setResponseCode(404).setBody("not found");
            }
            if (!Credentials.basic("api", KEY).equals(r.getHeader("Authorization"))) {
                return new MockResponse()
                        .setResponseCode(401)
                        .setBody("{\"errors\":[{\"message\":\"user is not logged in\"}]}");
            }
            if (path.endsWith("/file_stream")) {
                JsonNode fs = JSON.readTree(r.getBody().readUtf8());
                if (fs.path("complete").asBoolean() && fs.path("exitcode").asInt(-1) == 0)
                    finishedRuns.add(path.split("/")[4]);
                return new MockResponse().setResponseCode(200).setBody("{}");
            }
            JsonNode body = JSON.readTree(r.getBody().readUtf8());
            Matcher m = OP.matcher(body.path("query").asText());
            if (!m.find()) {
                return new MockResponse().setResponseCode(400).setBody("no operation name");
            }
            String op = m.group(2);
            operations.add(op);
            JsonNode v = body.path("variables");
            lastVariables.put(op, v);
            ObjectNode data = JSON.createObjectNode();
            switch (op) {
                case "Viewer" ->
                    data.putObject("viewer")
                            .put("id", "VXNlcjox")
                            .put("entity", "lab")
                            .put("username", "ada")
                            .put("email", "ada@example.org");
                case "UpsertBucket" -> {
                    ObjectNode b =
                            data.putObject("upsertBucket").put("inserted", true).putObject("bucket");
                    b.put("id", "UnVuOjE=").put("name", v.path("name").asText());
                    b.putObject("project")
                            .put("id", "UHJvamVjdDox")
                            .put("name", v.path("project").asText())
                            .putObject("entity")
                            .put("id", "RW50aXR5OjE=")
                            .put("name", v.path("entity").asText());
                }
                case "CreateArtifact" -> createArtifact(v.path("input"), data);
                case "CreateArtifactManifest" -> {
                    Art a = byId.get(v.path("artifactID").asText());
                    ObjectNode am = data.putObject("createArtifactManifest").putObject("artifactManifest");
                    am.put("id", "QXJ0aWZhY3RNYW5pZmVzdDo" + a.id);
                    ObjectNode f = am.putObject("file").put("id", "RmlsZTo" + a.id);
                    if (v.path("includeUpload").asBoolean()) {
                        a.manifestPath = "/manifest/" + a.id;
                        f.put("uploadUrl", baseUrl() + "/signed" + a.manifestPath + "?sig=abc");
                        // the URL is signed with the digest given: the base64 MD5 of the manifest file, as the official
                        // client sends it
                        contentMd5.put(a.manifestPath, v.path("digest").asText());
                        f.putArray("uploadHeaders")
                                .add("X-Fake-Content-Type:application/octet-stream")
                                .add("Content-MD5:" + v.path("digest").asText());
                    }
                }
                case "CreateArtifactFiles" -> {
                    if (v.path("artifactFiles").size() > MAX_FILES_PER_CALL) {
                        return new MockResponse()
                                .setResponseCode(400)
                                .setBody("{\"errors\":[{\"message\":\"too many files in one request\"}]}");
                    }
                    largestFileBatch =
                            Math.max(largestFileBatch, v.path("artifactFiles").size());
                    ArrayNode edges = data.putObject("createArtifactFiles")
                            .putObject("files")
                            .putArray("edges");
                    for (JsonNode spec : v.path("artifactFiles")) {
                        String hex = Manifest.base64ToHex(spec.path("md5").asText());
                        ObjectNode node = edges.addObject().putObject("node");
                        node.put("storagePath", "wandb_artifacts/" + hex);
                        if (spec.has("uploadPartsInput") && !bigBlobs.contains(hex)) {
                            if (multipart == null) multipart = new FakeMultipartStorage();
                            String uploadId = "up" + (++ids);
                            uploadsInFlight.put(uploadId, new Object[] {
                                hex, spec.path("uploadPartsInput").size()
                            });
                            node.putNull("uploadUrl");
                            node.putArray("uploadHeaders");
                            ObjectNode mu =
                                    node.putObject("uploadMultipartUrls").put("uploadID", uploadId);
                            ArrayNode parts = mu.putArray("uploadUrlParts");
                            for (JsonNode part : spec.path("uploadPartsInput"))
                                parts.addObject()
                                        .put(
                                                "partNumber",
                                                part.path("partNumber").asInt())
                                        .put(
                                                "uploadUrl",
                                                multipart.partUrl(
                                                        uploadId,
                                                        part.path("partNumber").asInt()));
                            node.putObject("artifact")
                                    .put("id", spec.path("artifactID").asText());
                            continue;
                        }
                        if (blobs.containsKey("/store/" + hex) || bigBlobs.contains(hex)) {
                            node.putNull("uploadUrl"); // dedup: the server already has these bytes
                            node.putArray("uploadHeaders");
                        } else {
                            node.put("uploadUrl", baseUrl() + "/signed/store/" + hex + "?sig=abc");
                            contentMd5.put("/store/" + hex, spec.path("md5").asText());
                            node.putArray("uploadHeaders")
                                    .add("X-Fake-Content-Type:application/octet-stream")
                                    .add("Content-MD5:" + spec.path("md5").asText());
                        }
                        node.putNull("uploadMultipartUrls");
                        node.putObject("artifact")
                                .put("id", spec.path("artifactID").asText());
                    }
                }
                case "CompleteMultipartUploadArtifact" -> {
                    Object[] up = uploadsInFlight.remove(v.path("uploadID").asText());
                    if (up == null)
                        return error("unknown upload " + v.path("uploadID").asText());
                    List<Integer> numbers = new ArrayList<>();
                    List<String> etags = new ArrayList<>();
                    v.path("completedParts").forEach(p -> {
                        numbers.add(p.path("partNumber").asInt());
                        etags.add(p.path("hexMD5").asText());
                    });
                    if (!"Complete".equals(v.path("completeMultipartAction").asText()))
                        return error("completeMultipartAction must be Complete");
                    String refused = multipart.complete(
                            v.path("uploadID").asText(), (Integer) up[1], numbers, etags, (String) up[0]);
                    if (refused != null) return error(refused);
                    bigBlobs.add((String) up[0]);
                    data.putObject("completeMultipartUploadArtifact").put("digest", (String) up[0]);
                }
                case "CommitArtifact" -> {
                    Art a = byId.get(v.path("artifactID").asText());
                    if (a.manifestPath == null || !blobs.containsKey(a.manifestPath)) {
                        return error("manifest not uploaded");
                    }
                    a.state = "COMMITTED";
                    List<Art> versions = collections.computeIfAbsent(a.collection, k -> new ArrayList<>());
                    a.index = versions.size();
                    versions.add(a);
                    Map<String, Art> al = aliases.computeIfAbsent(a.collection, k -> new HashMap<>());
                    a.pendingAliases.forEach(x -> al.put(x, a));
                    data.putObject("commitArtifact")
                            .putObject("artifact")
                            .put("id", a.id)
                            .put("digest", a.digest);
                }
                case "ArtifactByID" -> {
                    Art a = byId.get(v.path("id").asText());
                    if (a == null) {
                        data.putNull("artifact");
                    } else {
                        data.set("artifact", artifact(a));
                    }
                }
                case "ArtifactMembershipByName" -> {
                    String[] nameAlias = v.path("name").asText().split(":", 2);
                    Art a = lookup(nameAlias[0], nameAlias[1]);
                    if (!v.path("project").asText().equals("hpo")) {
                        data.putNull("project");
                        break;
                    }
                    ObjectNode p = data.putObject("project");
                    if (a == null) {
                        p.putNull("artifactCollectionMembership");
                    } else {
                        ObjectNode mem = p.putObject("artifactCollectionMembership");
                        mem.put("__typename", "ArtifactCollectionMembership")
                                .put("id", "QXJ0aWZhY3RDb2xsZWN0aW9uTWVtYmVyc2hpcDo" + a.id)
                                .put("versionIndex", a.index);
                        ArrayNode al = mem.putArray("aliases");
                        aliasesOf(a)
                                .forEach(x -> al.addObject()
                                        .put("__typename", "ArtifactAlias")
                                        .put("id", "QWxpYXM6" + x)
                                        .put("alias", x));
                        mem.putObject("artifactCollection")
                                .put("__typename", "ArtifactSequence")
                                .put("name", a.collection);
                        mem.set("artifact", artifact(a));
                    }
                }
                case "FetchArtifactManifest" -> {
                    Art a = byId.get(v.path("id").asText());
                    data.putObject("artifact")
                            .putObject("currentManifest")
                            .putObject("file")
                            .put("directUrl", baseUrl() + "/signed" + a.manifestPath + "?sig=dl");
                }
                case "GetArtifactMembershipFileUrls" -> {
                    Art a = lookup(
                            v.path("collection").asText(), v.path("alias").asText());
                    com.fasterxml.jackson.databind.JsonNode manifest = JSON.readTree(blobs.get(a.manifestPath));
                    List<String> names = new ArrayList<>();
                    manifest.path("contents").fieldNames().forEachRemaining(names::add);
                    int from = v.path("cursor").isNull() || v.path("cursor").isMissingNode()
                            ? 0
                            : Integer.parseInt(v.path("cursor").asText());
                    int per = 1; // one file a page: exercises paging
                    ObjectNode files = data.putObject("project")
                            .put("__typename", "Project")
                            .putObject("artifactCollection")
                            .put("__typename", "ArtifactSequence")
                            .putObject("artifactMembership")
                            .putObject("files");
                    boolean more = from + per < names.size();
                    files.putObject("pageInfo")
                            .put("__typename", "PageInfo")
                            .put("endCursor", String.valueOf(from + per))
                            .put("hasNextPage", more);
                    ArrayNode edges = files.putArray("edges");
                    for (int i = from; i < Math.min(names.size(), from + per); i++) {
                        String hex = Manifest.base64ToHex(manifest.path("contents")
                                .path(names.get(i))
                                .path("digest")
                                .asText());
                        edges.addObject()
                                .putObject("node")
                                .put("__typename", "File")
                                .put("name", names.get(i))
                                .put(
                                        "directUrl",
                                        bigBlobs.contains(hex)
                                                ? multipart.blobUrl(hex)
                                                : baseUrl() + "/signed/store/" + hex + "?sig=dl");
                    }
                }
                case "ProjectArtifacts" -> {
                    List<Art> versions =
                            collections.getOrDefault(v.path("collection").asText(), List.of());
                    ObjectNode arts = data.putObject("project")
                            .putObject("artifactType")
                            .putObject("artifactCollection")
                            .put("__typename", "ArtifactSequence")
                            .putObject("artifacts");
                    arts.put("totalCount", versions.size());
                    arts.putObject("pageInfo")
                            .put("__typename", "PageInfo")
                            .putNull("endCursor")
                            .put("hasNextPage", false);
                    ArrayNode edges = arts.putArray("edges");
                    for (int i = versions.size() - 1; i >= 0; i--) { // newest first, like the server's default order
                        edges.addObject().put("version", "v" + i).set("node", artifact(versions.get(i)));
                    }
                }
                case "ProjectArtifactCollections" -> { // every collection on one page
                    ObjectNode conn = data.putObject("project").putObject("artifactCollections");
                    conn.putObject("pageInfo")
                            .put("__typename", "PageInfo")
                            .putNull("endCursor")
                            .put("hasNextPage", false);
                    ArrayNode edges = conn.putArray("edges");
                    collections.forEach((c, vs) -> edges.addObject()
                            .putObject("node")
                            .put("__typename", "ArtifactSequence")
                            .put("name", c)
                            .putObject("type")
                            .put("name", vs.get(0).type));
                }
                default -> {
                    return error("Cannot query field for operation " + op);
                }
            }
            return new MockResponse()
                    .setHeader("Content-Type", "application/json")
                    .setBody(JSON.writeValueAsString(JSON.createObjectNode().set("data", data)));
        } catch (Exception e) {
            return new MockResponse().setResponseCode(500).setBody(String.valueOf(e));
        }
    }

    private void createArtifact(JsonNode in, ObjectNode data) {
        String collection = in.path("artifactCollectionName").asText();
        Art existing = collections.getOrDefault(collection, List.of()).stream()
                .filter(a -> a.digest.equals(in.path("digest").asText()))
                .findFirst()
                .orElse(null);
        Art a;
        if (existing != null) {
            a = existing;
            for (JsonNode al : in.path("aliases")) {
                aliases.get(collection).put(al.path("alias").asText(), a);
            }
        } else {
            a = new Art();
            a.id = Base64.getEncoder().encodeToString(("Artifact:" + (++ids)).getBytes());
            a.collection = collection;
            a.type = in.path("artifactTypeName").asText();
            a.digest = in.path("digest").asText();
            in.path("aliases").forEach(x -> a.pendingAliases.add(x.path("alias").asText()));
            byId.put(a.id, a);
        }
        ObjectNode art = data.putObject("createArtifact").putObject("artifact");
        art.put("id", a.id).put("state", a.state);
        List<Art> versions = collections.getOrDefault(collection, List.of());
        ObjectNode seq = art.putObject("artifactSequence");
        if (versions.isEmpty()) {
            seq.putNull("latestArtifact");
        } else {
            seq.putObject("latestArtifact").put("id", versions.get(versions.size() - 1).id);
        }
    }

    private Art lookup(String collection, String alias) {
        List<Art> versions = collections.getOrDefault(collection, List.of());
        if (alias.matches("v\\d+")) {
            int i = Integer.parseInt(alias.substring(1));
            return i < versions.size() ? versions.get(i) : null;
        }
        return aliases.getOrDefault(collection, Map.of()).get(alias);
    }

    private List<String> aliasesOf(Art a) {
        List<String> out = new ArrayList<>();
        out.add("v" + a.index);
        aliases.getOrDefault(a.collection, Map.of()).forEach((k, x) -> {
            if (x == a) {
                out.add(k);
            }
        });
        return out;
    }

    private ObjectNode artifact(Art a) {
        ObjectNode n = JSON.createObjectNode();
        n.put("__typename", "Artifact").put("id", a.id).put("versionIndex", a.index);
        n.putObject("artifactType").put("name", a.type);
        n.put("digest", a.digest).put("state", a.state).put("createdAt", a.createdAt);
        ArrayNode al = n.putArray("aliases");
        aliasesOf(a).forEach(x -> {
            ObjectNode o = al.addObject();
            o.put("__typename", "ArtifactAlias").put("id", "QWxpYXM6" + x).put("alias", x);
            o.putObject("artifactCollection")
                    .put("__typename", "ArtifactSequence")
                    .put("name", a.collection);
        });
        return n;
    }

    private static MockResponse error(String message) {
        return new MockResponse()
                .setHeader("Content-Type", "application/json")
                .setBody("{\"errors\":[{\"message\":\"" + message + "\",\"path\":[]}],\"data\":null}");
    }
}
