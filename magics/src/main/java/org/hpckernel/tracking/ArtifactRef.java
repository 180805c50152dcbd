package org.hpckernel.tracking;

import java.util.regex.Pattern;

/** {@code name}, {@code name:vN} or {@code name:alias}; no alias means {@code latest}. */
public record ArtifactRef(String name, String alias) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]+");
    private static final Pattern VERSION = Pattern.compile("v(\\d+)");

    public ArtifactRef {
        checkName(name);
        if (alias == null || alias.isEmpty()) {
            alias = "latest";
        }
        if (!NAME.matcher(alias).matches()) {
            throw new IllegalArgumentException("bad alias '" + alias + "': use letters, digits, '_', '.' or '-'");
        }
    }

    public static ArtifactRef parse(String text) {
        int colon = text.lastIndexOf(':');
        return colon < 0
                ? new ArtifactRef(text, null)
                : new ArtifactRef(text.substring(0, colon), text.substring(colon + 1));
    }

    /** The version index when the alias is {@code vN}, else -1. */
    public int versionIndex() {
        var m = VERSION.matcher(alias);
        return m.matches() ? Integer.parseInt(m.group(1)) : -1;
    }

    static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches() || name.startsWith(".")) {
            throw new IllegalArgumentException(
                    "bad artifact name '" + name + "': use letters, digits, '_', '.' or '-'");
        }
    }

    @Override
    public String toString() {
        return name + ":" + alias;
    }
}
