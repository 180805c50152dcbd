package org.hpckernel.sweep;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.hpckernel.cluster.Transport;

/**
 * A trial's checkpoint folder, {@code SWEEP/checkpoints/trial-N}: the same for every attempt of the
 * trial, so a program that saves its state there resumes when the trial runs again (our retry after
 * NODE_FAIL/PREEMPTED, attempt+1, or the scheduler's own requeue of the same attempt). Outside the
 * {@code trial-N-aA} folders, which are per attempt.
 */
public final class TrialCheckpoint {

    /** Beside the attempt folders in the sweep's folder. */
    public static final String FOLDER = "checkpoints";

    /** In the attempt folder: one line per time the scheduler started the attempt (see {@link AttemptStarts}). */
    public static final String STARTS_FILE = "hpc-starts.txt";

    private TrialCheckpoint() {}

    /**
     * Job-script lines run in the attempt folder with HPC_TRIAL set: export HPC_CHECKPOINT_DIR (absolute: the
     * folder's parent is the sweep's), HPC_RESUMED (1 when the folder held anything at this start) and, when the
     * trial started before, WANDB_RESUME=allow (unless set), and
     * append this start to {@link #STARTS_FILE} before the trial's command runs, so a killed run is counted too.
     */
    public static String scriptLines() {
        return "export HPC_CHECKPOINT_DIR=\"${PWD%/*}/" + FOLDER + "/trial-$HPC_TRIAL\"\n"
                // the folder exists once the trial has started before: W&B's own rerun of a run (wandb_agent.py,
                // command "resume") keeps its run id; WANDB_RESUME=allow makes wandb.init() continue that run
                + "if [ -d \"$HPC_CHECKPOINT_DIR\" ]; then export WANDB_RESUME=\"${WANDB_RESUME:-allow}\"; fi\n"
                + "mkdir -p \"$HPC_CHECKPOINT_DIR\" || exit 90\n"
                + "if [ -n \"$(ls -A \"$HPC_CHECKPOINT_DIR\")\" ]; then HPC_RESUMED=1; else HPC_RESUMED=0; fi\n"
                + "export HPC_RESUMED\n"
                + "printf '%s %s\\n' \"$([ \"$HPC_RESUMED\" = 1 ] && echo resumed || echo fresh)\" "
                + "\"$(date -u +%Y-%m-%dT%H:%M:%SZ)\" >> " + STARTS_FILE + "\n";
    }

    /** The checkpoint folder of trial {@code number} (for messages; the script derives it itself). */
    public static String folder(String sweepDir, int number) {
        return sweepDir + "/" + FOLDER + "/trial-" + number;
    }

    /** One read of the attempt folder's start file; empty when the attempt never started (no file). */
    public static Optional<AttemptStarts> read(Transport transport, String attemptFolder) {
        try {
            byte[] text = transport.read(attemptFolder + "/" + STARTS_FILE, 0, 1 << 16);
            return Optional.of(AttemptStarts.parse(new String(text, StandardCharsets.UTF_8)));
        } catch (IOException notStarted) {
            return Optional.empty();
        }
    }
}
