package org.hpckernel.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.hpckernel.HpcException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** --time as Slurm reads it; zero, negative and absurd values are refused instead of becoming 1 minute or throwing. */
class TimeLimitsTest {

    @Test
    void slurmFormsMeanWhatSlurmMeans() {
        assertEquals(Duration.ofMinutes(30), TimeLimits.parse("30"));
        assertEquals(Duration.ofMinutes(5).plusSeconds(30), TimeLimits.parse("5:30"));
        assertEquals(Duration.ofHours(2), TimeLimits.parse("02:00:00"));
        assertEquals(Duration.ofDays(1).plusHours(12), TimeLimits.parse("1-12"));
        assertEquals(Duration.ofDays(1).plusHours(12).plusMinutes(30), TimeLimits.parse("1-12:30"));
        assertEquals(Duration.ofDays(2).plusSeconds(5), TimeLimits.parse("2-00:00:05"));
        assertEquals(Duration.ofSeconds(30), TimeLimits.parse(" 0:30 "));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "00:00:00", "0-0", "0:0"})
    void zeroIsRefused(String zero) {
        HpcException e = assertThrows(HpcException.class, () -> TimeLimits.parse(zero));
        assertTrue(e.getMessage().contains("above zero"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"-5", "-1-00:00:00", "+5", "5-", "1:-3", "1.5", "1h", "", "1:2:3:4", "--5"})
    void malformedOrNegativeIsRefused(String bad) {
        HpcException e = assertThrows(HpcException.class, () -> TimeLimits.parse(bad));
        assertTrue(e.getMessage().contains("--time takes"), e.getMessage());
    }

    @Test
    void negativeSaysSo() {
        assertTrue(assertThrows(HpcException.class, () -> TimeLimits.parse("-5"))
                .getMessage()
                .contains("cannot be negative"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"9223372036854775807", "999999999", "366-00:00:00", "999999999:00:00"})
    void hugeValuesAreRefusedNotAnArithmeticException(String huge) {
        assertThrows(HpcException.class, () -> TimeLimits.parse(huge));
    }

    @Test
    void aYearIsTheLimit() {
        assertEquals(Duration.ofDays(365), TimeLimits.parse("365-00:00:00"));
    }
}
