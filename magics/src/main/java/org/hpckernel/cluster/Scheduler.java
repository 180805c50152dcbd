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

    /** Creates the job directory, writes the script and params by file transfer, submits, returns the id. */
    JobId submit(JobSpec spec, JobDirectory directory) throws IOException;

    /**
     * States of all jobs in ONE remote call: the scheduler's accounting or queue, and the exit files
     * in each job's directory for what they do not know. Array parents come back with their tasks.
     */
    Map<JobId, JobStatus> poll(Map<JobId, JobDirectory> jobs) throws IOException;

    void cancel(Collection<JobId> ids) throws IOException;

    /** New bytes of the job's stdout (or stderr) from {@code offset}. */
    LogChunk logs(JobId id, JobDirectory directory, boolean stderr, long offset) throws IOException;

    /** Bytes read and the offset to ask from next time. */
    record LogChunk(String text, long nextOffset) {
    }
}
