package org.hpckernel.cluster.ssh;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.jcraft.jsch.HostKeyRefusals;
import com.jcraft.jsch.JSchException;
import org.junit.jupiter.api.Test;

/** JSch's typed refusals decide, wherever they sit in the cause chain; its wording never does. */
class HostKeyProblemTest {

    @Test
    void eachRefusalIsToldByItsType() {
        JSchException unknown = HostKeyRefusals.unknown("UnknownHostKey: h. RSA key fingerprint is SHA256:abc");
        JSchException changed = HostKeyRefusals.changed("HostKey has been changed: [h]:22");
        JSchException revoked = HostKeyRefusals.revoked("revoked HostKey: h");
        assertTrue(HostKeyProblem.isHostKeyProblem(unknown)
                && !HostKeyProblem.isChanged(unknown)
                && !HostKeyProblem.isRevoked(unknown));
        assertTrue(HostKeyProblem.isHostKeyProblem(changed)
                && HostKeyProblem.isChanged(changed)
                && !HostKeyProblem.isRevoked(changed));
        assertTrue(HostKeyProblem.isHostKeyProblem(revoked)
                && HostKeyProblem.isRevoked(revoked)
                && !HostKeyProblem.isChanged(revoked));
        // wrapped, as a transport rethrows it
        assertTrue(HostKeyProblem.isChanged(new java.io.IOException("connect failed", changed)));
    }

    @Test
    void anotherFailureThatMerelyMentionsAHostKeyIsNotARefusal() {
        assertFalse(HostKeyProblem.isHostKeyProblem(
                new JSchException("Auth fail for methods 'publickey' (HostKey checked)")));
        assertFalse(HostKeyProblem.isHostKeyProblem(new JSchException("UnknownHostKey: but thrown untyped")));
    }

    @Test
    void theMessageSaysWhatToDoForEachKind() {
        String unknown = HostKeyProblem.explain(
                        HostKeyRefusals.unknown("UnknownHostKey: h. key fingerprint is SHA256:abc"),
                        "h",
                        2222,
                        "/home/u/.ssh/known_hosts")
                .getMessage();
        assertTrue(
                unknown.contains("ssh-keyscan -p 2222 h >> /home/u/.ssh/known_hosts") && unknown.contains("SHA256:abc"),
                unknown);
        String changed = HostKeyProblem.explain(HostKeyRefusals.changed("HostKey has been changed"), "h", 22, "kh")
                .getMessage();
        assertTrue(changed.contains("CHANGED") && changed.contains("ssh-keygen -R '[h]:22' -f kh"), changed);
        String revoked = HostKeyProblem.explain(HostKeyRefusals.revoked("revoked HostKey"), "h", 22, "kh")
                .getMessage();
        assertTrue(revoked.contains("@revoked") && revoked.contains("Do not remove"), revoked);
    }
}
