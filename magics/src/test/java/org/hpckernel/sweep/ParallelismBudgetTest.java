package org.hpckernel.sweep;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The shared budget on its own: never more slots than it has, handed out round-robin among waiting segments. */
class ParallelismBudgetTest {

    @Test
    void firstAsksSplitTheBudgetInsteadOfTheFirstSegmentTakingAll() {
        ParallelismBudget b = new ParallelismBudget(4, List.of("a", "b"));
        assertEquals(2, b.share("a").grant(4, 0), "b waits with nothing, so a stops at half");
        assertEquals(2, b.share("b").grant(4, 0));
        assertEquals(4, b.inUse());
        assertEquals(0, b.share("a").grant(4, 2));
    }

    @Test
    void aFreedSlotGoesToTheSegmentThatWaitedLongestNotBackToItsOwner() {
        ParallelismBudget b = new ParallelismBudget(2, List.of("a", "b", "c"));
        assertEquals(1, b.share("a").grant(1, 0));
        assertEquals(1, b.share("b").grant(1, 0));
        assertEquals(0, b.share("c").grant(1, 0), "no slot left");
        assertEquals(0, b.share("a").grant(1, 0), "a's trial finished, but c has waited longer with as few");
        assertEquals(1, b.share("c").grant(1, 0));
        assertEquals(0, b.share("b").grant(1, 0), "b finished too: a waited longer");
        assertEquals(1, b.share("a").grant(1, 0));
    }

    @Test
    void aSegmentAloneMayUseTheWholeBudgetAndAnEndedOneHoldsNothing() {
        ParallelismBudget b = new ParallelismBudget(3, List.of("a", "b"));
        assertEquals(1, b.share("a").grant(3, 0), "its fair share of 3 over 2 while b waits with nothing");
        b.leave("b");
        assertEquals(2, b.share("a").grant(3, 1), "nobody else waits now");
        assertEquals(3, b.inUse());
        assertEquals(0, b.share("b").grant(5, 0), "an ended segment gets nothing");
        assertEquals(0, b.share("a").grant(0, 0), "a reports its trials done");
        assertEquals(0, b.inUse());
    }

    @Test
    void retriesAlreadyInFlightCountAgainstTheBudget() {
        ParallelismBudget b = new ParallelismBudget(3, List.of("a"));
        assertEquals(1, b.share("a").grant(5, 2));
        assertEquals(0, b.share("a").grant(5, 3));
    }

    @Test
    void slotsHeldByResumedTrialsAreNotGivenToTheFirstSegmentResumed() {
        ParallelismBudget b = new ParallelismBudget(2, List.of("a", "b"));
        b.hold("b", 2);
        assertEquals(0, b.share("a").grant(2, 0));
        assertEquals(0, b.share("b").grant(1, 1), "b's report counts once it asks: one of its two ended, a waits");
        assertEquals(1, b.share("a").grant(2, 0));
    }

    @Test
    void anEndedSegmentResumedTakesPartAgain() {
        ParallelismBudget b = new ParallelismBudget(2, List.of("a", "b"));
        assertEquals(2, b.share("a").grant(2, 0) + b.share("b").grant(2, 0));
        b.leave("a");
        b.hold("a", 1);
        assertEquals(2, b.inUse());
        assertEquals(1, b.share("a").grant(1, 0), "a's trial ended: its slot is free again, b holds the other");
        assertEquals(0, b.share("b").grant(1, 1));
    }

    @Test
    void badBudgetsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ParallelismBudget(0, List.of("a")));
        assertThrows(IllegalArgumentException.class, () -> new ParallelismBudget(2, List.of("a", "a")));
        assertThrows(IllegalArgumentException.class, () -> new ParallelismBudget(2, List.of("a")).share("b"));
    }
}
