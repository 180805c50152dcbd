package org.hpckernel.cluster.ssh;

import com.jcraft.jsch.JSchAlgoNegoFailException;
import java.io.FileNotFoundException;
import java.nio.file.NoSuchFileException;
import java.util.Optional;
import org.hpckernel.HpcException;

/**
 * Login failures that no retry can fix (a key file that cannot be read, a wrong passphrase, a key
 * the server does not accept, no common algorithm), told at once with what to do. Everything else
 * (refused or timed-out connections) is left to the caller's reconnect with backoff.
 */
final class LoginProblem {

    /** Who logged in where with what, for the messages. */
    record Attempt(String user, String host, int port, Optional<String> keyFile, boolean passphraseGiven) {
        String login() {
            return user + "@" + host + ":" + port;
        }

        String sshCommand() {
            return "ssh -p " + port + keyFile.map(k -> " -i " + k).orElse("") + " " + user + "@" + host;
        }
    }

    private LoginProblem() {}

    static Optional<HpcException> explain(Exception e, Attempt a) {
        String m = String.valueOf(e.getMessage());
        if (has(e, FileNotFoundException.class) || has(e, NoSuchFileException.class)) {
            return Optional.of(new HpcException(
                    "The SSH key file " + a.keyFile().orElse("(none named)") + " does not exist or cannot"
                            + " be read. Check the path the profile gives (--key, or IdentityFile in ~/.ssh/config) and that the file is yours"
                            + " (chmod 600). (" + m + ")",
                    e));
        }
        if (m.contains("invalid privatekey")
                || m.contains("privatekey:")
                || m.contains("is not supported for this privatekey format")) {
            return Optional.of(new HpcException(
                    "The SSH key file " + a.keyFile().orElse("(none named)") + " is not a private key this"
                            + " kernel can read: pass the PRIVATE key (not the .pub), in OpenSSH or PEM format; a PuTTY .ppk must be exported as"
                            + " OpenSSH first. `ssh-keygen -y -f " + a.keyFile().orElse("KEYFILE") + "` checks it. ("
                            + m + ")",
                    e));
        }
        // JSch's JSchAuthCancelException and JSchPartialAuthException are not public: their messages are what can be
        // read
        if (m.startsWith("Auth cancel") && a.passphraseGiven()) {
            // JSch asks again after a passphrase that does not decrypt the key; the second ask is declined
            return Optional.of(wrongPassphrase(a, e));
        }
        if (m.startsWith("Auth cancel")) {
            return Optional.of(new HpcException(
                    "SSH login to " + a.login() + " was abandoned: the key's passphrase was not given."
                            + " Answer the passphrase prompt, or load the key into an ssh-agent (`ssh-add "
                            + a.keyFile().orElse("KEYFILE")
                            + "`) before starting Jupyter so nothing has to be asked.",
                    e));
        }
        if (m.contains("Auth fail") || m.contains("USERAUTH fail") || m.startsWith("Partial Auth")) {
            if (a.passphraseGiven()) {
                return Optional.of(wrongPassphrase(a, e));
            }
            return Optional.of(new HpcException(
                    "SSH login to " + a.login() + " was refused: the server did not accept the user name"
                            + " and key ("
                            + a.keyFile().orElse("no key file set; pass --key FILE or load the key into ssh-agent")
                            + "). Its public"
                            + " key must be in ~/.ssh/authorized_keys on the cluster; check with `" + a.sshCommand()
                            + "` in a terminal.",
                    e));
        }
        if (has(e, JSchAlgoNegoFailException.class) || m.contains("Algorithm negotiation fail")) {
            return Optional.of(new HpcException(
                    "SSH to " + a.login() + " found no key exchange, cipher or host-key algorithm both"
                            + " sides accept, so no retry can help. Send the admins this line, or try the profile with another key type. ("
                            + m + ")",
                    e));
        }
        return Optional.empty();
    }

    private static HpcException wrongPassphrase(Attempt a, Exception e) {
        return new HpcException(
                "SSH login to " + a.login() + " failed after the passphrase for "
                        + a.keyFile().orElse("the key")
                        + " was given: the passphrase was wrong (or the key is not on the cluster). Run the cell again and retype it, or check"
                        + " with `" + a.sshCommand() + "` in a terminal.",
                e);
    }

    private static boolean has(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
