package org.hpckernel.cluster.files;

/** Told how a put or get goes, after every block, from the thread that copies. */
@FunctionalInterface
public interface TransferListener {

    TransferListener NONE = p -> {};

    void progress(Progress p);

    /**
     * {@code done} of {@code total} bytes of the whole call are in place (skipped files and the part a
     * resumed copy found count as done); {@code moved} of them crossed the network in this call (for a
     * rate); {@code file} is the one being copied now, the {@code filesDone}-th of {@code files}.
     */
    record Progress(String file, long done, long total, long moved, int filesDone, int files) {}
}
