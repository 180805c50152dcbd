package org.hpckernel.sweep;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Each time the scheduler started one attempt of a trial, and whether the trial's checkpoint folder
 * held anything then. One entry for an attempt run once; more when the scheduler itself requeued it
 * (an admin's {@code scontrol requeue}): those restarts run in the same attempt folder.
 */
public record AttemptStarts(List<Boolean> withCheckpoint) {

    public AttemptStarts {
        withCheckpoint = List.copyOf(withCheckpoint);
    }

    /** The job script's start file: one line per start, {@code resumed} or {@code fresh}, then a UTC time. */
    public static AttemptStarts parse(String text) {
        List<Boolean> starts = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("resumed")) {
                starts.add(true);
            } else if (line.startsWith("fresh")) {
                starts.add(false);
            }
        }
        return new AttemptStarts(starts);
    }

    /** The stored form: one word per start. */
    public String words() {
        return withCheckpoint.stream().map(b -> b ? "resumed" : "fresh").collect(Collectors.joining(" "));
    }

    public static AttemptStarts ofWords(String words) {
        return parse(words.replace(' ', '\n'));
    }

    public int times() {
        return withCheckpoint.size();
    }

    /** A checkpoint existed at some start of this attempt. */
    public boolean resumed() {
        return withCheckpoint.contains(true);
    }

    /**
     * {@code resumed from its checkpoint}, or {@code started 2 times (the scheduler requeued it): without a
     * checkpoint, then from its checkpoint}.
     */
    public String describe() {
        if (withCheckpoint.isEmpty()) {
            return "never started";
        }
        if (times() == 1) {
            return withCheckpoint.get(0) ? "resumed from its checkpoint" : "started without a checkpoint";
        }
        return "started " + times() + " times (the scheduler requeued it): "
                + withCheckpoint.stream()
                        .map(b -> b ? "from its checkpoint" : "without a checkpoint")
                        .collect(Collectors.joining(", then "));
    }
}
