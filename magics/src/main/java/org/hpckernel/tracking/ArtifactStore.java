package org.hpckernel.tracking;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Versioned artifacts with W&B semantics: versions v0, v1, ...; {@code latest} moves to each new version;
 * putting content whose manifest digest equals an existing version makes no new version (the aliases
 * given are added to that version instead).
 */
public interface ArtifactStore {

    /** Stores files (directories contribute their files by relative path) as the next version of {@code name}. */
    ArtifactVersion put(String name, String type, List<Path> paths, List<String> aliases) throws IOException;

    /** Resolves {@code name:vN} or {@code name:alias}; a missing one is an {@link ArtifactNotFoundException}. */
    ArtifactVersion resolve(ArtifactRef ref) throws IOException;

    /** Writes the version's files under {@code dir}, checking each file's MD5 against the manifest. */
    ArtifactVersion download(ArtifactRef ref, Path dir) throws IOException;

    /** The versions of one artifact, oldest first. */
    List<ArtifactVersion> versions(String name) throws IOException;

    /** The artifact names this store knows. */
    List<String> names() throws IOException;

    /** Where the store lives, for messages (never contains a secret). */
    String describe();
}
