package org.hpckernel.session;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.hpckernel.cluster.*;
import org.hpckernel.cluster.local.LocalTransport;
import org.hpckernel.cluster.profile.Profile;
import org.hpckernel.cluster.profile.ProfileChoice;
import org.hpckernel.cluster.profile.ProfilePin;
import org.hpckernel.cluster.profile.ProfileStore;
import org.hpckernel.cluster.ssh.SshTarget;
import org.hpckernel.cluster.ssh.SshTransport;
import org.hpckernel.ledger.Ledger;

/**
 * The session: profiles, the ledger, and one {@link Cluster} (so one connection) per profile.
 * From a cell: {@code Hpc.session().cluster("mycluster").submit(JobSpec.builder()...build())}.
 */
public final class Hpc implements AutoCloseable {

    private static Hpc session;

    private final ProfileStore profiles;
    private final Ledger ledger;
    private final Map<String, Cluster> clusters = new LinkedHashMap<>();
    private volatile Prompter prompter = Prompter.NONE;
    /** The notebook's folder, where a profile may be pinned. */
    private final Path folder;
    /** {@code %hpc profile use} in this kernel; never written to the shared file. */
    private volatile String chosen;

    public Hpc(ProfileStore profiles, Ledger ledger) {
        this(profiles, ledger, Path.of("").toAbsolutePath());
    }

    public Hpc(ProfileStore profiles, Ledger ledger, Path folder) {
        this.profiles = profiles;
        this.ledger = ledger;
        this.folder = folder;
    }

    /** The session of this kernel, with the user's profiles file and ledger. */
    public static synchronized Hpc session() {
        if (session == null) {
            try {
                session = new Hpc(new ProfileStore(ProfileStore.defaultPath()), Ledger.open(Ledger.defaultPath()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return session;
    }

    public ProfileStore profiles() {
        return profiles;
    }

    public Ledger ledger() {
        return ledger;
    }

    /** Who answers passphrase and one-time-code questions (the notebook, through input requests). */
    public void prompter(Prompter p) {
        this.prompter = p;
    }

    /**
     * This kernel's profile: the one chosen here with {@code use}, else the notebook folder's pin
     * ({@code .env} HPC_PROFILE or {@code hpc.yaml}), else the default for new kernels.
     */
    public ProfileChoice currentProfile() throws IOException {
        String here = chosen;
        if (here != null) {
            return new ProfileChoice(profiles.require(here), "chosen in this kernel");
        }
        Optional<ProfilePin> pin = ProfilePin.read(folder);
        if (pin.isPresent()) {
            return new ProfileChoice(
                    profiles.require(pin.get().profile()),
                    "pinned by " + pin.get().source().getFileName());
        }
        return new ProfileChoice(profiles.current(), "default");
    }

    /** Makes {@code name} this kernel's profile; other kernels and new ones are not affected. */
    public void use(String name) throws IOException {
        profiles.require(name);
        chosen = name;
    }

    public Cluster cluster() throws IOException {
        return cluster(currentProfile().profile().name());
    }

    public synchronized Cluster cluster(String profileName) throws IOException {
        Cluster known = clusters.get(profileName);
        Profile profile = profiles.require(profileName);
        if (known != null && known.profile().equals(profile)) {
            return known;
        }
        if (known != null) {
            known.transport().close();
        }
        Cluster cluster = open(profile);
        clusters.put(profileName, cluster);
        return cluster;
    }

    private Cluster open(Profile profile) throws IOException {
        Transport transport = profile.isLocal()
                ? new LocalTransport()
                : new SshTransport(target(profile), (q, secret) -> prompter.ask(q, secret));
        String workRoot = profile.workdir();
        Scheduler scheduler = Schedulers.create(
                profile.scheduler(), transport, profile.isLocal() ? transport.expandHome(workRoot) : workRoot);
        return new Cluster(profile, transport, scheduler, ledger);
    }

    static SshTarget target(Profile p) {
        SshTarget t = SshTarget.of(p.host());
        if (p.port() != null) {
            t = t.withPort(p.port());
        }
        if (p.user() != null && !p.user().isBlank()) {
            t = t.withUser(p.user());
        }
        if (p.key() != null && !p.key().isBlank()) {
            t = t.withKey(Path.of(p.key()));
        }
        if (p.jump() != null && !p.jump().isBlank()) {
            t = t.withJump(p.jump());
        }
        if (p.knownHosts() != null && !p.knownHosts().isBlank()) {
            t = t.withKnownHosts(Path.of(p.knownHosts()));
        }
        return t;
    }

    @Override
    public synchronized void close() {
        clusters.values().forEach(c -> c.transport().close());
        clusters.clear();
        ledger.close();
    }
}
