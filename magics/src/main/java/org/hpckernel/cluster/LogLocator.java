package org.hpckernel.cluster;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/**
 * Where a job's log file is on the cluster, found by the scheduler's own log lookup (which resolves
 * the script's patterns per scheduler): a second instance of the scheduler reads through a
 * transport that answers the log read from far past any end, and notes the path it was asked for.
 * Reading the log itself is left to {@link LogTail}, which seeks. Interim: once the submission
 * protocol exposes log-path resolution as a hook, call that instead and delete this class.
 */
public final class LogLocator {

    /** An offset no log reaches; a read there is the log read, never the script or pattern reads before it. */
    private static final long PROBE_OFFSET = Long.MAX_VALUE / 4;

    private LogLocator() {
    }

    /** The absolute path of the job's stdout (or stderr) as the scheduler resolves it; empty when it cannot say. */
    public static Optional<String> path(Scheduler scheduler, Transport transport, String workRoot, JobId id, JobDirectory dir,
                                        boolean stderr) throws IOException {
        Noting noting = new Noting(transport);
        Scheduler probe = Schedulers.create(scheduler.name(), noting, workRoot);
        probe.logs(id, dir, stderr, PROBE_OFFSET);
        return Optional.ofNullable(noting.logPath);
    }

    /** Passes every call through, except the probe read, whose path it keeps. */
    private static final class Noting implements Transport {
        private final Transport inner;
        private String logPath;

        Noting(Transport inner) {
            this.inner = inner;
        }

        @Override
        public ExecResult exec(String command, Duration timeout) throws IOException {
            return inner.exec(command, timeout);
        }

        @Override
        public ExecResult execIdempotent(String command, Duration timeout) throws IOException {
            return inner.execIdempotent(command, timeout);
        }

        @Override
        public void write(String path, byte[] content, int mode) throws IOException {
            inner.write(path, content, mode);
        }

        @Override
        public byte[] read(String path, long offset, int maxBytes) throws IOException {
            if (offset == PROBE_OFFSET) {
                logPath = path;
                return new byte[0];
            }
            return inner.read(path, offset, maxBytes);
        }

        @Override
        public long size(String path) throws IOException {
            return inner.size(path);
        }

        @Override
        public String home() throws IOException {
            return inner.home();
        }

        @Override
        public String describe() {
            return inner.describe();
        }

        @Override
        public void close() {
            // the real transport belongs to its cluster
        }
    }
}
