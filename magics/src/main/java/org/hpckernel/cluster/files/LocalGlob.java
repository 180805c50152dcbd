package org.hpckernel.cluster.files;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The LOCAL arguments of {@code %hpc put} as a shell would read them: relative to the notebook's
 * folder, {@code ~/} at the user's home, patterns ({@code *.csv}, {@code data/run-?/*.json}) matched
 * here and not on the cluster, names starting with a dot matched only by a pattern that starts with
 * one. {@code data/} (a trailing slash) stands for what is in the folder, as with rsync.
 */
public final class LocalGlob {

    private LocalGlob() {}

    /**
     * The files and folders named; {@code intoFolder} when the target must be a folder even for one
     * file (a pattern or a folder's contents was given: the set could have had more).
     */
    public record Expanded(List<Path> paths, boolean intoFolder) {}

    public static Expanded expand(List<String> args, Path base) throws IOException {
        List<Path> out = new ArrayList<>();
        boolean intoFolder = false;
        for (String arg : args) {
            String text =
                    arg.equals("~") || arg.startsWith("~/") ? System.getProperty("user.home") + arg.substring(1) : arg;
            if (isPattern(text)) {
                List<Path> matches = matches(base, text);
                if (matches.isEmpty()) {
                    throw new NoSuchFileException(arg, null, "nothing matches it in " + base);
                }
                out.addAll(matches);
                intoFolder = true;
            } else if (text.endsWith("/") && Files.isDirectory(base.resolve(text))) {
                try (Stream<Path> entries = Files.list(base.resolve(text))) {
                    entries.sorted().forEach(out::add);
                }
                intoFolder = true;
            } else {
                out.add(base.resolve(text));
            }
        }
        return new Expanded(out, intoFolder);
    }

    static boolean isPattern(String text) {
        return text.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '{');
    }

    /** Walks from the last folder before the first pattern element, as deep as the pattern goes. */
    private static List<Path> matches(Path base, String pattern) throws IOException {
        String[] parts = pattern.split("/", -1);
        int at = 0;
        while (!isPattern(parts[at])) {
            at++;
        }
        int first = at;
        String fixed = String.join("/", java.util.Arrays.copyOfRange(parts, 0, first));
        Path root = fixed.isEmpty() ? (pattern.startsWith("/") ? Path.of("/") : base) : base.resolve(fixed);
        String rest = String.join("/", java.util.Arrays.copyOfRange(parts, first, parts.length));
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + rest);
        int depth = parts.length - first;
        List<Path> found = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root, depth)) {
            walk.filter(p -> !p.equals(root)).forEach(p -> {
                Path relative = root.relativize(p);
                if (relative.getNameCount() == depth
                        && matcher.matches(relative)
                        && !hiddenUnasked(relative, parts, first)) {
                    found.add(p);
                }
            });
        }
        found.sort(null);
        return found;
    }

    /** {@code *} does not match {@code .git} in a shell; {@code .*} does. */
    private static boolean hiddenUnasked(Path relative, String[] parts, int first) {
        for (int i = 0; i < relative.getNameCount(); i++) {
            if (relative.getName(i).toString().startsWith(".") && !parts[first + i].startsWith(".")) {
                return true;
            }
        }
        return false;
    }
}
