package org.hpckernel.cluster.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ~/.ssh/config as OpenSSH reads it: first match wins, patterns, and the profile's own values win over it. */
class SshConfigResolverTest {

    private static Path config(Path dir) throws Exception {
        return Files.writeString(dir.resolve("config"), """
                Host mycluster
                  HostName login.example.org
                  IdentitiesOnly yes
                  Port 2200
                  User alice
                  IdentityFile /keys/id_cluster
                  ProxyJump bob@gateway.example.org:2022
                  UserKnownHostsFile /keys/known_hosts_cluster

                Host *.hpc.example.org
                  User carol
                  IdentityFile /keys/id_site
                  ProxyJump none

                Host *
                  Port 2201
                """);
    }

    @Test
    void anAliasGivesHostNamePortUserKeyJumpAndKnownHosts(@TempDir Path dir) throws Exception {
        var r = SshConfigResolver.resolve(SshTarget.of("mycluster").withSshConfig(config(dir)));
        assertEquals("login.example.org", r.hostName());
        assertEquals(2200, r.port());
        assertEquals("alice", r.user());
        assertEquals(Optional.of(Path.of("/keys/id_cluster")), r.key());
        assertEquals(Optional.of("bob@gateway.example.org:2022"), r.jump());
        assertEquals(Path.of("/keys/known_hosts_cluster"), r.knownHosts());
        assertEquals(true, r.identitiesOnly());
    }

    @Test
    void aWildcardPatternMatchesAndProxyJumpNoneMeansNoJump(@TempDir Path dir) throws Exception {
        var r = SshConfigResolver.resolve(SshTarget.of("node1.hpc.example.org").withSshConfig(config(dir)));
        assertEquals("node1.hpc.example.org", r.hostName());
        assertEquals("carol", r.user());
        assertEquals(2201, r.port());
        assertEquals(Optional.of(Path.of("/keys/id_site")), r.key());
        assertEquals(Optional.empty(), r.jump());
        assertEquals(false, r.identitiesOnly());
    }

    @Test
    void valuesOnTheProfileWinOverTheConfigFile(@TempDir Path dir) throws Exception {
        var r = SshConfigResolver.resolve(SshTarget.of("mycluster")
                .withSshConfig(config(dir))
                .withPort(22)
                .withUser("dave")
                .withKey(Path.of("/mine/id"))
                .withJump("jump.example.org")
                .withKnownHosts(Path.of("/mine/known_hosts")));
        assertEquals("login.example.org", r.hostName());
        assertEquals(22, r.port());
        assertEquals("dave", r.user());
        assertEquals(Optional.of(Path.of("/mine/id")), r.key());
        assertEquals(Optional.of("jump.example.org"), r.jump());
        assertEquals(Path.of("/mine/known_hosts"), r.knownHosts());
    }

    @Test
    void aHostWithoutAConfigFileKeepsItsNameAndPort22(@TempDir Path dir) throws Exception {
        var r = SshConfigResolver.resolve(SshTarget.of("plain.example.org").withSshConfig(dir.resolve("missing")));
        assertEquals("plain.example.org", r.hostName());
        assertEquals(22, r.port());
        assertEquals(Optional.empty(), r.jump());
    }
}
