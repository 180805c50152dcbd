package org.hpckernel.cluster.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalGlobTest {

    @TempDir
    Path base;

    @Test
    void patternsMatchHereLikeAShellWithoutDotFiles() throws Exception {
        Files.createDirectories(base.resolve("data/run-1"));
        Files.createDirectories(base.resolve("data/run-2"));
        for (String f : List.of(
                "a.csv",
                "b.csv",
                ".hidden.csv",
                "c.txt",
                "data/run-1/m.json",
                "data/run-2/m.json",
                "data/run-2/n.txt")) {
            Files.writeString(base.resolve(f), f);
        }
        LocalGlob.Expanded csv = LocalGlob.expand(List.of("*.csv"), base);
        assertEquals(List.of(base.resolve("a.csv"), base.resolve("b.csv")), csv.paths());
        assertTrue(csv.intoFolder(), "a pattern means a set: the target is a folder");
        assertEquals(
                List.of(base.resolve("data/run-1/m.json"), base.resolve("data/run-2/m.json")),
                LocalGlob.expand(List.of("data/run-?/*.json"), base).paths());
        assertEquals(
                List.of(base.resolve(".hidden.csv")),
                LocalGlob.expand(List.of(".*.csv"), base).paths());
        assertEquals(
                List.of(base.resolve("a.csv")),
                LocalGlob.expand(List.of(base + "/a.*"), base).paths());
    }

    @Test
    void aTrailingSlashMeansTheFoldersContentsAndAPlainNameIsKept() throws Exception {
        Files.createDirectories(base.resolve("d"));
        Files.writeString(base.resolve("d/x"), "x");
        LocalGlob.Expanded contents = LocalGlob.expand(List.of("d/"), base);
        assertEquals(List.of(base.resolve("d/x")), contents.paths());
        assertTrue(contents.intoFolder());
        LocalGlob.Expanded plain = LocalGlob.expand(List.of("d", "missing.txt"), base);
        assertEquals(List.of(base.resolve("d"), base.resolve("missing.txt")), plain.paths());
        assertFalse(plain.intoFolder());
    }

    @Test
    void aPatternThatMatchesNothingIsAnError() {
        NoSuchFileException e =
                assertThrows(NoSuchFileException.class, () -> LocalGlob.expand(List.of("*.nope"), base));
        assertTrue(e.getReason().contains("nothing matches"), e.getReason());
    }
}
