package org.hpckernel.cluster;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Why a job ended badly, with its evidence (state, exit code, signal, the scheduler's reason, the
 * last lines of stderr) and one line on what to try.
 */
public final class FailureExplainer {

    /** bash's "x: command not found" and dash's "script: 4: x: not found" (a --wrap or #!/bin/sh script). */
    private static final Pattern NOT_FOUND =
            Pattern.compile("(?m)^(?:.*?: )?(?:line \\d+: |\\d+: )?([^:\\s]+): (?:command )?not found\\s*$");
    /** Slurm's ExitCode 0:53: the job never ran because its stdout/stderr file could not be opened. */
    private static final int SLURM_CANNOT_OPEN_OUTPUT = 53;

    private FailureExplainer() {}

    /**
     * A warning for a job that ended COMPLETED although a command in it was not found: the script went
     * on past the missing command and its last command succeeded, so the state hides the failure.
     */
    public static Optional<String> completedWarning(JobStatus status, String stderrTail) {
        if (status.state() != JobState.COMPLETED) {
            return Optional.empty();
        }
        List<String> missing = missingCommands(stderrTail);
        if (missing.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("Warning: job " + status.id().value() + " is COMPLETED, but its stderr says "
                + String.join(", ", missing)
                + (missing.size() == 1 ? " was" : " were") + " not found, so part of it did not run. "
                + (missing.contains("module") ? moduleAdvice() : "Check the name and PATH on the compute node, ")
                + "and add `set -e` near the top of the script so a failing command fails the job."
                + " The whole log: %hpc logs " + status.id().value() + " --err\n");
    }

    /** The commands named in "not found" lines, in order, once each. */
    static List<String> missingCommands(String stderrTail) {
        java.util.LinkedHashSet<String> names = new java.util.LinkedHashSet<>();
        Matcher m = NOT_FOUND.matcher(stderrTail);
        while (m.find()) {
            names.add(m.group(1));
        }
        return List.copyOf(names);
    }

    private static String moduleAdvice() {
        return "`module` is not a command in the job's shell: the cluster has no environment modules, or the batch shell did not"
                + " initialise them. Check with `type module` in a login shell on the cluster; if it is there, start the script with"
                + " `#!/bin/bash -l` (or add `source /etc/profile` before `module load`); if it is not, the cluster has no modules and"
                + " the software must be found another way (a container, a conda env, a path). ";
    }

    /** Slurm's 0:53, or a launch failure seen from the queue (JobLaunchFailure): the job never ran its script. */
    static boolean couldNotLaunch(JobStatus status) {
        return status.state() == JobState.FAILED
                && (status.signal().orElse(0) == SLURM_CANNOT_OPEN_OUTPUT
                        || status.reason().contains("JobLaunchFailure"));
    }

    public static String explain(JobStatus status, String stderrTail) {
        StringBuilder s = new StringBuilder();
        s.append("Job ")
                .append(status.id().value())
                .append(status.neverStarts() ? " will never start: it is " : " ended ")
                .append(status.state());
        if (couldNotLaunch(status)) {
            // 0:53 is no exit code and no signal: the script never ran
            s.append(", before its script ran");
        } else {
            status.exitCode().ifPresent(c -> s.append(", exit code ").append(c));
            status.signal()
                    .filter(sig -> sig != 0)
                    .ifPresent(sig -> s.append(", signal ").append(sig));
        }
        if (!status.reason().isBlank()) {
            s.append(" (")
                    .append(status.reason().replace(" (will never start)", ""))
                    .append(')');
        }
        s.append(".\n");
        if (!stderrTail.isBlank()) {
            s.append("Last lines of stderr:\n");
            for (String line : stderrTail.strip().split("\n")) {
                s.append("  | ").append(line).append('\n');
            }
        }
        s.append("Suggestion: ").append(suggestion(status, stderrTail)).append('\n');
        return s.toString();
    }

    public static String suggestion(JobStatus status, String stderrTail) {
        String err = stderrTail.toLowerCase(java.util.Locale.ROOT);
        if (status.neverStarts()) {
            return NeverStarts.advice(status.reason(), status.id()).orElseThrow();
        }
        if (status.state() == JobState.PENDING) {
            return NeverStarts.hint(status.reason()).orElse("it waits for resources or its turn; nothing to do.");
        }
        if (couldNotLaunch(status)) {
            return "Slurm could not open the job's output or error file, so the script never ran (ExitCode 0:53): the folder in"
                    + " --output/--error (or #SBATCH -o/-e) does not exist on the compute node or is not writable there. Create the"
                    + " folder (mkdir -p) or point the log into one that exists, and submit again. A launch failure can also come from a"
                    + " --workdir (#SBATCH -D) that does not exist.";
        }
        Optional<String> chain = ChainStatus.advice(status);
        if (chain.isPresent()) {
            return chain.get();
        }
        return switch (status.state()) {
            case OUT_OF_MEMORY ->
                "it ran out of memory: ask for more with --mem (e.g. double it), or use less per task.";
            case TIMEOUT -> "it hit its time limit: ask for more with --time, or make it checkpoint and resume.";
            case NODE_FAIL -> "a node failed under it (the cluster's fault, not yours): submit it again.";
            case PREEMPTED ->
                "a higher-priority job took its resources: submit it again, or use a partition without preemption.";
            case CANCELLED ->
                status.reason().contains("DependencyNeverSatisfied")
                        ? "the job it depended on (afterok) did not succeed: fix that one first."
                        : "it was cancelled (by you, an admin, or a limit); submit it again if that was not meant.";
            case FAILED -> {
                if (status.exitCode().isEmpty() && status.reason().startsWith("task ")) {
                    // an array parent: its tasks have the codes and the logs
                    yield "one of its tasks failed (" + status.reason() + "): %hpc logs "
                            + status.id().value()
                            + " lists every task with its state and shows the first failed one's output.";
                }
                int code = status.exitCode().orElse(-1);
                List<String> missing = missingCommands(stderrTail);
                if (missing.contains("module")) {
                    yield moduleAdvice().strip();
                }
                if (code == 127 || !missing.isEmpty()) {
                    yield "a command was not found" + (missing.isEmpty() ? "" : " (" + String.join(", ", missing) + ")")
                            + ": check its name and PATH on the compute node; if it comes from an environment module, load it"
                            + " with --module NAME (`module avail` lists them).";
                }
                if (code == 126) {
                    yield "a file was not executable: check its permissions or run it through its interpreter.";
                }
                if (err.contains("no such file or directory")) {
                    yield "a file was missing on the cluster: check the paths, or --stage the file with the job.";
                }
                if (err.contains("memory") || err.contains("oom")) {
                    yield "it looks out of memory: ask for more with --mem.";
                }
                yield "the script exited with code " + code + ": read its log with %hpc logs "
                        + status.id().value() + " --err.";
            }
            case UNKNOWN -> "its state is not known yet; ask again with %hpc status, accounting can lag a few seconds.";
            default -> "nothing to do.";
        };
    }
}
