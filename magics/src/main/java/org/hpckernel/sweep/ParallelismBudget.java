package org.hpckernel.sweep;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One parallelism shared by the segments of a segmented sweep: every trial a segment has submitted
 * and not yet collected holds one slot, and a segment is granted new slots only while the total stays
 * within the budget. Free slots go round-robin: a segment may not take one while another waiting
 * segment holds fewer (or as many, and has waited longer), so every segment progresses; below its fair
 * share (the budget over the segments still steered) a segment takes what it asks at once, as one array.
 *
 * <p>Each segment reports its own count when it asks; between its asks that count can only fall (its
 * trials finish), so the recorded sum is an upper bound and the budget is never exceeded.
 */
public final class ParallelismBudget {

    /** What a steerer consults before it asks new points. */
    public interface Share {

        /** No budget: the segment is a sweep on its own. */
        Share UNLIMITED = (wanted, inFlight) -> wanted;

        /**
         * How many of {@code wanted} new trials may be submitted now, given the segment's own trials in
         * flight (submitted or planned, not yet collected). Called at every step, also with 0.
         */
        int grant(int wanted, int inFlight);
    }

    private static final class Segment {
        int inFlight;
        boolean waiting = true; // every segment starts out wanting points
        long since;
        boolean left;
    }

    private final int total;
    private final Map<String, Segment> segments = new LinkedHashMap<>();
    private long clock;

    /** A budget of {@code total} slots for the named segments, in their order (which breaks the first ties). */
    public ParallelismBudget(int total, List<String> names) {
        if (total < 1) {
            throw new IllegalArgumentException("the parallelism budget must be at least 1, got " + total);
        }
        this.total = total;
        for (String name : names) {
            Segment s = new Segment();
            s.since = clock++;
            if (segments.put(name, s) != null) {
                throw new IllegalArgumentException("segment '" + name + "' is named twice");
            }
        }
    }

    public int total() {
        return total;
    }

    /** The share of one segment, for its steerer. */
    public Share share(String name) {
        if (!segments.containsKey(name)) {
            throw new IllegalArgumentException("no segment '" + name + "' in this budget");
        }
        return (wanted, inFlight) -> grant(name, wanted, inFlight);
    }

    /** A segment that ended (done, stopped, failed) holds nothing and is no longer waited for. */
    public synchronized void leave(String name) {
        Segment s = segments.get(name);
        if (s != null) {
            s.left = true;
            s.inFlight = 0;
            s.waiting = false;
        }
    }

    /**
     * Records what a segment already holds before it first asks (its trials still running when a sweep is
     * resumed); a segment that had ended takes part again.
     */
    public synchronized void hold(String name, int inFlight) {
        Segment s = segments.get(name);
        s.left = false;
        s.inFlight = inFlight;
    }

    /** Slots held now, by the segments' last reports. */
    public synchronized int inUse() {
        return segments.values().stream().mapToInt(s -> s.inFlight).sum();
    }

    synchronized int grant(String name, int wanted, int inFlight) {
        Segment me = segments.get(name);
        if (me.left) {
            return 0;
        }
        me.inFlight = inFlight;
        int free = total - inUse();
        long mySince = me.waiting ? me.since : clock;
        int granted = 0;
        int fair = total / (int) segments.values().stream().filter(s -> !s.left).count();
        // up to its fair share a segment takes slots at once (one array); beyond it, waiting segments come first
        while (granted < wanted
                && free > 0
                && (inFlight + granted < fair || !deferTo(me, inFlight + granted, mySince))) {
            granted++;
            free--;
            mySince = clock++; // a segment that got a slot queues again behind those still waiting
        }
        me.inFlight = inFlight + granted;
        if (granted > 0 || !me.waiting) {
            me.since = granted > 0 ? mySince : clock++;
        }
        me.waiting = granted < wanted;
        return granted;
    }

    /** True when another waiting segment comes first for the next slot: it holds fewer, or as many, waiting longer. */
    private boolean deferTo(Segment me, int level, long mySince) {
        for (Segment o : segments.values()) {
            if (o == me) {
                continue;
            }
            if (o.waiting && !o.left && (o.inFlight < level || (o.inFlight == level && o.since < mySince))) {
                return true;
            }
        }
        return false;
    }
}
