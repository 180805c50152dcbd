package org.hpckernel.cluster;

import java.util.Optional;

/**
 * One job's state with its evidence: exit code and signal, the scheduler's reason, and where the
 * answer came from (queue, accounting, exit file), so a failure can be explained.
 */
public record JobStatus(JobId id, JobState state, Optional<Integer> exitCode, Optional<Integer> signal,
                        String reason, Source source) {

    public enum Source { QUEUE, ACCOUNTING, EXIT_FILE, NONE }

    public static JobStatus unknown(JobId id, String reason) {
        return new JobStatus(id, JobState.UNKNOWN, Optional.empty(), Optional.empty(), reason, Source.NONE);
    }
}
