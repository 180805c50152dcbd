package org.hpckernel.kernel;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.hpckernel.magic.CommandMagic;
import org.hpckernel.magic.MagicException;
import org.hpckernel.magic.MagicRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code %jars}, {@code %classpath} and {@code %maven}: what Java cells can load. */
final class ClasspathMagics {

    private ClasspathMagics() {}

    static void register(MagicRegistry registry, Consumer<String> addToClasspath, LibraryDocs docs) {
        List<String> added = new CopyOnWriteArrayList<>();
        Consumer<String> add = path -> {
            addToClasspath.accept(path);
            added.add(path);
        };
        Consumer<String> addJar = path -> {
            add.accept(path);
            docs.added(Path.of(path));
        };
        registry.register(new CommandMagic(
                "jars",
                "Add jar files (globs allowed) to the classpath of Java cells",
                (call, ctx) -> new Jars(ctx == null ? Path.of("") : ctx.workingDirectory(), addJar)));
        registry.register(new CommandMagic(
                "classpath", "Show what %jars and %maven added to the classpath", (call, ctx) -> new Classpath(added)));
        registry.register(new CommandMagic(
                "maven",
                "Add a Maven artifact and its dependencies from Maven Central",
                (call, ctx) -> new MavenCommand(add, docs, ctx)));
    }

    @Command(
            name = "jars",
            description = "Add jar files to the classpath of Java cells.",
            footer = {"", "Examples:", "  %jars lib/mylib.jar", "  %jars 'lib/*.jar' ~/jars/extra.jar"})
    static final class Jars implements Callable<Object> {
        private final Path base;
        private final Consumer<String> add;

        @Parameters(arity = "1..*", paramLabel = "PATH", description = "A jar file or a glob like lib/*.jar")
        List<String> paths = new ArrayList<>();

        Jars(Path base, Consumer<String> add) {
            this.base = base;
            this.add = add;
        }

        @Override
        public Object call() throws IOException {
            List<String> found = new ArrayList<>();
            for (String pattern : paths) {
                List<Path> matches = expand(pattern);
                if (matches.isEmpty()) {
                    throw new MagicException(
                            "No file matches " + pattern + " (relative paths start at " + base.toAbsolutePath() + ").");
                }
                for (Path jar : matches) {
                    add.accept(jar.toString());
                    found.add(jar.toString());
                }
            }
            return "Added to the classpath:\n  " + String.join("\n  ", found);
        }

        private List<Path> expand(String pattern) throws IOException {
            String p = pattern.startsWith("~/")
                    ? org.hpckernel.cluster.profile.UserDirs.home() + pattern.substring(1)
                    : pattern;
            if (!p.contains("*") && !p.contains("?") && !p.contains("[")) {
                Path file = base.resolve(p).toAbsolutePath().normalize();
                return Files.exists(file) ? List.of(file) : List.of();
            }
            Path absolute = base.resolve(p).toAbsolutePath().normalize();
            Path root = absolute.getRoot();
            Path dir = root;
            for (Path part : root.relativize(absolute)) {
                if (part.toString().matches(".*[*?\\[].*")) {
                    break;
                }
                dir = dir.resolve(part);
            }
            PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + absolute);
            if (!Files.isDirectory(dir)) {
                return List.of();
            }
            try (Stream<Path> walk = Files.walk(dir)) {
                return walk.filter(Files::isRegularFile)
                        .filter(matcher::matches)
                        .sorted()
                        .toList();
            }
        }
    }

    @Command(name = "classpath", description = "Show the jars added with %jars and %maven.")
    static final class Classpath implements Callable<Object> {
        private final List<String> added;

        Classpath(List<String> added) {
            this.added = added;
        }

        @Override
        public Object call() {
            return added.isEmpty()
                    ? "Nothing added yet: use %jars PATH or %maven GROUP:ARTIFACT:VERSION."
                    : "Added to the classpath of Java cells:\n  " + String.join("\n  ", added);
        }
    }
}
