package org.hpckernel.cluster;

import java.io.IOException;
import java.time.Duration;

/**
 * How commands and files reach a cluster: over one reused SSH session, or on this machine for the
 * local profile. Commands are shell text whose every value went through {@link Shell#quote}.
 */
public interface Transport extends AutoCloseable {

    /** Runs a command; a command still running after {@code timeout} is killed and reported. */
    ExecResult exec(String command, Duration timeout) throws IOException;

    /**
     * Runs a command that is safe to run twice (a query, or a command made idempotent by its
     * caller): if the connection drops while it runs, it is run again after reconnecting.
     */
    default ExecResult execIdempotent(String command, Duration timeout) throws IOException {
        return exec(command, timeout);
    }

    /**
     * Runs a command attached: its stdout and stderr are handed over as they come (text cut at
     * whole characters, on the calling thread), and its exit code is returned when it ends.
     * Interrupting the calling thread stops the command (its channel or process is closed) and
     * throws InterruptedException; what the command started elsewhere (a job) is the caller's to cancel.
     */
    default int stream(String command, java.util.function.Consumer<String> out, java.util.function.Consumer<String> err)
            throws IOException, InterruptedException {
        throw new UnsupportedOperationException(describe() + " cannot run a command attached");
    }

    /** Writes a file (by SFTP over SSH), creating parent folders. Scripts never travel in a heredoc. */
    void write(String path, byte[] content, int mode) throws IOException;

    /** Reads up to {@code maxBytes} from {@code offset}; empty when the file is missing or has no new bytes. */
    byte[] read(String path, long offset, int maxBytes) throws IOException;

    /**
     * The file's size in bytes, or -1 when there is no such file: with {@link #read} at an offset,
     * a log's end is read without reading the rest.
     */
    default long size(String path) throws IOException {
        throw new UnsupportedOperationException(describe() + " cannot tell a file's size");
    }

    // ---- streamed file transfers (%hpc put/get/ls, Cluster.put/get/list); whole files never sit in memory ----

    /** The file or folder at {@code path} (links followed); empty when there is none. */
    default java.util.Optional<RemoteFile> stat(String path) throws IOException {
        throw new UnsupportedOperationException(describe() + " cannot describe files");
    }

    /** A folder's entries (without {@code .} and {@code ..}), or the one entry when {@code path} is a file. */
    default java.util.List<RemoteFile> list(String path) throws IOException {
        throw new UnsupportedOperationException(describe() + " cannot list folders");
    }

    /**
     * Streams {@code from} into {@code path} starting at byte {@code offset}, creating the file and
     * its folders. The file must hold exactly {@code offset} bytes already (0: it is created or
     * truncated), so an interrupted upload continues where it stopped.
     */
    default void upload(java.io.InputStream from, String path, long offset) throws IOException {
        throw new UnsupportedOperationException(describe() + " cannot upload files");
    }

    /** Streams the bytes of {@code path} from {@code offset} on into {@code to}. */
    default void download(String path, long offset, java.io.OutputStream to) throws IOException {
        throw new UnsupportedOperationException(describe() + " cannot download files");
    }

    /** Renames {@code from} to {@code to}, replacing it in one step where the server can. */
    default void move(String from, String to) throws IOException {
        throw new UnsupportedOperationException(describe() + " cannot rename files");
    }

    /** Sets a file's modification time (to the second), so an unchanged file is skipped next time. */
    default void setModified(String path, java.time.Instant time) throws IOException {
        throw new UnsupportedOperationException(describe() + " cannot set file times");
    }

    /** The home-relative paths start here; {@code ~} is not expanded by SFTP, so callers resolve it. */
    String home() throws IOException;

    /** {@code ~} and {@code ~/x} made absolute against {@link #home()}; other paths unchanged. */
    default String expandHome(String path) throws IOException {
        return path.equals("~") ? home() : path.startsWith("~/") ? home() + path.substring(1) : path;
    }

    /** For messages: {@code hpcuser@127.0.0.1:2222} or {@code local}. */
    String describe();

    @Override
    void close();
}
