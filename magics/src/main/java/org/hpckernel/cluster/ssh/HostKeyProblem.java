package org.hpckernel.cluster.ssh;

import com.jcraft.jsch.JSchChangedHostKeyException;
import com.jcraft.jsch.JSchHostKeyException;
import com.jcraft.jsch.JSchRevokedHostKeyException;
import org.hpckernel.HpcException;

/** Turns JSch's host-key refusals into messages that say how to verify the key and trust it. */
final class HostKeyProblem {

    private HostKeyProblem() {}

    /**
     * Any host-key refusal: unknown (also "reject HostKey" when the key was not accepted), changed or
     * revoked. JSch throws each as its own subtype of JSchHostKeyException (Session.checkHost), so the
     * type decides, never the wording.
     */
    static boolean isHostKeyProblem(Exception e) {
        return has(e, JSchHostKeyException.class);
    }

    static boolean isChanged(Exception e) {
        return has(e, JSchChangedHostKeyException.class);
    }

    static boolean isRevoked(Exception e) {
        return has(e, JSchRevokedHostKeyException.class);
    }

    private static boolean has(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    static HpcException explain(Exception e, String host, int port, String knownHosts) {
        String m = String.valueOf(e.getMessage());
        String keyscan = "ssh-keyscan -p " + port + " " + host;
        if (isRevoked(e)) {
            return new HpcException(
                    "The host key that " + host + ":" + port + " offered is marked @revoked in " + knownHosts
                            + ": whoever marked it said it must never be trusted again (a leaked or retired key), so the connection was refused."
                            + " Do not remove the @revoked line. Ask the cluster's admins which key the login node uses now and its fingerprint;"
                            + " if the server still offers the revoked key, tell them. (" + m + ")",
                    e);
        }
        if (isChanged(e)) {
            return new HpcException(
                    "The host key of " + host + ":" + port + " has CHANGED since it was recorded in " + knownHosts
                            + ". This can mean someone is intercepting the connection; it can also follow a reinstall of the login node."
                            + " Ask the cluster's admins for the new key's fingerprint before doing anything. If it checks out, remove the old"
                            + " entry with `ssh-keygen -R '[" + host + "]:" + port + "' -f " + knownHosts
                            + "` and add the new one. (" + m + ")",
                    e);
        }
        return new HpcException(
                "The host key of " + host + ":" + port + " is not in " + knownHosts
                        + ", so the connection was refused. "
                        + m.replaceFirst("^UnknownHostKey: ", "Its key: ")
                        + ". Compare that fingerprint with the one your cluster's documentation or admins"
                        + " publish, then add the key: `" + keyscan + " >> " + knownHosts
                        + "` (or connect once with `ssh -p " + port + " " + host
                        + "` and answer yes after checking).",
                e);
    }
}
