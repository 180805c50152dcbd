package org.hpckernel.cluster.ssh;

import org.hpckernel.magic.MagicException;

/** Turns JSch's host-key refusals into messages that say how to verify the key and trust it. */
final class HostKeyProblem {

    private HostKeyProblem() {
    }

    static boolean isHostKeyProblem(Exception e) {
        String m = String.valueOf(e.getMessage());
        return m.startsWith("UnknownHostKey") || m.startsWith("HostKey has been changed") || m.contains("reject HostKey");
    }

    static MagicException explain(Exception e, String host, int port, String knownHosts) {
        String m = String.valueOf(e.getMessage());
        String keyscan = "ssh-keyscan -p " + port + " " + host;
        if (m.startsWith("HostKey has been changed")) {
            return new MagicException("The host key of " + host + ":" + port + " has CHANGED since it was recorded in " + knownHosts
                    + ". This can mean someone is intercepting the connection; it can also follow a reinstall of the login node."
                    + " Ask the cluster's admins for the new key's fingerprint before doing anything. If it checks out, remove the old"
                    + " entry with `ssh-keygen -R '[" + host + "]:" + port + "' -f " + knownHosts + "` and add the new one. (" + m + ")", e);
        }
        return new MagicException("The host key of " + host + ":" + port + " is not in " + knownHosts + ", so the connection was refused. "
                + m.replaceFirst("^UnknownHostKey: ", "Its key: ") + ". Compare that fingerprint with the one your cluster's documentation or admins"
                + " publish, then add the key: `" + keyscan + " >> " + knownHosts + "` (or connect once with `ssh -p " + port + " " + host
                + "` and answer yes after checking).", e);
    }
}
