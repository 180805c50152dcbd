package org.hpckernel.cluster.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DotEnvTest {

    @Test
    void quotedValuesKeepSpacesHashesAndEscapesAndDropTrailingComments(@TempDir Path dir) throws Exception {
        Files.writeString(
                dir.resolve(".env"),
                String.join(
                        "\n",
                        "RESOURCE_GROUP=gx12 # my group",
                        "WANDB_APIKEY=\"k3y with # and \\\"quote\\\"\"  # trailing comment",
                        "SINGLE='$(not run) `nor this` \\n'",
                        "export\tTABBED=yes",
                        "URL=https://example.org/a#frag",
                        "  INDENTED = spaced  ",
                        "not an assignment",
                        "1BAD=skipped",
                        ""));
        var env = DotEnv.read(dir);
        assertEquals("gx12", env.get("RESOURCE_GROUP"));
        assertEquals("k3y with # and \"quote\"", env.get("WANDB_APIKEY"));
        assertEquals("$(not run) `nor this` \\n", env.get("SINGLE"));
        assertEquals("yes", env.get("TABBED"));
        assertEquals("https://example.org/a#frag", env.get("URL"));
        assertEquals("spaced", env.get("INDENTED"));
        assertEquals(
                List.of("RESOURCE_GROUP", "WANDB_APIKEY", "SINGLE", "TABBED", "URL", "INDENTED"),
                List.copyOf(env.keySet()));
    }

    @Test
    void printingTheValuesShowsNamesButNeverASecret(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve(".env"), "WANDB_APIKEY=0123456789abcdef\nRESOURCE_GROUP=gx12\n");
        var env = DotEnv.read(dir);
        assertEquals(".env{WANDB_APIKEY=***, RESOURCE_GROUP=***}", env.toString());
        assertFalse(String.valueOf(env).contains("0123456789abcdef"));
        assertThrows(UnsupportedOperationException.class, () -> env.put("X", "y"));
    }

    @Test
    void aFolderWithoutDotEnvGivesNothing(@TempDir Path dir) throws Exception {
        assertTrue(DotEnv.read(dir.resolve("nowhere")).isEmpty());
    }
}
