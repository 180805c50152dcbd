package org.hpckernel.tracking;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileStoreTest {

    @TempDir
    Path tmp;

    private Path file(String name, String content) throws Exception {
        Path p = tmp.resolve("src").resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
        return p;
    }

    @Test
    void versionsCountUpAndLatestMoves() throws Exception {
        FileStore store = FileStore.local(tmp.resolve("store"));
        ArtifactVersion v0 = store.put("iris", "dataset", List.of(file("iris.csv", "a,b\n1,2\n")), List.of());
        ArtifactVersion v1 = store.put("iris", "dataset", List.of(file("iris.csv", "a,b\n1,3\n")), List.of("best"));
        assertEquals("iris:v0", v0.ref());
        assertEquals("iris:v1", v1.ref());
        assertEquals(List.of("latest", "best"), v1.aliases());
        assertEquals(1, store.resolve(ArtifactRef.parse("iris")).index());
        assertEquals(0, store.resolve(ArtifactRef.parse("iris:v0")).index());
        assertEquals(List.of(), store.resolve(ArtifactRef.parse("iris:v0")).aliases());
        assertEquals(List.of("iris"), store.names());
        assertEquals(2, store.versions("iris").size());
    }

    @Test
    void puttingUnchangedContentMakesNoNewVersionButAddsAliases() throws Exception {
        FileStore store = FileStore.local(tmp.resolve("store"));
        Path f = file("flow.py", "class MyFlowLogic: pass\n");
        store.put("flow", "code", List.of(f), List.of());
        store.put("flow", "code", List.of(f), List.of());
        ArtifactVersion again = store.put("flow", "code", List.of(f), List.of("prod"));
        assertEquals(0, again.index());
        assertEquals(1, store.versions("flow").size());
        assertEquals(
                List.of("latest", "prod"),
                store.resolve(ArtifactRef.parse("flow:prod")).aliases());
    }

    @Test
    void customAliasMovesToTheVersionItIsLastGivenTo() throws Exception {
        FileStore store = FileStore.local(tmp.resolve("store"));
        store.put("m", "model", List.of(file("w.bin", "1")), List.of("best"));
        store.put("m", "model", List.of(file("w.bin", "2")), List.of());
        assertEquals(0, store.resolve(ArtifactRef.parse("m:best")).index());
        store.put("m", "model", List.of(file("w.bin", "3")), List.of("best"));
        assertEquals(2, store.resolve(ArtifactRef.parse("m:best")).index());
    }

    @Test
    void downloadWritesFilesOfADirectoryAndChecksDigests() throws Exception {
        FileStore store = FileStore.local(tmp.resolve("store"));
        file("data/a.txt", "hello\n");
        file("data/sub/b.txt", "world\n");
        ArtifactVersion v = store.put("d", "dataset", List.of(tmp.resolve("src/data")), List.of());
        Path out = tmp.resolve("out");
        store.download(ArtifactRef.parse("d:latest"), out);
        assertEquals("world\n", Files.readString(out.resolve("sub/b.txt")));
        Files.writeString(tmp.resolve("store").resolve(FileStore.filesPath(v)).resolve("a.txt"), "tampered");
        var e = assertThrows(
                java.io.IOException.class, () -> store.download(ArtifactRef.parse("d:v0"), tmp.resolve("o2")));
        assertTrue(e.getMessage().contains("MD5"), e.getMessage());
    }

    @Test
    void missingNameOrAliasSaysWhatExists() throws Exception {
        FileStore store = FileStore.local(tmp.resolve("store"));
        var e1 = assertThrows(ArtifactNotFoundException.class, () -> store.resolve(ArtifactRef.parse("nope")));
        assertTrue(e1.getMessage().contains("no artifact named 'nope'"), e1.getMessage());
        store.put("x", "code", List.of(file("x.py", "1")), List.of());
        var e2 = assertThrows(ArtifactNotFoundException.class, () -> store.resolve(ArtifactRef.parse("x:v7")));
        assertTrue(e2.getMessage().contains("v0..v0"), e2.getMessage());
    }

    @Test
    void hostileNamesAndAliasesAreRefused() {
        FileStore store = FileStore.local(tmp.resolve("store"));
        assertThrows(IllegalArgumentException.class, () -> store.put("../etc", "code", List.of(), List.of()));
        assertThrows(IllegalArgumentException.class, () -> store.put("a;rm -rf ~", "code", List.of(), List.of()));
        assertThrows(IllegalArgumentException.class, () -> store.put("ok", "code", List.of(), List.of("$(id)")));
        assertThrows(IllegalArgumentException.class, () -> store.put("ok", "code", List.of(), List.of("v3")));
    }
}
