package org.hpckernel.tracking;

/** Bytes moved so far for one file of an artifact, reported while it streams (for a progress line). */
@FunctionalInterface
public interface TransferProgress {

    TransferProgress NONE = (action, file, done, total) -> {};

    /** {@code action} is "uploading" or "downloading"; {@code done} of {@code total} bytes of {@code file}. */
    void bytes(String action, String file, long done, long total);
}
