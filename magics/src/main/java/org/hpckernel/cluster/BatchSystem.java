package org.hpckernel.cluster;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What one batch system adds to the one submission protocol ({@link BatchProtocol}): pure
 * functions over strings, each testable without a transport. Directive syntax and reading, the
 * submit command and its answer, the status query and its answer, cancel, log paths and advice.
 */
public interface BatchSystem {

    /** {@code slurm}, {@code sge}, {@code pbs}, {@code pjm}. */
    String name();

    /** For messages: {@code Slurm (sbatch)}. */
    String displayName();

    /** {@code #SBATCH}, {@code #PBS}, {@code #$}, {@code #PJM}. */
    String directivePrefix();

    /** Whether directives end at the first command (sbatch, qsub of PBS); Grid Engine reads them all. */
    default boolean directivesEndAtFirstCommand() {
        return true;
    }

    /** Options that take two words ({@code #$ -pe smp 4}). */
    default Set<String> twoValueOptions() {
        return Set.of();
    }

    /** Options of this syntax that take no value ({@code --exclusive}, {@code -V}). */
    Set<String> flagOptions();

    /**
     * Reads one of this syntax's directives into {@code into}; returns what it set (for the
     * translation note), or empty when the job model has no such setting (then the line is kept
     * as written on this scheduler, and refused on another).
     */
    Optional<String> read(Directive d, JobFields into);

    /**
     * The directive lines for {@code spec}: every setting it has, in this syntax; the logs default
     * to the job directory. {@code token} marks the job so a submission whose answer was lost can
     * be found in the queue.
     */
    List<String> directives(JobSpec spec, JobDirectory dir, String token);

    /** Lines put after the job directory's variables (a scheduler whose task ids start at 1, say). */
    default String scriptPreamble(JobSpec spec) {
        return "";
    }

    /**
     * Shell lines that give a script written for this system, running under another one, the
     * variables it reads ({@code $PBS_ARRAY_INDEX}, {@code $SGE_TASK_ID}...), from
     * {@code $HPC_ARRAY_TASK_ID}, {@code $_hpc_job} (the job id), {@code $_hpc_name} and
     * {@code $_hpc_submit} (the submit folder).
     */
    String emulatedEnvironment();

    /** The command that submits the script at {@code scriptPath}, run in the job's submit folder. */
    String submitCommand(String scriptPath);

    /** The job id from the submit command's output; empty when the output is not an id. */
    Optional<JobId> parseSubmitted(String stdout);

    /**
     * Whether a failed submit may still have been taken (a controller that timed out after
     * accepting): its outcome is then looked up by token, never reported as refused.
     */
    default boolean outcomeUncertain(String stderr) {
        String s = stderr.toLowerCase(java.util.Locale.ROOT);
        return s.contains("timed out")
                || s.contains("timeout")
                || s.contains("unable to contact")
                || s.contains("connection refused")
                || s.contains("connection reset")
                || s.contains("broken pipe")
                || s.contains("communication");
    }

    /** A command listing the user's jobs with their tokens, or empty when this system cannot. */
    default Optional<String> lookupCommand() {
        return Optional.empty();
    }

    /** The job whose token is {@code token} in {@link #lookupCommand}'s output. */
    default Optional<JobId> parseLookup(String output, String token) {
        return Optional.empty();
    }

    /**
     * Whether {@link #lookupCommand}'s output is the scheduler's full answer (every source it asks
     * answered), so a token missing from it means no such job; false when a source failed.
     */
    default boolean lookupAnswered(String output) {
        return false;
    }

    /**
     * A shell command a chain's link runs on the compute node to cancel the links after it (array
     * tasks {@code $HPC_CHAIN_LINK+1} to the last, from the job's own variables), or empty when this
     * system cannot run an array one task at a time (then {@code --chain} is refused).
     */
    default Optional<String> cancelLaterLinksCommand() {
        return Optional.empty();
    }

    /** The directive that keeps the scheduler from requeueing a job by itself ({@code #SBATCH --no-requeue}). */
    String noRequeueLine();

    /** A command printing the partitions' limits, asked once per profile and kept; empty when this system has none. */
    default Optional<String> limitsCommand() {
        return Optional.empty();
    }

    /** Why the scheduler would never run {@code spec}, by the limits {@link #limitsCommand} printed; empty when it fits. */
    default Optional<String> beyondLimits(JobSpec spec, String limits) {
        return Optional.empty();
    }

    /**
     * A command printing what these jobs (and their array tasks) used, for {@link #parseUsage}; empty
     * when this system keeps no accounting hpc-kernel can read ({@link #usageUnsupported} says why).
     */
    default Optional<String> usageCommand(Collection<JobId> ids) {
        return Optional.empty();
    }

    /** What each job and array task used, from {@link #usageCommand}'s output; a job with no record yet is left out. */
    default List<org.hpckernel.cluster.usage.JobUsage> parseUsage(String output)
            throws org.hpckernel.cluster.usage.UsageUnavailable {
        return List.of();
    }

    /** Why this system cannot say what jobs used, for the one line shown instead. */
    default String usageUnsupported() {
        return displayName() + " keeps no accounting hpc-kernel can read";
    }

    /**
     * The one command that lists the queue for {@code %hpc queue}: the user's pending and running
     * jobs, everyone's with {@code all}, one partition's when given. Empty when this system cannot.
     */
    default Optional<String> queueCommand(boolean all, Optional<String> partition) {
        return Optional.empty();
    }

    /** The jobs in {@link #queueCommand}'s output. */
    default List<QueuedJob> parseQueue(String output) {
        return List.of();
    }

    /** The one command that lists partitions (queues, resource groups) with limits and node counts; empty when this system cannot. */
    default Optional<String> partitionsCommand() {
        return Optional.empty();
    }

    /** The partitions in {@link #partitionsCommand}'s output. */
    default List<Partition> parsePartitions(String output) {
        return List.of();
    }

    /** A command that asks when the script at {@code scriptPath} would start, submitting nothing; empty when the scheduler cannot say. */
    default Optional<String> startEstimateCommand(String scriptPath) {
        return Optional.empty();
    }

    /** The start estimate (or the scheduler's reason it has none) from {@link #startEstimateCommand}'s output, as a sentence. */
    default Optional<String> parseStartEstimate(String output) {
        return Optional.empty();
    }

    /**
     * The command that runs the job script at {@code scriptPath} attached to this channel, with the
     * spec's resources ({@code srun}, {@code qrsh}): the job's output comes back on it as it is
     * written, and its exit code is the command's. {@code token} marks the job so it is found (by
     * {@link #lookupCommand}) and cancelled when the run is interrupted. Empty when this system has no
     * interactive run that works without a terminal.
     */
    default Optional<String> interactiveCommand(JobSpec spec, String scriptPath, String token) {
        return Optional.empty();
    }

    /** The status query for these jobs (the exit files are added by the protocol). */
    String pollCommand(Map<JobId, JobDirectory> jobs);

    /** States from the poll command's output, with the exit files' lines in it. */
    Map<JobId, JobStatus> parsePoll(String output, Map<JobId, JobDirectory> jobs);

    String cancelCommand(Collection<JobId> ids);

    /**
     * The file a log pattern names for one job or array task: {@code %x-%j.out} made into
     * {@code train-123.out}. {@code rawTaskId} is the task's own job id where the system gives
     * array tasks one (Slurm's {@code %j}), from the job's start file; empty when unknown.
     */
    String logPath(String pattern, String jobName, JobId id, String user, Optional<String> rawTaskId);

    /** What to try, for a refusal's message. */
    String advice(String stderr);

    /** The name the scheduler is given: safe in every file name it may reach ({@code %x}). */
    default String schedulerName(String name) {
        return BatchScripts.safeName(name);
    }

    /** The stdout (or stderr) pattern of a rendered job script read back; stderr joins stdout when only stdout is named. */
    default String logPattern(JobFields rendered, JobDirectory dir, boolean stderr) {
        String p = stderr && rendered.stderr != null ? rendered.stderr : rendered.stdout;
        if (p == null) {
            throw new IllegalStateException("the job script names no output file");
        }
        return p;
    }

    /** Folders a job's logs go to, which must exist before it starts (relative ones from the submit folder). */
    default List<String> logFolders(JobFields rendered) {
        List<String> folders = new java.util.ArrayList<>();
        for (String p : new String[] {rendered.stdout, rendered.stderr}) {
            if (p != null && p.contains("/")) {
                folders.add(p.substring(0, p.lastIndexOf('/')));
            }
        }
        return folders;
    }
}
