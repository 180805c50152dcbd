package org.hpckernel.tracking;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** WandbStore against an in-process server shaped on the official client's models (no live W&B here). */
class WandbStoreTest {

    @TempDir
    Path tmp;

    FakeWandb fake;

    @BeforeEach
    void start() throws IOException {
        fake = new FakeWandb();
        fake.server.start();
    }

    @AfterEach
    void stop() throws IOException {
        fake.server.shutdown();
    }

    private WandbStore store(String key) {
        return new WandbStore(
                fake.baseUrl(),
                "lab",
                "hpo",
                WandbKey.of(key, "test"),
                new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(20)).build(),
                Duration.ofMillis(5));
    }

    private Path dataset(String content) throws IOException {
        Path d = tmp.resolve("src-" + content.hashCode());
        Files.createDirectories(d.resolve("sub"));
        Files.writeString(d.resolve("iris.csv"), content);
        Files.writeString(d.resolve("sub/README"), "iris\n");
        return d;
    }

    @Test
    void putFollowsTheOfficialClientsOrderAndCommits() throws Exception {
        ArtifactVersion v =
                store(FakeWandb.KEY).put("iris", "dataset", List.of(dataset("a,b\n1,2\n")), List.of("best"));
        assertEquals("iris:v0", v.ref());
        assertEquals(Set.of("latest", "best"), new HashSet<>(v.aliases()));
        assertEquals(
                List.of(
                        "UpsertBucket",
                        "CreateArtifact",
                        "CreateArtifactManifest",
                        "CreateArtifactFiles",
                        "CreateArtifactManifest",
                        "CommitArtifact",
                        "ArtifactByID"),
                fake.operations);
        var input = fake.lastVariables.get("CreateArtifact").path("input");
        assertEquals("MANIFEST_MD5", input.path("digestAlgorithm").asText());
        assertEquals(v.digest(), input.path("digest").asText());
        assertEquals("dataset", input.path("artifactTypeName").asText());
        assertEquals(
                2,
                fake.lastVariables
                        .get("CreateArtifactFiles")
                        .path("artifactFiles")
                        .size());
        assertEquals(
                "V2",
                fake.lastVariables
                        .get("CreateArtifactFiles")
                        .path("storageLayout")
                        .asText());
        assertEquals(3, fake.uploads, "two files and the manifest went to signed URLs");
        assertTrue(new String(fake.blobs.get("/manifest/"
                        + v.manifest().contents().values().iterator().next().birthArtifactId()))
                .contains("\"storagePolicy\" : \"wandb-storage-policy-v1\""));
    }

    @Test
    void asTheOfficialClientLatestIsSentOnceTheManifestDigestIsItsBytesMd5AndTheRunEndsFinished() throws Exception {
        ArtifactVersion v =
                store(FakeWandb.KEY).put("iris", "dataset", List.of(dataset("a,b\n1,2\n")), List.of("latest", "best"));
        List<String> sent = new java.util.ArrayList<>();
        fake.lastVariables
                .get("CreateArtifact")
                .path("input")
                .path("aliases")
                .forEach(a -> sent.add(a.path("alias").asText()));
        assertEquals(List.of("latest", "best"), sent, "_resolve_aliases: latest once");
        String manifestPath = "/manifest/"
                + v.manifest().contents().values().iterator().next().birthArtifactId();
        // artifact_saver.py / saver.go: the second CreateArtifactManifest carries base64(md5(manifest file bytes)),
        // and the storage URL is signed with it as Content-MD5 (FakeWandb refuses any other)
        assertEquals(
                Manifest.md5Base64(fake.blobs.get(manifestPath)),
                fake.lastVariables.get("CreateArtifactManifest").path("digest").asText());
        assertEquals(
                1, fake.finishedRuns.size(), "the run that logged the artifact is finished, not left to look crashed");
    }

    @Test
    void everyFileReportsItsBytesUpAndDown() throws Exception {
        String content = "x,y\n" + "1,2\n".repeat(100_000);
        java.util.Map<String, long[]> last = new java.util.concurrent.ConcurrentHashMap<>();
        WandbStore s = store(FakeWandb.KEY)
                .withProgress((action, file, done, total) -> last.put(action + " " + file, new long[] {done, total}));
        s.put("big", "dataset", List.of(dataset(content)), List.of());
        s.download(ArtifactRef.parse("big:v0"), tmp.resolve("back"));
        long size = content.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        assertArrayEquals(new long[] {size, size}, last.get("uploading iris.csv"));
        assertArrayEquals(new long[] {size, size}, last.get("downloading iris.csv"));
    }

    @Test
    void aDownloadCutShortResumesWithARangeRequest() throws Exception {
        String content = "x,y\n" + "1,2\n".repeat(50_000);
        store(FakeWandb.KEY).put("big", "dataset", List.of(dataset(content)), List.of());
        fake.cutNextDownload.set(true);
        Path back = tmp.resolve("back");
        store(FakeWandb.KEY).download(ArtifactRef.parse("big:v0"), back);
        assertEquals(content, Files.readString(back.resolve("iris.csv")));
        assertEquals(1, fake.ranges.size(), "the second request asked only for what was missing: " + fake.ranges);
        assertFalse(fake.ranges.get(0).equals("bytes=0-"), fake.ranges.toString());
        assertFalse(Files.exists(back.resolve("iris.csv.part")));
    }

    @Test
    void filesAreDeclaredInBatchesOfTheOfficialClientsSize() throws Exception {
        Path d = Files.createDirectories(tmp.resolve("many"));
        for (int i = 0; i <= WandbStore.FILES_PER_BATCH; i++)
            Files.writeString(d.resolve("f" + i + ".txt"), "same bytes\n");
        ArtifactVersion v = store(FakeWandb.KEY).put("many", "dataset", List.of(d), List.of());
        assertEquals(WandbStore.FILES_PER_BATCH + 1, v.manifest().contents().size());
        assertEquals(
                2,
                fake.operations.stream().filter("CreateArtifactFiles"::equals).count());
        assertEquals(WandbStore.FILES_PER_BATCH, fake.largestFileBatch);
    }

    @Test
    void unchangedContentMakesNoNewVersionAndKnownBytesAreNotUploadedAgain() throws Exception {
        WandbStore s = store(FakeWandb.KEY);
        s.put("iris", "dataset", List.of(dataset("a,b\n1,2\n")), List.of());
        ArtifactVersion again = s.put("iris", "dataset", List.of(dataset("a,b\n1,2\n")), List.of());
        assertEquals(0, again.index());
        int uploads = fake.uploads;
        ArtifactVersion v1 = s.put("iris", "dataset", List.of(dataset("a,b\n1,3\n")), List.of());
        assertEquals(1, v1.index());
        assertEquals(uploads + 2, fake.uploads, "only the changed csv and the manifest; sub/README was deduplicated");
        assertEquals(1, s.resolve(ArtifactRef.parse("iris:latest")).index());
    }

    @Test
    void resolveDownloadAndListVersions() throws Exception {
        WandbStore s = store(FakeWandb.KEY);
        s.put("iris", "dataset", List.of(dataset("a,b\n1,2\n")), List.of("first"));
        s.put("iris", "dataset", List.of(dataset("a,b\n9,9\n")), List.of());
        ArtifactVersion first = s.resolve(ArtifactRef.parse("iris:first"));
        assertEquals(0, first.index());
        assertEquals(
                Set.of("iris.csv", "sub/README"), first.manifest().contents().keySet());
        Path out = tmp.resolve("out");
        s.download(ArtifactRef.parse("iris:v0"), out);
        assertEquals("a,b\n1,2\n", Files.readString(out.resolve("iris.csv")));
        assertEquals("iris\n", Files.readString(out.resolve("sub/README")));
        assertTrue(
                fake.operations.stream()
                                .filter("GetArtifactMembershipFileUrls"::equals)
                                .count()
                        >= 2,
                "paged file URLs");
        List<ArtifactVersion> versions = s.versions("iris");
        assertEquals(
                List.of(0, 1), versions.stream().map(ArtifactVersion::index).toList());
        assertEquals(List.of("iris"), s.names());
    }

    @Test
    void downloadRefusesBytesThatDoNotMatchTheManifest() throws Exception {
        WandbStore s = store(FakeWandb.KEY);
        ArtifactVersion v = s.put("iris", "dataset", List.of(dataset("a,b\n1,2\n")), List.of());
        String hex =
                Manifest.base64ToHex(v.manifest().contents().get("iris.csv").digest());
        fake.blobs.put("/store/" + hex, "evil".getBytes());
        IOException e =
                assertThrows(IOException.class, () -> s.download(ArtifactRef.parse("iris:v0"), tmp.resolve("o")));
        assertTrue(e.getMessage().contains("MD5"), e.getMessage());
    }

    @Test
    void unknownAliasAndUnknownProjectAreNotFound() throws Exception {
        WandbStore s = store(FakeWandb.KEY);
        s.put("iris", "dataset", List.of(dataset("x")), List.of());
        var e = assertThrows(ArtifactNotFoundException.class, () -> s.resolve(ArtifactRef.parse("iris:nope")));
        assertTrue(e.getMessage().contains("iris:nope"), e.getMessage());
        WandbStore other = new WandbStore(
                fake.baseUrl(),
                "lab",
                "elsewhere",
                WandbKey.of(FakeWandb.KEY, "t"),
                new OkHttpClient(),
                Duration.ofMillis(1));
        var e2 = assertThrows(ArtifactNotFoundException.class, () -> other.resolve(ArtifactRef.parse("iris")));
        assertTrue(e2.getMessage().contains("lab/elsewhere not found"), e2.getMessage());
    }

    @Test
    void wrongKeyGets401WithAHintAndTheKeyNeverAppears() {
        String badKey = "local-ffffffffffffffffffffffffffffffffffffffff";
        WandbStore s = store(badKey);
        WandbException e = assertThrows(WandbException.class, () -> s.resolve(ArtifactRef.parse("iris")));
        assertEquals(401, e.status());
        assertTrue(e.getMessage().contains("%wandb login"), e.getMessage());
        assertFalse(e.getMessage().contains(badKey));
        assertFalse(s.toString().contains(badKey));
        assertFalse(WandbKey.of(badKey, "test").toString().contains(badKey));
        assertFalse(s.describe().contains(badKey));
    }

    @Test
    void wrongBaseUrlPathGives404WithAHint() {
        WandbStore s = new WandbStore(
                fake.baseUrl() + "/nowhere",
                "lab",
                "hpo",
                WandbKey.of(FakeWandb.KEY, "t"),
                new OkHttpClient(),
                Duration.ofMillis(1));
        WandbException e = assertThrows(WandbException.class, () -> s.names());
        assertEquals(404, e.status());
        assertTrue(e.getMessage().contains("WANDB_BASE_URL"), e.getMessage());
    }

    @Test
    void serverErrorsAreRetriedWithBackoffThenSucceed() throws Exception {
        WandbStore s = store(FakeWandb.KEY);
        s.put("iris", "dataset", List.of(dataset("x")), List.of());
        int before = fake.server.getRequestCount();
        fake.failNext.set(3);
        assertEquals(0, s.resolve(ArtifactRef.parse("iris")).index());
        assertEquals(
                before + 3 + 3,
                fake.server.getRequestCount(),
                "3 failed tries, then the membership query, the manifest query and the manifest GET");
    }

    @Test
    void persistentServerErrorsGiveUpWithTheStatus() {
        WandbStore s = store(FakeWandb.KEY);
        fake.failNext.set(100);
        WandbException e = assertThrows(WandbException.class, () -> s.names());
        assertEquals(503, e.status());
        assertTrue(e.getMessage().contains("after 5 attempts"), e.getMessage());
    }

    @Test
    void graphqlErrorsSurfaceTheirMessage() {
        WandbStore s = store(FakeWandb.KEY);
        WandbException e = assertThrows(
                WandbException.class,
                () -> s.gql(
                        "NoSuchOp",
                        "query NoSuchOp { x }",
                        new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode()));
        assertTrue(e.getMessage().contains("Cannot query field"), e.getMessage());
    }
}
