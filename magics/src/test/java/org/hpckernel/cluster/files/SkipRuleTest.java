package org.hpckernel.cluster.files;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SkipRuleTest {

    private static final Instant T = Instant.parse("2026-11-29T10:00:00.700Z");

    private static SkipRule.Stamp stamp(long size, Instant t) {
        return new SkipRule.Stamp(size, t);
    }

    @Test
    void sameSizeAndSecondIsUnchangedWithoutReadingABite() {
        // SFTP carries whole seconds: a local time with milliseconds still matches
        assertEquals(
                SkipRule.Check.UNCHANGED,
                SkipRule.check(stamp(10, T), Optional.of(stamp(10, Instant.parse("2026-11-29T10:00:00Z")))));
    }

    @Test
    void sameSizeButAnotherTimeIsDecidedByChecksums() {
        assertEquals(
                SkipRule.Check.COMPARE_CHECKSUMS,
                SkipRule.check(stamp(10, T), Optional.of(stamp(10, T.plusSeconds(1)))));
    }

    @Test
    void anotherSizeOrNoTargetIsCopied() {
        assertEquals(SkipRule.Check.COPY, SkipRule.check(stamp(10, T), Optional.of(stamp(11, T))));
        assertEquals(SkipRule.Check.COPY, SkipRule.check(stamp(0, T), Optional.empty()));
    }

    @Test
    void aPartResumesAtItsSizeUnlessItIsLongerThanTheSource() {
        assertEquals(0, SkipRule.resumeFrom(100, 0));
        assertEquals(40, SkipRule.resumeFrom(100, 40));
        assertEquals(100, SkipRule.resumeFrom(100, 100));
        assertEquals(0, SkipRule.resumeFrom(100, 101), "a longer part is another file: start over");
    }
}
