package org.hpckernel.kernel.io;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Flushes cells with pending stream text every {@link #INTERVAL_MS} ms, so text arrives while a cell
 * runs but a tight print loop becomes a few large messages instead of thousands of small ones.
 */
public final class StreamBatcher {

    static final int MAX_BUFFERED_CHARS = 64 * 1024;
    private static final long INTERVAL_MS = 50;

    private final Set<Cell> dirty = ConcurrentHashMap.newKeySet();
    private final Object signal = new Object();

    public StreamBatcher() {
        Thread flusher = new Thread(this::run, "hpc-kernel-stream-batcher");
        flusher.setDaemon(true);
        flusher.start();
    }

    void markDirty(Cell cell) {
        if (dirty.add(cell)) {
            synchronized (signal) {
                signal.notifyAll();
            }
        }
    }

    private void run() {
        while (true) {
            try {
                synchronized (signal) {
                    while (dirty.isEmpty()) {
                        signal.wait();
                    }
                }
                Thread.sleep(INTERVAL_MS);
            } catch (InterruptedException e) {
                return;
            }
            for (java.util.Iterator<Cell> it = dirty.iterator(); it.hasNext(); ) {
                Cell cell = it.next();
                it.remove(); // a concurrent set: a cell marked again while it flushes is flushed next round
                cell.flush();
            }
        }
    }
}
