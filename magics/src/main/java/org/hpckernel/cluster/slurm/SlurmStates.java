package org.hpckernel.cluster.slurm;

import java.util.Locale;
import org.hpckernel.cluster.JobState;

/** Slurm's state names (squeue and sacct spellings) as our normalised states. */
final class SlurmStates {

    private SlurmStates() {}

    static JobState parse(String raw) {
        String s = raw.strip().toUpperCase(Locale.ROOT);
        int space = s.indexOf(' ');
        if (space > 0) {
            s = s.substring(0, space); // "CANCELLED by 1000"
        }
        s = s.replace("+", "");
        return switch (s) {
            case "PENDING",
                    "PD",
                    "REQUEUED",
                    "REQUEUE_FED",
                    "REQUEUE_HOLD",
                    "RESV_DEL_HOLD",
                    "SUSPENDED",
                    "S",
                    "CONFIGURING",
                    "CF" -> JobState.PENDING;
            case "RUNNING", "R", "COMPLETING", "CG", "STAGE_OUT", "SO", "SIGNALING", "RESIZING" -> JobState.RUNNING;
            case "COMPLETED", "CD" -> JobState.COMPLETED;
            case "FAILED", "F", "BOOT_FAIL", "BF", "DEADLINE", "DL", "SPECIAL_EXIT", "SE" ->
                s.startsWith("BOOT") || s.equals("BF") ? JobState.NODE_FAIL : JobState.FAILED;
            case "CANCELLED", "CA", "REVOKED", "RV" -> JobState.CANCELLED;
            case "TIMEOUT", "TO" -> JobState.TIMEOUT;
            case "OUT_OF_MEMORY", "OOM" -> JobState.OUT_OF_MEMORY;
            case "NODE_FAIL", "NF" -> JobState.NODE_FAIL;
            case "PREEMPTED", "PR" -> JobState.PREEMPTED;
            default -> JobState.UNKNOWN;
        };
    }
}
