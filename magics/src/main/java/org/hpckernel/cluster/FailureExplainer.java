package org.hpckernel.cluster;

/**
 * Why a job ended badly, with its evidence (state, exit code, signal, the scheduler's reason, the
 * last lines of stderr) and one line on what to try.
 */
public final class FailureExplainer {

    private FailureExplainer() {
    }

    public static String explain(JobStatus status, String stderrTail) {
        StringBuilder s = new StringBuilder();
        s.append("Job ").append(status.id().value()).append(status.neverStarts() ? " will never start: it is " : " ended ").append(status.state());
        status.exitCode().ifPresent(c -> s.append(", exit code ").append(c));
        status.signal().filter(sig -> sig != 0).ifPresent(sig -> s.append(", signal ").append(sig));
        if (!status.reason().isBlank()) {
            s.append(" (").append(status.reason()).append(')');
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
            return "the job it depends on (afterok) did not succeed, so this one waits forever: cancel it with %hpc cancel "
                    + status.id().value() + ", fix the parent, and submit both again.";
        }
        return switch (status.state()) {
            case OUT_OF_MEMORY -> "it ran out of memory: ask for more with --mem (e.g. double it), or use less per task.";
            case TIMEOUT -> "it hit its time limit: ask for more with --time, or make it checkpoint and resume.";
            case NODE_FAIL -> "a node failed under it (the cluster's fault, not yours): submit it again.";
            case PREEMPTED -> "a higher-priority job took its resources: submit it again, or use a partition without preemption.";
            case CANCELLED -> status.reason().contains("DependencyNeverSatisfied")
                    ? "the job it depended on (afterok) did not succeed: fix that one first."
                    : "it was cancelled (by you, an admin, or a limit); submit it again if that was not meant.";
            case FAILED -> {
                int code = status.exitCode().orElse(-1);
                if (code == 127 || err.contains("command not found")) {
                    yield "a command was not found: check its name, PATH, or add --module to load it.";
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
                yield "the script exited with code " + code + ": read its log with %hpc logs " + status.id().value() + " --err.";
            }
            case UNKNOWN -> "its state is not known yet; ask again with %hpc status, accounting can lag a few seconds.";
            default -> "nothing to do.";
        };
    }
}
