package org.hpckernel.cluster.ssh;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where and how to connect: a host (or a ~/.ssh/config alias), port, user, key, an optional jump
 * host, and the known_hosts file that host keys are checked against.
 */
public record SshTarget(
        String host,
        Optional<Integer> port,
        Optional<String> user,
        Optional<Path> key,
        Optional<String> jump,
        Optional<Path> knownHosts,
        Optional<Path> sshConfig) {

    public static SshTarget of(String host) {
        return new SshTarget(
                host,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty());
    }

    public SshTarget withPort(int p) {
        return new SshTarget(host, Optional.of(p), user, key, jump, knownHosts, sshConfig);
    }

    public SshTarget withUser(String u) {
        return new SshTarget(host, port, Optional.of(u), key, jump, knownHosts, sshConfig);
    }

    public SshTarget withKey(Path k) {
        return new SshTarget(host, port, user, Optional.of(k), jump, knownHosts, sshConfig);
    }

    public SshTarget withJump(String j) {
        return new SshTarget(host, port, user, key, Optional.of(j), knownHosts, sshConfig);
    }

    public SshTarget withKnownHosts(Path k) {
        return new SshTarget(host, port, user, key, jump, Optional.of(k), sshConfig);
    }

    public SshTarget withSshConfig(Path c) {
        return new SshTarget(host, port, user, key, jump, knownHosts, Optional.of(c));
    }

    @Override
    public String toString() {
        return user.map(u -> u + "@").orElse("") + host + port.map(p -> ":" + p).orElse("");
    }
}
