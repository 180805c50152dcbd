package org.hpckernel.cluster;

/**
 * The job-side half of a chained run ({@code --chain N}): the lines each link runs before the
 * user's script and in its exit trap. The job itself decides whether the chain goes on, so a chain
 * keeps its rules while the notebook is closed.
 *
 * <p>The rules, per link {@code k} of {@code N}:
 * <ul>
 *   <li>exit 0: the next link runs; if the script touched {@code $HPC_CHAIN_DONE}, the chain ends
 *       here (COMPLETED) and the later links are cancelled;</li>
 *   <li>ended by the time limit (SIGTERM at or after it): the next link runs when the link made
 *       progress, i.e. the file {@code $HPC_CHAIN_STATE} (default {@code chain.state} in the job
 *       directory; {@code --env HPC_CHAIN_STATE=PATH} names your own checkpoint) changed during the
 *       link (modification time, size or inode); unchanged, the chain stops (TIMEOUT, no progress);</li>
 *   <li>anything else (a non-zero exit, a signal before the limit: cancel, out of memory...) stops the
 *       chain, saying why.</li>
 * </ul>
 * A link killed before its trap could run (SIGKILL: Grid Engine's h_rt, an out-of-memory kill of the
 * whole job) is judged by the next link before it runs the script: at or past the limit it timed out
 * (progress as above), earlier it failed. Every verdict is one line of {@code chain.log} in the job
 * directory: {@code LINK next|stop|end STATE why}; the notebook reads it ({@link ChainStatus}).
 * Stopping cancels the later links with the scheduler's own command ({@link BatchSystem#cancelLaterLinksCommand});
 * should that fail, each later link still sees the stop line and exits at once without running the script.
 */
public final class ChainScript {

    /** The words of a verdict on a link that timed out having changed nothing. */
    static final String NO_PROGRESS = "time limit without progress";

    /** The verdicts, one line a link, in the job directory. */
    public static final String LOG = "chain.log";

    private ChainScript() {}

    /**
     * The chain's variables and functions, right after the exit trap is set, so that a link failing
     * before its script (a working folder that is missing) still gets its verdict. {@code cancelLater}
     * is a shell command that cancels the links after this one.
     */
    static String definitions(int links, String cancelLater) {
        return "# --- hpc-kernel: chained run (link $HPC_CHAIN_LINK of $HPC_CHAIN_LINKS) ---\n"
                + "export HPC_CHAIN_LINK=\"$HPC_ARRAY_TASK_ID\" HPC_CHAIN_LINKS=" + links
                + " HPC_CHAIN_DONE=\"$HPC_JOB_DIR/chain.done\"\n"
                // cheap whatever the checkpoint's size: no reading of its bytes in the seconds before a kill
                + "_hpc_fp() { stat -L -c '%y %s %i' \"$HPC_CHAIN_STATE\" 2>/dev/null || echo none; }\n"
                + "_hpc_chain_log() { printf '%s %s %s %s\\n' \"$1\" \"$2\" \"$3\" \"$4\" >> \"$HPC_JOB_DIR/" + LOG
                + "\"; }\n"
                + "_hpc_chain_cancel_later() { " + cancelLater + " ; } >/dev/null 2>&1\n"
                // LINK ENDED-BY-LIMIT(0/1) RC SIGNAL: the verdict on one link, logged; stops the chain when it must
                + "_hpc_chain_verdict() {\n"
                + "  local k=$1 atlimit=$2 rc=$3 sig=$4 v s why\n"
                + "  if [ \"$rc\" = 0 ] && [ \"$sig\" = 0 ] && [ -e \"$HPC_CHAIN_DONE\" ]; then v=stop s=COMPLETED why=\"finished: the link touched HPC_CHAIN_DONE\"\n"
                + "  elif [ \"$rc\" = 0 ] && [ \"$sig\" = 0 ]; then v=next s=COMPLETED why=\"exit 0\"\n"
                + "  elif [ \"$atlimit\" = 1 ]; then\n"
                + "    if [ \"$(cat \"$HPC_JOB_DIR/chain.start.$k\" 2>/dev/null)\" != \"$(_hpc_fp)\" ]; then v=next s=TIMEOUT why=\"time limit, with progress: HPC_CHAIN_STATE changed\"\n"
                + "    else v=stop s=TIMEOUT why=\"" + NO_PROGRESS
                + ": HPC_CHAIN_STATE ($HPC_CHAIN_STATE) did not change during the link\"; fi\n"
                + "  elif [ \"$sig\" != 0 ]; then v=stop s=CANCELLED why=\"signal $sig before the time limit (cancelled or preempted)\"\n"
                + "  else v=stop s=FAILED why=\"exit code $rc\"; fi\n"
                + "  [ \"$v\" = next ] && [ \"$k\" -ge \"$HPC_CHAIN_LINKS\" ] && v=end\n"
                + "  _hpc_chain_log \"$k\" \"$v\" \"$s\" \"$why\"\n"
                + "  [ \"$v\" = stop ] && [ \"$k\" -lt \"$HPC_CHAIN_LINKS\" ] && _hpc_chain_cancel_later\n"
                + "  return 0\n"
                + "}\n"
                + "_hpc_chain=1\n";
    }

    /**
     * The lines run just before the user's script, after the job's environment (so a
     * {@code HPC_CHAIN_STATE} given with {@code --env} counts): the verdict on a previous link that
     * left none, the stop gate, and the state file's fingerprint at the start.
     */
    static String beforeScript() {
        return "export HPC_CHAIN_STATE=\"${HPC_CHAIN_STATE:-$HPC_JOB_DIR/chain.state}\"\n"
                + "case \"$HPC_CHAIN_STATE\" in /*) ;; *) HPC_CHAIN_STATE=\"$PWD/$HPC_CHAIN_STATE\";; esac\n"
                // the previous link left no verdict: killed before its trap ran (or cancelled before it started)
                + "_hpc_prev=$((HPC_CHAIN_LINK - 1))\n"
                + "if [ \"$_hpc_prev\" -ge 1 ] && ! grep -qs \"^$_hpc_prev \" \"$HPC_JOB_DIR/" + LOG
                + "\" && ! grep -qs '^[0-9]* stop ' \"$HPC_JOB_DIR/" + LOG + "\"; then\n"
                + "  _hpc_pstart=$(sed -n 's/.*\"start\":\\([0-9]*\\).*/\\1/p' \"$HPC_JOB_DIR/started.$_hpc_prev\" 2>/dev/null)\n"
                + "  if [ -z \"$_hpc_pstart\" ]; then _hpc_chain_log \"$_hpc_prev\" stop CANCELLED \"never ran (cancelled before it started)\"; _hpc_chain_cancel_later\n"
                + "  elif [ \"$_hpc_limit\" -gt 0 ] && [ $(( $(date +%s) - _hpc_pstart + _hpc_grace )) -ge \"$_hpc_limit\" ]; then _hpc_chain_verdict \"$_hpc_prev\" 1 137 9\n"
                + "  else _hpc_chain_log \"$_hpc_prev\" stop FAILED \"killed before the time limit without running its exit trap (out of memory? SIGKILL?)\"; "
                + "_hpc_chain_cancel_later; fi\n"
                + "fi\n"
                // an earlier link stopped the chain: this one runs nothing and leaves no exit file
                + "if grep -qs '^[0-9]* stop ' \"$HPC_JOB_DIR/" + LOG + "\"; then\n"
                + "  _hpc_chain_cancel_later; rm -f \"$HPC_JOB_DIR/started$_hpc_sfx\"; trap - EXIT; exit 0\n"
                + "fi\n"
                + "_hpc_fp > \"$HPC_JOB_DIR/chain.start.$HPC_CHAIN_LINK\"\n";
    }

    /**
     * The exit trap's part, after the exit file is written: the verdict on this link. Ended by the
     * limit means a signal at or after it, or the local executor's watchdog mark.
     */
    static String inExitTrap() {
        return "; if [ -n \"${_hpc_chain:-}\" ]; then _hpc_al=0; if [ \"$_hpc_signal\" != 0 ] && { { [ \"$_hpc_limit\" -gt 0 ] "
                + "&& [ $(( $(date +%s) - _hpc_start + _hpc_grace )) -ge \"$_hpc_limit\" ]; } || [ -e \"$HPC_JOB_DIR/timeout$_hpc_sfx\" ]; }; then _hpc_al=1; fi; "
                + "_hpc_chain_verdict \"$HPC_CHAIN_LINK\" \"$_hpc_al\" \"$_hpc_rc\" \"$_hpc_signal\"; fi";
    }
}
