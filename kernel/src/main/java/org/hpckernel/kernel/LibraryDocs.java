package org.hpckernel.kernel;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.zip.ZipFile;

/**
 * Javadoc of the jars {@code %maven} and {@code %jars} added, which JShell cannot show (it reads only
 * the JDK's src.zip): a class is found in the jar that holds it, and its doc comment in that jar's
 * sources, looked for only when Shift-Tab first asks (a {@code -sources} jar beside it, or fetched
 * from the artifact's repository), then remembered.
 */
final class LibraryDocs {

    private record Library(Path jar, Supplier<Optional<Path>> sources) {}

    /** Where a class lives: its library and its jar entry. */
    private record Location(Library library, String entry) {}

    private static final int PARSED_KEPT = 8;

    private final List<Library> libraries = new CopyOnWriteArrayList<>();
    private final Map<Path, Optional<Path>> sourcesOf = new ConcurrentHashMap<>();
    /** Class name -> where it is; cleared when a jar is added (a class not found may be in it). */
    private final Map<String, Optional<Location>> located = new ConcurrentHashMap<>();
    /** The last source files parsed (Shift-Tab asks about one class's overloads together). */
    private final Map<String, Optional<SourceJavadoc.Parsed>> parsed =
            java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Optional<SourceJavadoc.Parsed>> eldest) {
                    return size() > PARSED_KEPT;
                }
            });

    /** A jar on the classpath, with how to find its sources when they are first needed. */
    void added(Path jar, Supplier<Optional<Path>> findSources) {
        libraries.add(new Library(jar, findSources));
        located.clear();
    }

    /** A jar whose sources, if any, lie beside it as {@code NAME-sources.jar} (as Maven and Gradle caches keep them). */
    void added(Path jar) {
        added(jar, () -> besideIt(jar));
    }

    static Optional<Path> besideIt(Path jar) {
        String name = jar.getFileName().toString();
        Path sources = jar.resolveSibling(name.replaceFirst("\\.jar$", "") + "-sources.jar");
        return Files.isRegularFile(sources) ? Optional.of(sources) : Optional.empty();
    }

    /** The doc comment of {@code target}, whose owner is a fully qualified class name. */
    Optional<String> javadoc(String ownerClass, DocTarget target) {
        Optional<Location> where = located.computeIfAbsent(ownerClass, this::locate);
        if (where.isEmpty()) return Optional.empty();
        Library library = where.get().library();
        Optional<Path> sources =
                sourcesOf.computeIfAbsent(library.jar(), j -> library.sources().get());
        if (sources.isEmpty()) return Optional.empty();
        // Outer$Inner.class is described in Outer.java, as type Outer.Inner
        String binary = where.get().entry().replaceFirst("\\.class$", "");
        String sourceFile = binary.replaceFirst("\\$.*$", "") + ".java";
        String typePath = binary.substring(binary.lastIndexOf('/') + 1).replace('$', '.');
        Path jar = sources.get();
        return parsed.computeIfAbsent(
                        jar + "!" + sourceFile, k -> read(jar, sourceFile).flatMap(SourceJavadoc::parse))
                .flatMap(p -> p.find(typePath, target.member(), target.params()));
    }

    private Optional<Location> locate(String className) {
        for (Library library : libraries) {
            Optional<String> entry = classEntry(library.jar(), className);
            if (entry.isPresent()) return Optional.of(new Location(library, entry.get()));
        }
        return Optional.empty();
    }

    /** The jar entry of a class named with dots, nested classes included ({@code a.B.C} may be {@code a/B$C.class}). */
    private static Optional<String> classEntry(Path jar, String className) {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            String name = className;
            while (true) {
                String entry = name.replace('.', '/') + ".class";
                if (zip.getEntry(entry) != null) return Optional.of(entry);
                int dot = name.lastIndexOf('.');
                if (dot < 0) return Optional.empty();
                name = name.substring(0, dot) + "$" + name.substring(dot + 1);
            }
        } catch (IOException unreadable) {
            return Optional.empty();
        }
    }

    private static Optional<String> read(Path sourcesJar, String entryName) {
        try (ZipFile zip = new ZipFile(sourcesJar.toFile())) {
            var entry = zip.getEntry(entryName);
            if (entry == null) return Optional.empty();
            try (InputStream in = zip.getInputStream(entry)) {
                return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (IOException unreadable) {
            return Optional.empty();
        }
    }
}
