package org.hpckernel.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Every GraphQL operation the W&B store sends, against the official client's operation of the same name
 * (issue 12): operation name and type, variables with their types and defaults, the fields requested
 * (nested, by path), their arguments and directives. The official shapes are recorded under
 * resources/org/hpckernel/tracking/wandb-operations, one file an operation (SOURCES.md there names the
 * file, commit and lines of each); ours are read from WandbQueries with {@link GraphqlShape}.
 */
class WandbOperationsTest {

    /** Our operations: the constant of WandbQueries -> the operation name WandbStore sends it under. */
    private static final Map<String, String> OURS = new LinkedHashMap<>();

    static {
        OURS.put("VIEWER", "Viewer");
        OURS.put("UPSERT_BUCKET", "UpsertBucket");
        OURS.put("CREATE_ARTIFACT", "CreateArtifact");
        OURS.put("CREATE_ARTIFACT_MANIFEST", "CreateArtifactManifest");
        OURS.put("CREATE_ARTIFACT_FILES", "CreateArtifactFiles");
        OURS.put("COMPLETE_MULTIPART_UPLOAD_ARTIFACT", "CompleteMultipartUploadArtifact");
        OURS.put("COMMIT_ARTIFACT", "CommitArtifact");
        OURS.put("ARTIFACT_BY_ID", "ArtifactByID");
        OURS.put("ARTIFACT_MEMBERSHIP_BY_NAME", "ArtifactMembershipByName");
        OURS.put("FETCH_ARTIFACT_MANIFEST", "FetchArtifactManifest");
        OURS.put("GET_MEMBERSHIP_FILE_URLS", "GetArtifactMembershipFileUrls");
        OURS.put("PROJECT_ARTIFACTS", "ProjectArtifacts");
        OURS.put("PROJECT_ARTIFACT_COLLECTIONS", "ProjectArtifactCollections");
    }

    /**
     * The differences allowed, by operation: "- line" is in the official shape and not in ours, "+ line" in
     * ours and not in the official one. Each must still be a difference (a stale exception fails too).
     */
    private static final Map<String, Set<String>> ALLOWED = Map.of(
            // The official client sends ProjectArtifactCollections without $filters (and its argument) and
            // without totalCount to servers lacking ARTIFACT_COLLECTIONS_FILTERING_SORTING
            // (wandb/apis/public/artifacts.py:480-507, core/internal/wbapi/gqlcompat.go). Ours always sends that
            // reduced form, which every server takes: it neither filters nor counts, and knowing the server's
            // features would cost a ServerFeatures query first.
            "ProjectArtifactCollections",
            Set.of(
                    "- var $filters: JSONString",
                    "- arg project.artifactCollections filters=$filters",
                    "- field project.artifactCollections.totalCount",
                    "- directive project.artifactCollections.totalCount @include(if=true)"));

    @Test
    void everyOperationHasTheOfficialClientsShape() throws Exception {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, String> e : OURS.entrySet()) {
            String name = e.getValue();
            TreeSet<String> ours = GraphqlShape.of(constant(e.getKey()), name);
            TreeSet<String> official = recorded(name);
            TreeSet<String> diff = new TreeSet<>();
            official.stream().filter(l -> !ours.contains(l)).forEach(l -> diff.add("- " + l));
            ours.stream().filter(l -> !official.contains(l)).forEach(l -> diff.add("+ " + l));
            Set<String> allowed = ALLOWED.getOrDefault(name, Set.of());
            diff.stream()
                    .filter(d -> !allowed.contains(d))
                    .forEach(d -> problems.add(name + ": "
                            + (d.startsWith("-") ? "official has, ours lacks: " : "ours has, official lacks: ")
                            + d.substring(2)));
            allowed.stream()
                    .filter(a -> !diff.contains(a))
                    .forEach(a ->
                            problems.add(name + ": allowed difference no longer differs (drop it from ALLOWED): " + a));
        }
        assertTrue(
                problems.isEmpty(),
                problems.size() + " difference(s) from the official wandb client:\n" + String.join("\n", problems));
    }

    /** Every operation in WandbQueries is one of those compared, under the name it declares. */
    @Test
    void everyOperationOfWandbQueriesIsCompared() throws Exception {
        Map<String, String> found = new TreeMap<>();
        for (Field f : WandbQueries.class.getDeclaredFields()) {
            if (f.getType() != String.class || !Modifier.isStatic(f.getModifiers())) continue;
            f.setAccessible(true);
            String text = (String) f.get(null);
            if (!text.strip().matches("(?s)(query|mutation|subscription)\\b.*")) continue; // a piece of a selection
            Set<String> names = GraphqlShape.operationNames(text);
            assertEquals(1, names.size(), f.getName() + " should hold one operation, has " + names);
            found.put(f.getName(), names.iterator().next());
        }
        assertEquals(new TreeMap<>(OURS), found);
        assertEquals(
                ALLOWED.keySet().stream().filter(OURS::containsValue).toList().size(),
                ALLOWED.size(),
                "ALLOWED names an operation not compared");
    }

    /** WandbStore sends each operation under the name its text declares (the name FakeWandb dispatches on). */
    @Test
    void theStoreSendsEachOperationUnderItsName() throws IOException {
        String store = new String(
                        java.nio.file.Files.readAllBytes(
                                java.nio.file.Path.of("src/main/java/org/hpckernel/tracking/WandbStore.java")),
                        StandardCharsets.UTF_8)
                .replaceAll("\\s+", ""); // the formatter may break a call over lines
        for (Map.Entry<String, String> e : OURS.entrySet()) {
            String call = "gql(\"" + e.getValue() + "\",WandbQueries." + e.getKey();
            assertTrue(
                    store.contains(call),
                    "WandbStore does not send WandbQueries." + e.getKey() + " as " + e.getValue());
        }
    }

    /** The normalizer itself: comments, commas, layout and argument order do not count; fragments expand. */
    @Test
    void theNormalizerIgnoresLayoutAndExpandsFragments() {
        String a = """
                # a comment
                query Q($a: Int = 5, $b: [ID!]!) { x(k: {z: $a, y: "s"}, j: 1) { ...F  w:v @include(if: $c) } }
                fragment F on X { __typename ... on Y { n } }""";
        String b = "query Q($b:[ID!]! $a:Int=5){x(j:1 k:{y:\"s\" z:$a}){__typename w:v@include(if:$c) ...on Y{n}}}";
        assertEquals(GraphqlShape.of(a, "Q"), GraphqlShape.of(b, "Q"));
        assertEquals(
                new TreeSet<>(List.of(
                        "operation query Q",
                        "var $a: Int = 5",
                        "var $b: [ID!]!",
                        "field x",
                        "arg x j=1",
                        "arg x k={y:\"s\",z:$a}",
                        "field x.__typename",
                        "field x.w:v",
                        "directive x.w:v @include(if=$c)",
                        "field x....on Y",
                        "field x....on Y.n")),
                GraphqlShape.of(a, "Q"));
    }

    private static String constant(String field) throws ReflectiveOperationException {
        Field f = WandbQueries.class.getDeclaredField(field);
        f.setAccessible(true);
        return (String) f.get(null);
    }

    private static TreeSet<String> recorded(String operation) throws IOException {
        try (InputStream in = WandbOperationsTest.class.getResourceAsStream("wandb-operations/" + operation + ".txt")) {
            assertNotNull(in, "no recorded shape for " + operation);
            TreeSet<String> out = new TreeSet<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) out.add(line.strip());
            }
            if (out.stream().noneMatch(l -> l.startsWith("operation ")))
                fail("no operation line in " + operation + ".txt");
            return out;
        }
    }
}
