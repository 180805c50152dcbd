package org.hpckernel.magic.wandb;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.hpckernel.cluster.Cluster;
import org.hpckernel.magic.CommandMagic;
import org.hpckernel.magic.MagicCall;
import org.hpckernel.magic.MagicContext;
import org.hpckernel.magic.MagicException;
import org.hpckernel.session.Hpc;
import org.hpckernel.tracking.ArtifactNotFoundException;
import org.hpckernel.tracking.ArtifactRef;
import org.hpckernel.tracking.ArtifactStore;
import org.hpckernel.tracking.ArtifactVersion;
import org.hpckernel.tracking.Blobs;
import org.hpckernel.tracking.FileStore;
import org.hpckernel.tracking.WandbKey;
import org.hpckernel.tracking.WandbStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** {@code %wandb}: versioned artifacts (file store by default, or W&B) and the W&B login. */
@Command(
        name = "wandb",
        description = "Versioned artifacts with W&B semantics, and the W&B login.",
        subcommands = {WandbMagic.Artifact.class, WandbMagic.Login.class},
        footer = {
            "",
            "Examples:",
            "  %wandb artifact put iris data/iris.csv --type dataset",
            "  %wandb artifact get iris:latest --to data",
            "  %wandb artifact ls",
            "  %wandb login"
        })
public final class WandbMagic {

    /** The key of this kernel session, in memory only: never written to the ledger or a file. */
    private static volatile WandbKey sessionKey;

    final MagicCall call;
    final MagicContext context;
    final Supplier<Hpc> hpc;
    final Map<String, String> env;

    WandbMagic(MagicCall call, MagicContext context, Supplier<Hpc> hpc, Map<String, String> env) {
        this.call = call;
        this.context = context;
        this.hpc = hpc;
        this.env = env;
    }

    public static CommandMagic create(Supplier<Hpc> session) {
        return create(session, System.getenv());
    }

    public static CommandMagic create(Supplier<Hpc> session, Map<String, String> env) {
        return new CommandMagic(
                "wandb",
                "Versioned artifacts (put, get, ls, push) and the W&B login",
                (call, context) -> new WandbMagic(call, context, session, env));
    }

    Path workingDirectory() {
        return context == null ? Path.of("").toAbsolutePath() : context.workingDirectory();
    }

    WandbKey key(boolean askIfMissing) {
        if (sessionKey != null) {
            return sessionKey;
        }
        var found = WandbKey.find(env, workingDirectory(), Path.of(System.getProperty("user.home")));
        if (found.isPresent()) {
            return found.get();
        }
        if (!askIfMissing || context == null) {
            throw new MagicException("No W&B API key: set WANDB_API_KEY, add it to ~/.netrc, or run %wandb login.");
        }
        String typed = context.ask("W&B API key (from https://wandb.ai/authorize): ", true);
        if (typed == null || typed.isBlank()) {
            throw new MagicException("No key given; %wandb login asks again.");
        }
        sessionKey = WandbKey.of(typed, "prompt");
        return sessionKey;
    }

    /** Where artifacts live: this machine (default), the profile's cluster work root, or W&B. */
    ArtifactStore store(String where, String profileName, String entity, String project) throws IOException {
        switch (where) {
            case "local" -> {
                return FileStore.local(FileStore.defaultLocalRoot(env));
            }
            case "cluster" -> {
                Hpc h = hpc.get();
                Cluster c = profileName == null ? h.cluster() : h.cluster(profileName);
                return new FileStore(Blobs.remote(c.transport(), c.workRoot() + "/artifacts"));
            }
            case "wandb" -> {
                String e = entity != null ? entity : env.get("WANDB_ENTITY");
                String p = project != null ? project : env.get("WANDB_PROJECT");
                if (p == null) {
                    throw new MagicException("W&B needs a project: --project P, or WANDB_PROJECT.");
                }
                if (e == null) {
                    e = WandbStore.viewer(WandbKey.baseUrl(env), key(true))
                            .entity(); // the key's default entity, as the official client
                }
                return new WandbStore(WandbKey.baseUrl(env), e, p, key(true)).withProgress(ProgressLine.of(context));
            }
            default -> throw new MagicException("--store is local, cluster or wandb, not '" + where + "'.");
        }
    }

    static Table table(List<ArtifactVersion> versions) {
        StringColumn name = StringColumn.create("artifact");
        StringColumn version = StringColumn.create("version");
        StringColumn type = StringColumn.create("type");
        StringColumn aliases = StringColumn.create("aliases");
        IntColumn files = IntColumn.create("files");
        LongColumn bytes = LongColumn.create("bytes");
        StringColumn digest = StringColumn.create("digest");
        StringColumn created = StringColumn.create("created");
        for (ArtifactVersion v : versions) {
            name.append(v.name());
            version.append(v.version());
            type.append(v.type());
            aliases.append(String.join(",", v.aliases()));
            files.append(v.manifest().contents().size());
            bytes.append(v.manifest().totalSize());
            digest.append(v.digest());
            created.append(v.createdAt());
        }
        return Table.create("artifacts", name, version, type, aliases, files, bytes, digest, created);
    }

    static MagicException explain(IOException e) {
        return e instanceof ArtifactNotFoundException
                ? new MagicException(e.getMessage())
                : new MagicException(e.getMessage(), e);
    }

    abstract static class StoreOptions {
        @ParentCommand
        Artifact artifact;

        @Option(names = "--store", description = "local (default), cluster or wandb")
        String store = "local";

        @Option(names = "--profile", description = "Cluster profile for --store cluster")
        String profile;

        @Option(names = "--entity", description = "W&B entity (default $WANDB_ENTITY)")
        String entity;

        @Option(names = "--project", description = "W&B project (default $WANDB_PROJECT)")
        String project;

        ArtifactStore open() throws IOException {
            return artifact.parent.store(store, profile, entity, project);
        }

        WandbMagic magic() {
            return artifact.parent;
        }
    }

    @Command(
            name = "artifact",
            description = "Put, get, list and push versioned artifacts.",
            subcommands = {Put.class, Get.class, Ls.class, Push.class})
    static final class Artifact {
        @ParentCommand
        WandbMagic parent;
    }

    @Command(
            name = "put",
            description = "Store files (folders by their relative paths) as the next version of NAME. "
                    + "Unchanged content makes no new version. 'latest' moves to the new version.",
            footer = {
                "",
                "Examples:",
                "  %wandb artifact put iris data/iris.csv --type dataset",
                "  %wandb artifact put flow flow_logic.py --type code --alias prod --store cluster"
            })
    static final class Put extends StoreOptions implements Callable<Object> {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Parameters(index = "1..*", arity = "1..*", paramLabel = "PATH")
        List<String> paths;

        @Option(names = "--type", required = true, description = "dataset, code, model (or any W&B type)")
        String type;

        @Option(names = "--alias", description = "Extra alias, repeatable")
        List<String> aliases = new ArrayList<>();

        @Override
        public Object call() {
            List<Path> files = new ArrayList<>();
            for (String p : paths) {
                Path f = magic().workingDirectory().resolve(p);
                if (!Files.exists(f)) {
                    throw new MagicException("No such file or folder: " + p);
                }
                files.add(f);
            }
            try {
                ArtifactStore s = open();
                ArtifactVersion v = s.put(name, type, files, aliases);
                return table(List.of(v));
            } catch (IllegalArgumentException e) {
                throw new MagicException(e.getMessage());
            } catch (IOException e) {
                throw explain(e);
            }
        }
    }

    @Command(
            name = "get",
            description = "Download NAME[:vN|:ALIAS] (default latest) into a folder, checking MD5 digests.",
            footer = {"", "Examples:", "  %wandb artifact get iris", "  %wandb artifact get iris:v0 --to data/v0"})
    static final class Get extends StoreOptions implements Callable<Object> {
        @Parameters(index = "0", paramLabel = "NAME[:ALIAS]")
        String ref;

        @Option(names = "--to", description = "Target folder (default artifacts/NAME-vN)")
        String to;

        @Override
        public Object call() {
            try {
                ArtifactRef r = ArtifactRef.parse(ref);
                ArtifactStore s = open();
                ArtifactVersion v = s.resolve(r);
                Path dir = magic().workingDirectory()
                        .resolve(to != null ? to : "artifacts/" + v.name() + "-" + v.version());
                s.download(new ArtifactRef(v.name(), v.version()), dir);
                return "Downloaded " + v.ref() + " (" + v.manifest().contents().size() + " files) to " + dir;
            } catch (IllegalArgumentException e) {
                throw new MagicException(e.getMessage());
            } catch (IOException e) {
                throw explain(e);
            }
        }
    }

    @Command(name = "ls", description = "List artifacts, or the versions of NAME.")
    static final class Ls extends StoreOptions implements Callable<Object> {
        @Parameters(index = "0", arity = "0..1", paramLabel = "NAME")
        String name;

        @Override
        public Object call() {
            try {
                ArtifactStore s = open();
                List<ArtifactVersion> out = new ArrayList<>();
                if (name != null) {
                    out.addAll(s.versions(name));
                } else {
                    for (String n : s.names()) {
                        out.add(s.resolve(new ArtifactRef(n, "latest")));
                    }
                }
                return table(out);
            } catch (IOException e) {
                throw explain(e);
            }
        }
    }

    @Command(
            name = "push",
            description = "Copy a file-store version to W&B (needs --entity/--project or WANDB_ENTITY/WANDB_PROJECT).",
            footer = {"", "Examples:", "  %wandb artifact push iris:v1 --project hpo --entity me"})
    static final class Push extends StoreOptions implements Callable<Object> {
        @Parameters(index = "0", paramLabel = "NAME:vN")
        String ref;

        @Option(names = "--from", description = "local (default) or cluster")
        String from = "local";

        @Override
        public Object call() {
            try {
                ArtifactStore source = magic().store(from, profile, null, null);
                ArtifactVersion v = source.resolve(ArtifactRef.parse(ref));
                Path tmp = Files.createTempDirectory("hpc-push");
                source.download(new ArtifactRef(v.name(), v.version()), tmp);
                ArtifactVersion pushed = magic().store("wandb", null, entity, project)
                        .put(
                                v.name(),
                                v.type(),
                                List.of(tmp),
                                v.aliases().stream()
                                        .filter(a -> !a.equals("latest"))
                                        .toList());
                return "Pushed " + v.ref() + " to W&B as " + pushed.ref() + " (digest " + pushed.digest() + ")";
            } catch (IllegalArgumentException e) {
                throw new MagicException(e.getMessage());
            } catch (IOException e) {
                throw explain(e);
            }
        }
    }

    @Command(
            name = "login",
            description = "Use a W&B API key for this session: WANDB_API_KEY, ~/.netrc, or a hidden prompt. "
                    + "The key is kept in memory only, never shown or recorded.")
    static final class Login implements Callable<Object> {
        @ParentCommand
        WandbMagic parent;

        @Option(names = "--relogin", description = "Ask for a key even if one is found")
        boolean relogin;

        @Override
        public Object call() {
            if (relogin) {
                sessionKey = null;
                String typed = parent.context == null ? null : parent.context.ask("W&B API key: ", true);
                if (typed == null || typed.isBlank()) {
                    throw new MagicException("No key given.");
                }
                sessionKey = WandbKey.of(typed, "prompt");
            }
            WandbKey k = parent.key(true);
            WandbStore.Viewer who;
            try {
                who = WandbStore.viewer(WandbKey.baseUrl(parent.env), k); // checked, as `wandb login` does
            } catch (IOException e) {
                sessionKey = null;
                throw new MagicException(e.getMessage());
            }
            return "Logged in to W&B at " + WandbKey.baseUrl(parent.env) + " as " + who.username() + " (default entity "
                    + who.entity() + "); key from " + k.source() + ", kept in memory only.";
        }
    }
}
