package org.hpckernel.cluster.files;

import java.time.Instant;
import java.util.Optional;

/**
 * When a file need not travel, and where an interrupted copy goes on; like rsync's quick check. A
 * target of the same size and modification time (to the second, what SFTP carries) is taken as
 * unchanged without reading a byte. Same size but another time: both sides' SHA-256 decide, and an
 * equal file only gets its time set, so the next run takes the quick path.
 */
public final class SkipRule {

    private SkipRule() {}

    /** What to do with one file before any byte moves. */
    public enum Check {
        UNCHANGED,
        COMPARE_CHECKSUMS,
        COPY
    }

    /** Size and modification time of one side. */
    public record Stamp(long size, Instant modified) {}

    public static Check check(Stamp source, Optional<Stamp> target) {
        if (target.isEmpty() || target.get().size() != source.size()) {
            return Check.COPY;
        }
        return target.get().modified().getEpochSecond() == source.modified().getEpochSecond()
                ? Check.UNCHANGED
                : Check.COMPARE_CHECKSUMS;
    }

    /**
     * Where a copy into {@code NAME.part} starts: after the bytes a cut-short copy left there, or at 0
     * when there is none or it is longer than the source (a different file). The whole file's
     * checksum is compared at the end either way, so a stale part costs one copy from scratch.
     */
    public static long resumeFrom(long sourceSize, long partSize) {
        return partSize > 0 && partSize <= sourceSize ? partSize : 0;
    }
}
