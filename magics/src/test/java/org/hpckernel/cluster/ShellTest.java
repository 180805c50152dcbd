package org.hpckernel.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Shell.quote against a real bash: each hostile value must come back byte for byte. */
class ShellTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "plain",
                "two words",
                "$(touch /tmp/pwned)",
                "`id`",
                "it's",
                "'",
                "''",
                "\"double\"",
                "a\nb\n",
                "tab\there",
                "back\\slash\\",
                "*",
                "?[a]",
                "~root",
                "-n",
                "--help",
                "$HOME ${PATH}",
                "!!",
                ";rm -rf /;",
                "| cat /etc/passwd",
                "&& echo x",
                "> /tmp/out",
                "実験 🚀 α",
                "\u00e9\u0301",
                "%x-%j.log",
                "#comment"
            })
    void bashGetsBackExactlyTheQuotedValue(String hostile) throws Exception {
        Process p = new ProcessBuilder("bash", "-c", "printf %s " + Shell.quote(hostile)).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor());
        assertEquals(hostile, out);
    }

    @Test
    void nulBytesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Shell.quote("a\0b"));
    }
}
