package org.hpckernel.cluster.profile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hpckernel.HpcException;

/**
 * Profiles in a YAML file the user can also edit by hand:
 * {@code $XDG_CONFIG_HOME/hpc-kernel/profiles.yaml} (~/.config/...). The {@code local} profile is
 * always there and is the default until another is chosen with {@code use}.
 */
public final class ProfileStore {

    private static final com.fasterxml.jackson.databind.ObjectMapper YAML = org.hpckernel.Json.yamlFiles();

    /** The file's shape. */
    public record File(String current, List<Profile> profiles) {}

    private final Path file;

    public ProfileStore(Path file) {
        this.file = file;
    }

    public static Path defaultPath() {
        String override = System.getenv("HPC_KERNEL_PROFILES");
        if (override != null && !override.isBlank()) {
            return Path.of(override);
        }
        return UserDirs.config().resolve("hpc-kernel").resolve("profiles.yaml");
    }

    public Path path() {
        return file;
    }

    public synchronized List<Profile> all() throws IOException {
        Map<String, Profile> byName = new LinkedHashMap<>();
        byName.put(Profile.LOCAL, Profile.local());
        for (Profile p : read().profiles()) {
            byName.put(p.name(), p);
        }
        return new ArrayList<>(byName.values());
    }

    public synchronized Optional<Profile> find(String name) throws IOException {
        return all().stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** The profile called {@code name}, or an error naming the ones that exist. */
    public synchronized Profile require(String name) throws IOException {
        return find(name).orElseThrow(() -> {
            try {
                List<String> names = all().stream().map(Profile::name).toList();
                String hint = org.hpckernel.Suggestions.closest(name, names)
                        .map(s -> " Did you mean " + s + "?")
                        .orElse("");
                return new HpcException(
                        "No profile called '" + name + "'." + hint + " Known: " + String.join(", ", names)
                                + ". Add one with %hpc profile add NAME --host HOST --scheduler slurm.");
            } catch (IOException e) {
                return new HpcException("No profile called '" + name + "'");
            }
        });
    }

    /** The default for new kernels ({@code current:} in the file), else {@code local}. */
    public synchronized Profile current() throws IOException {
        String current = read().current();
        return current == null ? Profile.local() : find(current).orElse(Profile.local());
    }

    public synchronized void save(Profile profile) throws IOException {
        if (profile.name().equals(Profile.LOCAL) && !profile.isLocal()) {
            throw new HpcException("'local' is the built-in profile for this machine; choose another name.");
        }
        File f = read();
        List<Profile> profiles = new ArrayList<>(f.profiles());
        profiles.removeIf(p -> p.name().equals(profile.name()));
        profiles.add(profile);
        write(new File(f.current(), profiles));
    }

    public synchronized boolean remove(String name) throws IOException {
        File f = read();
        List<Profile> profiles = new ArrayList<>(f.profiles());
        boolean removed = profiles.removeIf(p -> p.name().equals(name));
        write(new File(name.equals(f.current()) ? null : f.current(), profiles));
        return removed;
    }

    /** Makes {@code name} the default for kernels started from now on. */
    public synchronized void use(String name) throws IOException {
        require(name);
        write(new File(name, read().profiles()));
    }

    private File read() throws IOException {
        if (!Files.isRegularFile(file)) {
            return new File(null, List.of());
        }
        try {
            File f = YAML.readValue(file.toFile(), File.class);
            return f == null
                    ? new File(null, List.of())
                    : new File(f.current(), f.profiles() == null ? List.of() : f.profiles());
        } catch (IOException e) {
            throw new HpcException("Cannot read the profiles file " + file + ": "
                    + e.getMessage().split("\n")[0] + ". Fix or remove it.");
        }
    }

    private void write(File f) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        YAML.writeValue(tmp.toFile(), f);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
