package org.hpckernel.kernel;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.maven.repository.internal.MavenRepositorySystemUtils;
import org.eclipse.aether.DefaultRepositorySystemSession;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.artifact.Artifact;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.repository.LocalRepository;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactRequest;
import org.eclipse.aether.resolution.ArtifactResolutionException;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.resolution.DependencyRequest;
import org.eclipse.aether.resolution.DependencyResolutionException;
import org.eclipse.aether.supplier.RepositorySystemSupplier;
import org.eclipse.aether.util.artifact.JavaScopes;
import org.eclipse.aether.util.filter.DependencyFilterUtils;
import org.hpckernel.magic.MagicContext;
import org.hpckernel.magic.MagicException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code %maven G:A:V}: resolves an artifact with its runtime dependencies, as Maven would. */
@Command(
        name = "maven",
        description = "Add a Maven artifact and its runtime dependencies to the classpath of Java cells.",
        footer = {
            "",
            "Examples:",
            "  %maven org.apache.commons:commons-math3:3.6.1",
            "  %maven com.google.guava:guava:33.0.0-jre --repo https://my.nexus/repository/maven-public/"
        })
final class MavenCommand implements Callable<Object> {

    private final Consumer<String> addToClasspath;
    private final LibraryDocs docs;

    @Parameters(arity = "1..*", paramLabel = "GROUP:ARTIFACT:VERSION")
    List<String> coordinates = new ArrayList<>();

    @Option(
            names = "--repo",
            paramLabel = "URL",
            description = "An extra repository to resolve from (Maven Central is always used).")
    List<String> repositories = new ArrayList<>();

    MavenCommand(Consumer<String> addToClasspath, LibraryDocs docs, MagicContext context) {
        this.addToClasspath = addToClasspath;
        this.docs = docs;
    }

    @Override
    public Object call() {
        RepositorySystem system = new RepositorySystemSupplier().get();
        DefaultRepositorySystemSession session = MavenRepositorySystemUtils.newSession();
        // POMs activate profiles on java.version & co.: without these, parents fail to build and
        // transitive dependencies are silently dropped
        session.setSystemProperties(System.getProperties());
        session.setConfigProperty("aether.connector.basic.threads", "4");
        Path local =
                org.hpckernel.cluster.profile.UserDirs.home().resolve(".m2").resolve("repository");
        session.setLocalRepositoryManager(
                system.newLocalRepositoryManager(session, new LocalRepository(local.toFile())));
        List<RemoteRepository> remotes = new ArrayList<>();
        remotes.add(new RemoteRepository.Builder("central", "default", centralUrl()).build());
        for (int i = 0; i < repositories.size(); i++) {
            remotes.add(new RemoteRepository.Builder("repo" + i, "default", repositories.get(i)).build());
        }
        List<String> added = new ArrayList<>();
        for (String coordinate : coordinates) {
            DefaultArtifact artifact;
            try {
                artifact = new DefaultArtifact(coordinate);
            } catch (IllegalArgumentException e) {
                throw new MagicException("'" + coordinate
                        + "' is not GROUP:ARTIFACT:VERSION (like org.apache.commons:commons-math3:3.6.1).");
            }
            CollectRequest collect = new CollectRequest(new Dependency(artifact, JavaScopes.RUNTIME), remotes);
            DependencyRequest request =
                    new DependencyRequest(collect, DependencyFilterUtils.classpathFilter(JavaScopes.RUNTIME));
            try {
                for (ArtifactResult result :
                        system.resolveDependencies(session, request).getArtifactResults()) {
                    String path = result.getArtifact().getFile().getAbsolutePath();
                    addToClasspath.accept(path);
                    Artifact resolved = result.getArtifact();
                    docs.added(Path.of(path), () -> sources(system, session, remotes, resolved));
                    added.add(result.getArtifact() + "  " + path);
                }
            } catch (DependencyResolutionException e) {
                throw new MagicException(
                        "Could not resolve " + coordinate + ": " + firstLine(e.getMessage())
                                + "\nCheck the coordinates on Maven Central, or add the repository that has it with --repo URL.");
            }
        }
        return "Added " + added.size() + " jar(s):\n  " + String.join("\n  ", added);
    }

    /** The artifact's {@code -sources} jar, fetched from its repositories when Shift-Tab first needs it; none if it has none. */
    private static Optional<Path> sources(
            RepositorySystem system,
            DefaultRepositorySystemSession session,
            List<RemoteRepository> remotes,
            Artifact artifact) {
        Optional<Path> cached = LibraryDocs.besideIt(artifact.getFile().toPath());
        if (cached.isPresent()) return cached;
        Artifact sources = new DefaultArtifact(
                artifact.getGroupId(), artifact.getArtifactId(), "sources", "jar", artifact.getVersion());
        try {
            return Optional.of(system.resolveArtifact(session, new ArtifactRequest(sources, remotes, null))
                    .getArtifact()
                    .getFile()
                    .toPath());
        } catch (ArtifactResolutionException none) {
            return Optional.empty();
        }
    }

    /** Maven Central's address, read from Maven's own super POM so it is Maven's default, not ours. */
    static String centralUrl() {
        String override = System.getenv("HPC_KERNEL_MAVEN_CENTRAL");
        if (override != null && !override.isBlank()) {
            return override;
        }
        try (InputStream pom = org.apache.maven.model.Model.class
                .getClassLoader()
                .getResourceAsStream("org/apache/maven/model/pom-4.0.0.xml")) {
            String xml = new String(pom.readAllBytes(), StandardCharsets.UTF_8);
            Matcher m = Pattern.compile("<id>central</id>\\s*<name>[^<]*</name>\\s*<url>([^<]+)</url>")
                    .matcher(xml);
            if (m.find()) {
                return m.group(1).strip();
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot read Maven's super POM for the Central URL", e);
        }
        throw new IllegalStateException("Maven's super POM names no central repository");
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.split("\n", 2)[0];
    }
}
