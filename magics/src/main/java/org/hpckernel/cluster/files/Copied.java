package org.hpckernel.cluster.files;

/**
 * One file of a put or get: where from and to, its size and SHA-256 (verified on both sides when it
 * was copied), and how: copied (from byte {@code resumedFrom} when a cut-short copy was continued),
 * or skipped as unchanged.
 */
public record Copied(String from, String to, long size, Outcome outcome, long resumedFrom, String sha256) {

    public enum Outcome {
        /** Copied and verified. */
        COPIED,
        /** Skipped: same size and modification time. */
        UNCHANGED,
        /** Skipped: same size and checksum (its time was set, so the next check is quick). */
        SAME_CONTENT
    }
}
