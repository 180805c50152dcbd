package org.hpckernel.cluster.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.hpckernel.cluster.Prompter;
import org.hpckernel.cluster.Secrets;
import org.hpckernel.cluster.Shell;
import org.hpckernel.cluster.TestCluster;
import org.junit.jupiter.api.Test;

/** A job's secrets file over the real sshd: written 0600 (never first with the server's default mode), and sourcing it gives the value back. */
class SshPrivateWriteIT {

    @Test
    void aSecretsFileIsPrivateAndSourcesBackByteForByte() throws Exception {
        try (SshTransport ssh = new SshTransport(TestCluster.target(), Prompter.NONE, java.util.Optional.empty())) {
            String value = "it's $(id) `x` \"q\" 実験\nline 2";
            String path = ssh.home() + "/it-secrets/" + Secrets.FILE_NAME;
            ssh.write(path, Secrets.fileContent(Map.of("HF_TOKEN", value)).getBytes(StandardCharsets.UTF_8), 0600);
            assertEquals(
                    "600\n",
                    ssh.exec("stat -c %a " + Shell.quote(path), Duration.ofSeconds(10))
                            .stdout());
            String back = ssh.exec(". " + Shell.quote(path) + " && printf %s \"$HF_TOKEN\"", Duration.ofSeconds(10))
                    .stdout();
            assertEquals(value, back);
            ssh.write(path, "export A=1\n".getBytes(StandardCharsets.UTF_8), 0600);
            assertEquals(
                    "export A=1\n",
                    new String(ssh.read(path, 0, 100), StandardCharsets.UTF_8),
                    "a second write replaces, not appends");
        }
    }
}
