package org.hpckernel.sweep;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.hpckernel.cluster.SubmitUncertain;

/**
 * A sweep being steered by this kernel: a daemon thread calls {@link SweepSteerer#step()} on a timer
 * (1 s while things change, backing off to 15 s while they do not) so the notebook stays usable.
 * A lost connection, or a batch the scheduler has not answered for, is retried with a longer pause and
 * shown in the progress line (the batch's folder receipt keeps it to one job); a refusal that
 * retrying cannot fix (the scheduler rejects the job) ends the steering as FAILED with the reason,
 * and the sweep can be resumed once it is fixed. Nothing already submitted is lost either way.
 */
public final class SweepRun {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SweepRun.class);

    private static final Duration FASTEST = Duration.ofSeconds(1);
    private static final Duration SLOWEST = Duration.ofSeconds(15);
    private static final Duration OFFLINE_PAUSE_MAX = Duration.ofSeconds(60);
    private static final Duration HEARTBEAT_EVERY = Duration.ofSeconds(10);

    private final int id;
    private final String name;
    private final SweepSteerer steerer;
    private final SweepStore store;
    private final String owner;
    private final List<Consumer<SweepProgress>> listeners = new CopyOnWriteArrayList<>();
    private final Object wake = new Object();
    private volatile String state = "RUNNING";
    private volatile String message = "";
    private volatile boolean stopRequested;
    private Thread thread;

    SweepRun(int id, String name, SweepSteerer steerer, SweepStore store, String owner) {
        this.id = id;
        this.name = name;
        this.steerer = steerer;
        this.store = store;
        this.owner = owner;
    }

    public int id() {
        return id;
    }

    public Study study() {
        return steerer.study();
    }

    public SweepProgress progress() {
        return SweepProgress.of(id, name, state, steerer.study(), steerer.maxTrials(), steerer.executing(), message);
    }

    /** Called with the progress after every step and once at the end, from the steering thread. */
    public void onProgress(Consumer<SweepProgress> listener) {
        listeners.add(listener);
    }

    /**
     * Takes the first step in the caller's thread, so the cell that starts (or resumes) a sweep shows
     * its first array going out, or why the scheduler refused it; then steers in the background.
     */
    synchronized void start() throws IOException {
        try {
            steerer.step();
        } catch (SubmitUncertain unanswered) {
            // the batch stays planned in its folder: the next step submits it there again, and the
            // receipt (or the job's token) returns the job the scheduler took, never a second one
            message = unanswered.getMessage() + "\nSteering asks again in a few seconds; nothing is submitted twice.";
        } catch (IOException | RuntimeException e) {
            state = "FAILED";
            message = e.getMessage();
            store.state(id, state, message);
            throw new org.hpckernel.HpcException(e.getMessage() + "\nThe sweep is recorded as " + id
                    + "; nothing submitted is lost. Fix this, then %hpc sweep resume " + id + ".");
        }
        thread = new Thread(this::steer, "hpc-sweep-" + id);
        thread.setDaemon(true);
        thread.start();
    }

    /** Waits until the sweep has ended (done, stopped or failed); false if {@code timeout} passed first. */
    public boolean await(Duration timeout) throws InterruptedException {
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t == null) return true; // the first step failed: nothing steers
        t.join(Math.max(1, timeout.toMillis()));
        return !t.isAlive();
    }

    /** Stops steering, cancels the arrays still running and records the sweep as STOPPED. */
    public void stop() throws IOException, InterruptedException {
        stopRequested = true;
        synchronized (wake) {
            wake.notifyAll();
        }
        await(Duration.ofMinutes(2));
        steerer.stop();
        state = "STOPPED";
        message = "";
        store.state(id, state, "stopped by the user");
        publish();
    }

    /** Ends this kernel's steering without touching the sweep's jobs or record, as a kernel that dies would. */
    void abandon() throws InterruptedException {
        stopRequested = true;
        synchronized (wake) {
            wake.notifyAll();
        }
        await(Duration.ofMinutes(2));
    }

    private void steer() {
        Duration pause = FASTEST;
        long lastBeat = 0;
        String before = "";
        while (!stopRequested) {
            try {
                steerer.step();
                if (System.nanoTime() - lastBeat > HEARTBEAT_EVERY.toNanos()) {
                    store.heartbeat(id, owner);
                    lastBeat = System.nanoTime();
                }
                message = "";
                if (steerer.done()) {
                    state = "DONE";
                    store.state(id, state, "");
                    break;
                }
                String now = progress().line();
                pause = now.equals(before) ? min(pause.multipliedBy(3).dividedBy(2), SLOWEST) : FASTEST;
                before = now;
            } catch (IOException e) {
                pause = min(max(pause.multipliedBy(2), Duration.ofSeconds(5)), OFFLINE_PAUSE_MAX);
                message = "cannot reach the cluster (" + e.getMessage() + "); trying again in " + pause.toSeconds()
                        + " s";
            } catch (SubmitUncertain e) {
                // not a refusal: the batch is submitted again into its folder, whose receipt answers
                pause = min(max(pause.multipliedBy(2), Duration.ofSeconds(5)), OFFLINE_PAUSE_MAX);
                message = "the scheduler has not answered for a batch yet; asking again in " + pause.toSeconds() + " s";
            } catch (RuntimeException e) {
                state = "FAILED";
                String why = e.getMessage() + "\nNothing submitted is lost: fix this, then %hpc sweep resume " + id;
                try {
                    store.state(id, state, why);
                } catch (IOException ledger) {
                    why += " (and the ledger could not record it: " + ledger.getMessage() + ")";
                }
                message = why;
                break;
            }
            publish();
            synchronized (wake) {
                if (stopRequested) break;
                try {
                    wake.wait(pause.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        publish();
    }

    private void publish() {
        SweepProgress p = progress();
        for (Consumer<SweepProgress> l : listeners) {
            try {
                l.accept(p);
            } catch (RuntimeException displayGone) {
                // a display that went away must not stop the steering
                LOG.debug("sweep progress listener failed: {}", p.line(), displayGone);
            }
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
