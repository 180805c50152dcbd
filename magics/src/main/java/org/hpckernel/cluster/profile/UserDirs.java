package org.hpckernel.cluster.profile;

import java.nio.file.Path;
import java.util.Map;

/**
 * The user's home and XDG folders from the environment. Java's {@code user.home} comes from the
 * user database and ignores {@code $HOME}, so a kernel started with another HOME (tests, containers,
 * sudo -E) would otherwise read and write the wrong user's files.
 */
public final class UserDirs {

    private UserDirs() {}

    public static Path home() {
        return home(System.getenv());
    }

    static Path home(Map<String, String> env) {
        String home = env.get("HOME");
        return home != null && !home.isBlank() ? Path.of(home) : Path.of(System.getProperty("user.home"));
    }

    /** {@code $XDG_CONFIG_HOME}, else {@code $HOME/.config}. */
    public static Path config() {
        return xdg("XDG_CONFIG_HOME", ".config");
    }

    /** {@code $XDG_DATA_HOME}, else {@code $HOME/.local/share}. */
    public static Path data() {
        return xdg("XDG_DATA_HOME", ".local/share");
    }

    /** {@code $XDG_STATE_HOME}, else {@code $HOME/.local/state}: logs and other state worth keeping, not data. */
    public static Path state() {
        return xdg("XDG_STATE_HOME", ".local/state");
    }

    private static Path xdg(String variable, String underHome) {
        String value = System.getenv(variable);
        return value != null && !value.isBlank() ? Path.of(value) : home().resolve(underHome);
    }

    /**
     * Points {@code user.home} at {@code $HOME}, so libraries that read it (JSch, Maven's resolver,
     * Tablesaw) agree with the kernel. Called once at kernel start.
     */
    public static void alignUserHome() {
        System.setProperty("user.home", home().toString());
    }
}
