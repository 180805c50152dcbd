package org.hpckernel.cluster;

import java.nio.file.Path;
import org.hpckernel.cluster.ssh.SshTarget;

/** The localhost cluster that install/test-cluster.sh brings up, as the tests see it. */
public final class TestCluster {

    private TestCluster() {}

    public static String env(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(
                    name + " is not set: run `sudo install/test-cluster.sh up` and "
                            + "`eval \"$(install/test-cluster.sh env)\"` before the integration tests (install/test.sh does both)");
        }
        return value;
    }

    public static SshTarget target() {
        return SshTarget.of(env("HPC_SSH_HOST"))
                .withPort(Integer.parseInt(env("HPC_SSH_PORT")))
                .withUser(env("HPC_SSH_USER"))
                .withKey(Path.of(env("HPC_SSH_KEY")))
                .withKnownHosts(Path.of(env("HPC_SSH_KNOWN_HOSTS")))
                .withSshConfig(Path.of("/nonexistent-ssh-config"));
    }
}
