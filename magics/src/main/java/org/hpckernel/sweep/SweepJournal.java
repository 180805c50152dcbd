package org.hpckernel.sweep;

import java.io.IOException;
import java.util.List;
import org.hpckernel.cluster.JobId;

/**
 * What the steering loop writes down so a sweep survives a restart. The order is the guarantee:
 * a batch is {@link #planned} before anything is submitted, and {@link #submitted} once the
 * scheduler gave its id; a batch planned but never marked submitted is submitted again into the
 * same directory, whose receipt returns the first id if the scheduler had already taken it.
 */
public interface SweepJournal {

    /** The trials (with their attempt numbers) of batch {@code batch}, task i = trials.get(i). */
    void planned(int batch, String directory, List<Trial> trials) throws IOException;

    void submitted(int batch, JobId array) throws IOException;

    /** A trial was told (COMPLETE, FAILED, PRUNED), or one attempt of it ended and it will be retried. */
    void ended(Trial trial, String attemptOutcome) throws IOException;

    /** How the attempt of {@code trial} that just ended started: with or without its checkpoint, how many times. */
    default void started(Trial trial, AttemptStarts starts) throws IOException {}

    /** Values a running trial logged (its metrics.jsonl) since the last call, by step. */
    default void intermediate(int trial, java.util.SortedMap<Long, Double> values) throws IOException {}

    SweepJournal NONE = new SweepJournal() {
        @Override
        public void planned(int batch, String directory, List<Trial> trials) {}

        @Override
        public void submitted(int batch, JobId array) {}

        @Override
        public void ended(Trial trial, String attemptOutcome) {}
    };
}
