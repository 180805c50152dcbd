package org.hpckernel.cluster.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.hpckernel.cluster.local.LocalTransport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where each file lands, rsync -r style, both ways. */
class PlanTest {

    @TempDir
    Path dir;

    private Path tree() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data/sub"));
        Files.writeString(dir.resolve("data/a.txt"), "a");
        Files.writeString(data.resolve("b.txt"), "bb");
        Files.writeString(dir.resolve("one.txt"), "1");
        return dir.resolve("data");
    }

    private static List<String> remotes(List<Plan.Item> items) {
        return items.stream().map(Plan.Item::remote).toList();
    }

    @Test
    void oneFileTakesTheTargetNameUnlessTheTargetIsAFolder() throws Exception {
        tree();
        assertEquals(List.of("/r/new.txt"), remotes(Plan.put(List.of(dir.resolve("one.txt")), "/r/new.txt", false)));
        assertEquals(
                List.of("/r/new.txt/one.txt"), remotes(Plan.put(List.of(dir.resolve("one.txt")), "/r/new.txt", true)));
        assertEquals(List.of("/r/one.txt"), remotes(Plan.put(List.of(dir.resolve("one.txt")), "/r/", false)));
        assertEquals(List.of("/one.txt"), remotes(Plan.put(List.of(dir.resolve("one.txt")), "/", true)));
    }

    @Test
    void aFolderArrivesUnderItsNameAndSeveralSourcesGoIntoTheTarget() throws Exception {
        Path data = tree();
        assertEquals(List.of("/r/data/a.txt", "/r/data/sub/b.txt"), remotes(Plan.put(List.of(data), "/r", false)));
        assertEquals(
                List.of("/r/data/a.txt", "/r/data/sub/b.txt", "/r/one.txt"),
                remotes(Plan.put(List.of(data, dir.resolve("one.txt")), "/r", false)));
        assertEquals(2, Plan.put(List.of(data), "/r", false).get(1).source().size());
    }

    @Test
    void aMissingSourceIsNamed() {
        NoSuchFileException e =
                assertThrows(NoSuchFileException.class, () -> Plan.put(List.of(dir.resolve("nope")), "/r", false));
        assertEquals(dir.resolve("nope").toString(), e.getFile());
    }

    @Test
    void aGetMirrorsThePutAndAFoldersContentsLandDirectly() throws Exception {
        Path data = tree();
        LocalTransport t = new LocalTransport();
        Path into = Files.createDirectories(dir.resolve("into"));
        var whole =
                Plan.get(List.of(new Plan.RemoteSource(t.stat(data.toString()).orElseThrow(), false)), into, false, t);
        assertEquals(
                List.of(into.resolve("data/a.txt"), into.resolve("data/sub/b.txt")),
                whole.stream().map(Plan.Item::local).toList());
        var contents = Plan.get(List.of(new Plan.RemoteSource(t.stat(data + "/").orElseThrow(), true)), into, false, t);
        assertEquals(
                List.of(into.resolve("a.txt"), into.resolve("sub/b.txt")),
                contents.stream().map(Plan.Item::local).toList());
        var renamed = Plan.get(
                List.of(new Plan.RemoteSource(t.stat(dir + "/one.txt").orElseThrow(), false)),
                dir.resolve("new.txt"),
                false,
                t);
        assertEquals(
                List.of(dir.resolve("new.txt")),
                renamed.stream().map(Plan.Item::local).toList());
    }
}
