package org.hpckernel.cluster.ssh;

import com.jcraft.jsch.ConfigRepository;
import com.jcraft.jsch.OpenSSHConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Applies ~/.ssh/config to a target the way OpenSSH does for the fields we use: Host aliases and
 * patterns, HostName, User, Port, IdentityFile, IdentitiesOnly, ProxyJump, UserKnownHostsFile. Values
 * given on the profile win over the config file.
 */
public final class SshConfigResolver {

    private SshConfigResolver() {}

    /**
     * The endpoint to dial, with everything filled in. {@code identitiesOnly}: offer only the key
     * file, not the agent's keys (OpenSSH's IdentitiesOnly; servers cut logins after a few tries).
     */
    public record Resolved(
            String alias,
            String hostName,
            int port,
            String user,
            Optional<Path> key,
            Optional<String> jump,
            Path knownHosts,
            boolean identitiesOnly) {

        /** The same login, dialled at another address (a port forwarded through a jump host). */
        public Resolved at(String otherHost, int otherPort) {
            return new Resolved(alias, otherHost, otherPort, user, key, Optional.empty(), knownHosts, identitiesOnly);
        }
    }

    public static Resolved resolve(SshTarget target) throws IOException {
        Path home = Path.of(System.getProperty("user.home"));
        Path configFile = target.sshConfig().orElse(home.resolve(".ssh/config"));
        ConfigRepository.Config config = Files.isRegularFile(configFile)
                ? OpenSSHConfig.parseFile(configFile.toString()).getConfig(target.host())
                : ConfigRepository.defaultConfig;
        String hostName = Optional.ofNullable(config.getHostname()).orElse(target.host());
        int port = target.port().orElse(config.getPort() > 0 ? config.getPort() : 22);
        String user =
                target.user().orElse(Optional.ofNullable(config.getUser()).orElse(System.getProperty("user.name")));
        Optional<Path> key = target.key().or(() -> firstIdentity(config, home));
        Optional<String> jump = target.jump()
                .or(() -> Optional.ofNullable(config.getValue("ProxyJump")).filter(j -> !j.equalsIgnoreCase("none")));
        Path knownHosts = target.knownHosts()
                .orElseGet(() -> Optional.ofNullable(config.getValue("UserKnownHostsFile"))
                        .map(f -> expand(f.split("\\s+")[0], home))
                        .orElse(home.resolve(".ssh/known_hosts")));
        boolean identitiesOnly = "yes".equalsIgnoreCase(config.getValue("IdentitiesOnly"));
        return new Resolved(
                target.host(),
                hostName,
                port,
                user,
                key.map(k -> expand(k.toString(), home)),
                jump,
                knownHosts,
                identitiesOnly);
    }

    private static Optional<Path> firstIdentity(ConfigRepository.Config config, Path home) {
        String[] files = config.getValues("IdentityFile");
        if (files == null || files.length == 0) {
            return Optional.empty();
        }
        return Optional.of(expand(files[0], home));
    }

    private static Path expand(String path, Path home) {
        return path.startsWith("~/") ? home.resolve(path.substring(2)) : Path.of(path);
    }
}
