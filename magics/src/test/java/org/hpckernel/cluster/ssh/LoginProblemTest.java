package org.hpckernel.cluster.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.hpckernel.HpcException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Login refusals are told with what to do; network trouble is left to the reconnect. Exceptions come from JSch itself where it can make them. */
class LoginProblemTest {

    private static LoginProblem.Attempt attempt(String key, boolean asked) {
        return new LoginProblem.Attempt("me", "login.example.org", 22, Optional.ofNullable(key), asked);
    }

    private static JSchException fromAddIdentity(Path key) {
        return assertThrows(JSchException.class, () -> new JSch().addIdentity(key.toString()));
    }

    @Test
    void aFileThatIsNotAPrivateKeySaysSo(@TempDir Path dir) throws IOException {
        Path pub = Files.writeString(
                dir.resolve("id_ed25519.pub"), "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBNd me@laptop\n");
        HpcException m = LoginProblem.explain(fromAddIdentity(pub), attempt(pub.toString(), false))
                .orElseThrow();
        assertTrue(
                m.getMessage().contains("is not a private key")
                        && m.getMessage().contains("ssh-keygen -y -f " + pub),
                m.getMessage());
    }

    @Test
    void aMissingKeyFileSaysSo(@TempDir Path dir) {
        Path none = dir.resolve("id_missing");
        HpcException m = LoginProblem.explain(fromAddIdentity(none), attempt(none.toString(), false))
                .orElseThrow();
        assertTrue(m.getMessage().contains(none + " does not exist"), m.getMessage());
    }

    @Test
    void aRefusedLoginTellsAWrongPassphraseFromAnUnknownKey() {
        JSchException refused = new JSchException("Auth fail for methods 'publickey,keyboard-interactive'");
        String asked = LoginProblem.explain(refused, attempt("/k/id", true))
                .orElseThrow()
                .getMessage();
        assertTrue(asked.contains("passphrase was wrong"), asked);
        String notAsked = LoginProblem.explain(refused, attempt("/k/id", false))
                .orElseThrow()
                .getMessage();
        assertTrue(
                notAsked.contains("authorized_keys") && notAsked.contains("ssh -p 22 -i /k/id me@login.example.org"),
                notAsked);
        JSchException cancel = new JSchException("Auth cancel for methods 'publickey'");
        String cancelled = LoginProblem.explain(cancel, attempt("/k/id", false))
                .orElseThrow()
                .getMessage();
        assertTrue(cancelled.contains("ssh-add /k/id"), cancelled);
        String wrong = LoginProblem.explain(cancel, attempt("/k/id", true))
                .orElseThrow()
                .getMessage();
        assertTrue(wrong.contains("passphrase was wrong"), wrong);
    }

    @Test
    void networkTroubleIsLeftToTheReconnect() {
        JSchException timeout = new JSchException("timeout: socket is not established");
        JSchException refused = new JSchException(
                "java.net.ConnectException: Connection refused", new ConnectException("Connection refused"));
        assertEquals(Optional.empty(), LoginProblem.explain(timeout, attempt("/k/id", false)));
        assertEquals(Optional.empty(), LoginProblem.explain(refused, attempt("/k/id", false)));
    }
}
