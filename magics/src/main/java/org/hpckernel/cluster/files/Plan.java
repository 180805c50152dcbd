package org.hpckernel.cluster.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.hpckernel.cluster.RemoteFile;
import org.hpckernel.cluster.Transport;

/**
 * Which file goes where in one put or get, as {@code rsync -r} places them, so a second run lands on
 * the same files: a folder {@code data} arrives as {@code TARGET/data/...}; a folder's contents
 * ({@code data/}, or {@code JOBID:}) arrive directly in {@code TARGET}. TARGET is a folder when it
 * ends with {@code /}, already is one, or more than one file or any folder is sent; otherwise the one
 * file is copied to that name. Links to files are copied as files; links to folders are not followed;
 * empty folders are not created.
 */
public final class Plan {

    private Plan() {}

    /** One file to copy: the local side, the cluster side (absolute), and the source's size and time. */
    public record Item(Path local, String remote, SkipRule.Stamp source) {}

    /** A cluster file or folder to get; {@code contents}: the folder's entries, not the folder itself. */
    public record RemoteSource(RemoteFile file, boolean contents) {}

    /** Local files and folders (each folder as a whole) to the cluster path {@code target}. */
    public static List<Item> put(List<Path> sources, String target, boolean targetIsFolder) throws IOException {
        for (Path p : sources) {
            if (!Files.exists(p)) {
                throw new NoSuchFileException(p.toString(), null, "no such file or folder here");
            }
        }
        boolean intoFolder = targetIsFolder
                || target.endsWith("/")
                || sources.size() > 1
                || sources.stream().anyMatch(Files::isDirectory);
        String base = stripSlash(target);
        List<Item> items = new ArrayList<>();
        for (Path source : sources) {
            if (Files.isDirectory(source)) {
                String folder = child(
                        base, source.toAbsolutePath().normalize().getFileName().toString());
                try (Stream<Path> walk = Files.walk(source)) {
                    for (Path f : (Iterable<Path>) walk.sorted()::iterator) {
                        if (Files.isRegularFile(f)) {
                            items.add(new Item(f, folder + "/" + slashes(source.relativize(f)), stamp(f)));
                        }
                    }
                }
            } else {
                items.add(new Item(
                        source, intoFolder ? child(base, source.getFileName().toString()) : base, stamp(source)));
            }
        }
        return items;
    }

    /** Cluster files and folders (walked over {@code transport}) to the local path {@code target}. */
    public static List<Item> get(List<RemoteSource> sources, Path target, boolean targetIsFolder, Transport transport)
            throws IOException {
        boolean intoFolder = targetIsFolder
                || Files.isDirectory(target)
                || sources.size() > 1
                || sources.stream().anyMatch(s -> s.file().isDirectory());
        List<Item> items = new ArrayList<>();
        for (RemoteSource source : sources) {
            RemoteFile f = source.file();
            if (f.isDirectory()) {
                Path folder = source.contents() ? target : target.resolve(f.name());
                walk(transport, f.path(), folder, items);
            } else {
                items.add(new Item(
                        intoFolder ? target.resolve(f.name()) : target,
                        f.path(),
                        new SkipRule.Stamp(f.size(), f.modified())));
            }
        }
        return items;
    }

    private static void walk(Transport transport, String dir, Path into, List<Item> items) throws IOException {
        List<RemoteFile> entries = new ArrayList<>(transport.list(dir));
        entries.sort(java.util.Comparator.comparing(RemoteFile::name));
        for (RemoteFile e : entries) {
            RemoteFile f =
                    e.type() == RemoteFile.Type.LINK ? transport.stat(e.path()).orElse(e) : e;
            if (e.type() == RemoteFile.Type.DIRECTORY) {
                walk(transport, e.path(), into.resolve(e.name()), items);
            } else if (f.type() == RemoteFile.Type.FILE) {
                items.add(new Item(into.resolve(e.name()), e.path(), new SkipRule.Stamp(f.size(), f.modified())));
            }
        }
    }

    static SkipRule.Stamp stamp(Path file) throws IOException {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        return new SkipRule.Stamp(
                a.size(), Instant.ofEpochSecond(a.lastModifiedTime().toInstant().getEpochSecond()));
    }

    /** The local file's stamp, or empty when there is none. */
    static Optional<SkipRule.Stamp> localStamp(Path file) throws IOException {
        return Files.isRegularFile(file) ? Optional.of(stamp(file)) : Optional.empty();
    }

    private static String stripSlash(String path) {
        String p = path;
        while (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }

    private static String child(String folder, String name) {
        return (folder.equals("/") ? "" : folder) + "/" + name;
    }

    private static String slashes(Path relative) {
        return relative.toString().replace(relative.getFileSystem().getSeparator(), "/");
    }
}
