package org.hpckernel.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hpckernel.HpcException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** --secret: values found where the user keeps them, quoted for the shell, and only names in the spec. */
class SecretsTest {

    @Test
    void environmentWinsOverDotEnvAndOrderIsKept() {
        Map<String, String> v = Secrets.resolve(
                List.of("B_TOKEN", "A_KEY"), Map.of("A_KEY", "from-env"), Map.of("A_KEY", "from-file", "B_TOKEN", "t"));
        assertEquals(List.of("B_TOKEN", "A_KEY"), List.copyOf(v.keySet()));
        assertEquals("from-env", v.get("A_KEY"));
        assertEquals("t", v.get("B_TOKEN"));
    }

    @Test
    void missingNamesAreAllListedWithWhereItLooked() {
        HpcException e = assertThrows(
                HpcException.class,
                () -> Secrets.resolve(List.of("HF_TOKEN", "SET", "WANDB_API_KEY"), Map.of("SET", "1"), Map.of()));
        assertTrue(e.getMessage().contains("HF_TOKEN, WANDB_API_KEY are not set"), e.getMessage());
        assertTrue(
                e.getMessage().contains("kernel's environment")
                        && e.getMessage().contains(".env"),
                e.getMessage());
        assertFalse(e.getMessage().contains("SET,"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1ABC", "A-B", "A B", "$(id)", "A=B"})
    void namesMustBeShellVariables(String bad) {
        assertThrows(HpcException.class, () -> Secrets.resolve(List.of(bad), Map.of(bad, "x"), Map.of()));
    }

    @Test
    void fileContentRoundTripsHostileValuesThroughBash() throws Exception {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("A_KEY", "it's $(touch /tmp/pwned) `id` \"q\" \\ \n line2 ;rm -rf ~");
        values.put("B_TOKEN", "");
        String file = Secrets.fileContent(values);
        assertTrue(file.contains("export A_KEY='it'\\''s"), file);
        Process p = new ProcessBuilder(
                        "bash", "-c", "eval \"$1\"; printf '%s|%s' \"$A_KEY\" \"$B_TOKEN\"", "bash", file)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor());
        assertEquals(values.get("A_KEY") + "|", out);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "WANDB_API_KEY",
                "HF_TOKEN",
                "GITHUB_TOKEN",
                "AWS_SECRET_ACCESS_KEY",
                "DB_PASSWORD",
                "MYSQL_PASSWD",
                "OPENAI_APIKEY",
                "wandb_apikey",
                "SECRET",
                "ftp_pass",
                "GOOGLE_APPLICATION_CREDENTIALS",
                "ACCESSTOKEN"
            })
    void credentialNamesLookSecret(String name) {
        assertTrue(Secrets.looksSecret(name), name);
        HpcException e = assertThrows(HpcException.class, () -> Secrets.refuseInEnv(name));
        assertTrue(e.getMessage().contains("--secret " + name), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "OMP_NUM_THREADS",
                "PWD",
                "SSH_AUTH_SOCK",
                "KEYBOARD",
                "MONKEY",
                "PATH",
                "TOKENIZERS_PARALLELISM",
                "BYPASS"
            })
    void ordinaryNamesDoNot(String name) {
        assertFalse(Secrets.looksSecret(name), name);
        Secrets.refuseInEnv(name);
    }

    @Test
    void theSpecHoldsOnlyNames() {
        JobSpec spec = JobSpec.builder()
                .script("echo")
                .secret("HF_TOKEN")
                .secret("HF_TOKEN")
                .secret("WANDB_API_KEY")
                .build();
        assertEquals(List.of("HF_TOKEN", "WANDB_API_KEY"), spec.secrets());
        assertEquals(spec.secrets(), spec.toBuilder().build().secrets());
    }
}
