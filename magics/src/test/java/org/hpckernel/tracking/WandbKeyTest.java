package org.hpckernel.tracking;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WandbKeyTest {

    static final String K = "local-abcdefabcdefabcdefabcdefabcdefabcdefabcd";

    @Test
    void environmentWinsThenHpcOpsVariableThenDotEnvThenNetrc(@TempDir Path dir) throws Exception {
        Path home = dir.resolve("home");
        Files.createDirectories(home);
        assertEquals(
                "WANDB_API_KEY",
                WandbKey.find(Map.of("WANDB_API_KEY", K, "WANDB_APIKEY", "x"), dir, home)
                        .orElseThrow()
                        .source());
        assertEquals(
                "WANDB_APIKEY",
                WandbKey.find(Map.of("WANDB_APIKEY", K), dir, home)
                        .orElseThrow()
                        .source());
        Files.writeString(dir.resolve(".env"), "FOO=1\nexport WANDB_APIKEY=\"" + K + "\"\n");
        assertEquals(".env", WandbKey.find(Map.of(), dir, home).orElseThrow().source());
        Files.delete(dir.resolve(".env"));
        assertTrue(WandbKey.find(Map.of(), dir, home).isEmpty());
        Files.writeString(
                home.resolve(".netrc"),
                "machine other.host login u password nope\nmachine api.wandb.ai\n  login user\n  password " + K + "\n");
        WandbKey k = WandbKey.find(Map.of(), dir, home).orElseThrow();
        assertTrue(k.basicAuth().startsWith("Basic "));
        assertTrue(
                WandbKey.find(Map.of("WANDB_BASE_URL", "https://wandb.example.org"), dir, home)
                        .isEmpty(),
                "netrc is read for the base URL's host only");
    }

    @Test
    void theKeyNeverAppearsInToStringOrScrubbedText() {
        WandbKey k = WandbKey.of(K, "prompt");
        assertFalse(k.toString().contains(K));
        assertFalse(String.valueOf(k).contains("abcdef"));
        assertEquals("error for ****", k.scrub("error for " + K));
        String header = okhttp3.Credentials.basic("api", K).substring("Basic ".length());
        assertEquals("echo Basic ****", k.scrub("echo Basic " + header));
        assertEquals(
                "auth=**** and ****",
                k.scrub("auth=" + header.replaceAll("=+$", "") + " and "
                        + java.net.URLEncoder.encode(K, java.nio.charset.StandardCharsets.UTF_8)));
        assertEquals("x ****", k.scrub("x " + header));
    }

    @Test
    void netrcIsLookedUpByHostAndPortAsTheClientWritesIt(@TempDir Path dir) throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        Files.writeString(
                home.resolve(".netrc"),
                "machine wandb.lab.example login user password wrong\nmachine wandb.lab.example:8080 login user password "
                        + K + "\n");
        var k = WandbKey.find(java.util.Map.of("WANDB_BASE_URL", "http://wandb.lab.example:8080"), dir, home)
                .orElseThrow();
        assertEquals("****", k.scrub(K), "the entry with the port");
        var hostOnly = WandbKey.find(java.util.Map.of("WANDB_BASE_URL", "https://wandb.lab.example"), dir, home)
                .orElseThrow();
        assertEquals("****", hostOnly.scrub("wrong"), "no port in the URL: the host's entry");
    }
}
