package org.hpckernel.cluster;

import java.io.IOException;
import java.util.Collection;
import java.util.Map;

/**
 * One batch system (Slurm, PBS, Grid Engine, PJM, local) behind one job model. An instance is bound
 * to a {@link Transport} and a work root; each job gets a {@link JobDirectory} under that root.
 */
public interface Scheduler {

    /** {@code slurm}, {@code pbs}, {@code sge}, {@code pjm} or {@code local}. */
    String name();

    /** The full script: shebang, directives, environment, modules, container wrapper, exit-file trap. */
    String render(JobSpec spec, JobDirectory directory);

    /**
     * Creates the job directory, writes the scripts by file transfer and submits exactly once: a
     * second call with the same directory returns the first id.
     */
    Submission submit(JobSpec spec, JobDirectory directory) throws IOException;

    /** {@link #submit} with the secrets' values, written to a file only the user can read in the job directory first. */
    default Submission submit(JobSpec spec, JobDirectory directory, Map<String, String> secrets, Transport transport)
            throws IOException {
        if (!secrets.isEmpty()) {
            transport.write(
                    directory.path() + "/" + Secrets.FILE_NAME,
                    Secrets.fileContent(secrets).getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    0600);
        }
        return submit(spec, directory);
    }

    /**
     * Runs {@code spec} attached to the caller, in {@code directory}: its output goes to {@code out}
     * and {@code err} as it is written, and its exit code is returned. Interrupting the calling
     * thread cancels the job, leaves nothing running, and throws InterruptedException.
     */
    default int run(
            JobSpec spec,
            JobDirectory directory,
            Map<String, String> secrets,
            java.util.function.Consumer<String> out,
            java.util.function.Consumer<String> err)
            throws IOException, InterruptedException {
        throw new org.hpckernel.HpcException(
                "The " + name() + " scheduler cannot run a cell attached: use %%hpc submit and %hpc logs ID --follow.");
    }

    /** A submitted job, and what the user should know about how (a timeout that turned out fine). */
    record Submission(JobId id, String note) {}

    /** How the script's directives for other schedulers were translated, for the submit output; empty if none. */
    default String translationNote(JobSpec spec) {
        return "";
    }

    /** What became of submissions whose answer was never recorded, read from their directories. */
    default Map<JobDirectory, Outcome> reconcile(Collection<JobDirectory> directories) throws IOException {
        return Map.of();
    }

    /** A submission's outcome: a job, no job, or not known yet. */
    record Outcome(Kind kind, java.util.Optional<JobId> id, String reason) {
        public enum Kind {
            SUBMITTED,
            NOT_SUBMITTED,
            PENDING
        }

        public static Outcome submitted(JobId id) {
            return new Outcome(Kind.SUBMITTED, java.util.Optional.of(id), "");
        }

        public static Outcome notSubmitted(String reason) {
            return new Outcome(Kind.NOT_SUBMITTED, java.util.Optional.empty(), reason);
        }

        public static Outcome pending(String reason) {
            return new Outcome(Kind.PENDING, java.util.Optional.empty(), reason);
        }
    }

    /**
     * The queue in ONE remote call: the user's pending and running jobs (everyone's with
     * {@code all}), of one partition when given. Empty when this scheduler cannot list it.
     */
    default java.util.Optional<java.util.List<QueuedJob>> queue(boolean all, java.util.Optional<String> partition)
            throws IOException {
        return java.util.Optional.empty();
    }

    /** The partitions (queues, resource groups) with their limits and node counts, in one remote call; empty when it cannot. */
    default java.util.Optional<java.util.List<Partition>> partitions() throws IOException {
        return java.util.Optional.empty();
    }

    /**
     * For {@code --dry-run}: throws the {@link SubmitFailed} a submit would for a job no partition
     * could ever run, else says when the scheduler would start it, asking it with the script
     * written to {@code scratchScript}; empty when it cannot say.
     */
    default java.util.Optional<String> dryRun(JobSpec spec, JobDirectory dir, String scratchScript) throws IOException {
        return java.util.Optional.empty();
    }

    /** The path of the file the job's stdout (or stderr) goes to. */
    String logFile(JobId id, JobDirectory directory, boolean stderr) throws IOException;

    /**
     * States of all jobs in ONE remote call: the scheduler's accounting or queue, and the exit files
     * in each job's directory for what they do not know. Array parents come back with their tasks.
     */
    Map<JobId, JobStatus> poll(Map<JobId, JobDirectory> jobs) throws IOException;

    /**
     * What these jobs (array tasks one by one) used, in ONE remote call; a job accounting has no
     * record of yet is left out. Throws {@link org.hpckernel.cluster.usage.UsageUnavailable} when
     * this scheduler cannot say.
     */
    default java.util.List<org.hpckernel.cluster.usage.JobUsage> usage(Collection<JobId> ids) throws IOException {
        throw new org.hpckernel.cluster.usage.UsageUnavailable(name() + " keeps no accounting hpc-kernel can read");
    }

    void cancel(Collection<JobId> ids) throws IOException;

    /** New bytes of the job's stdout (or stderr) from {@code offset}. */
    LogChunk logs(JobId id, JobDirectory directory, boolean stderr, long offset) throws IOException;

    /** The most a {@link #logs} call reads at once. */
    int LOG_CHUNK_BYTES = 4 << 20;

    /** Bytes read and the offset to ask from next time. */
    record LogChunk(String text, long nextOffset) {

        /**
         * Text of {@code bytes} read at {@code offset}, up to the last whole UTF-8 character: a
         * character cut at the end of a read (a job still writing, or the chunk limit) is read
         * whole next time instead of turning into two replacement characters.
         */
        public static LogChunk decode(byte[] bytes, long offset) {
            int end = bytes.length;
            for (int back = 1; back <= Math.min(3, bytes.length); back++) {
                int b = bytes[bytes.length - back] & 0xff;
                if ((b & 0xc0) == 0x80) {
                    continue; // a continuation byte: look further back for the lead byte
                }
                int need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
                if (need > back) {
                    end = bytes.length - back;
                }
                break;
            }
            return new LogChunk(new String(bytes, 0, end, java.nio.charset.StandardCharsets.UTF_8), offset + end);
        }
    }
}
