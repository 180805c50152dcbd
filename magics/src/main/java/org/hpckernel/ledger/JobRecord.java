package org.hpckernel.ledger;

import java.time.Instant;
import java.util.Optional;

/** A job as the ledger remembers it: enough to find, follow and explain it after a restart. */
public record JobRecord(
        String profile,
        String jobId,
        String name,
        String jobDirectory,
        Instant submittedAt,
        String state,
        Optional<Integer> exitCode,
        String reason,
        String specJson,
        String stateSource,
        Instant stateSeenAt) {

    /** A final state read only from the job's own exit file: asked about again until the scheduler confirms it. */
    public boolean inferred() {
        return "EXIT_FILE".equals(stateSource);
    }
}
