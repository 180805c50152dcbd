package org.hpckernel.tracking;

import java.util.List;

/** One stored version of an artifact: {@code name:vN}, its type, W&B manifest digest, aliases and files. */
public record ArtifactVersion(
        String name, int index, String type, String digest, List<String> aliases, Manifest manifest, String createdAt) {

    public ArtifactVersion {
        aliases = List.copyOf(aliases);
    }

    public String version() {
        return "v" + index;
    }

    public String ref() {
        return name + ":" + version();
    }
}
