package org.hpckernel.cluster.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Sizes and times in every form the recorded outputs use. */
class UnitsTest {

    @Test
    void sizes() {
        assertEquals(Optional.of(5664932L * 1024), ByteSize.parse("5664932K")); // sacct MaxRSS
        assertEquals(Optional.of(139994035L), ByteSize.parse("139994035")); // sacct AveRSS without a unit: bytes
        assertEquals(Optional.of(Math.round(1.5 * (1L << 30))), ByteSize.parse("1.50G"));
        assertEquals(Optional.of(29380680L * 1024), ByteSize.parse("29380680kb")); // PBS
        assertEquals(Optional.of(Math.round(1.715 * (1L << 20))), ByteSize.parse("1.715MB")); // Grid Engine 8.1
        assertEquals(Optional.of(0L), ByteSize.parse("0.000B"));
        assertEquals(Optional.of(8L * 1024 * 4), ByteSize.parse("4kw")); // PBS words
        assertEquals(Optional.of(4000L << 20), ByteSize.parseMegabytesByDefault("4000"));
        assertEquals(Optional.empty(), ByteSize.parse("UNLIMITED"));
        assertEquals(Optional.empty(), ByteSize.parse("INFINITY"));
        assertEquals("0.00 MB", ByteSize.format(0));
        assertEquals("361.24 GB", ByteSize.format(Math.round(361.24 * (1L << 30))));
    }

    @Test
    void times() {
        assertEquals(
                Optional.of(Duration.ofDays(98).plusHours(4).plusMinutes(21).plusSeconds(35)),
                Clock.parse("98-04:21:35"));
        assertEquals(
                Optional.of(Duration.ofMinutes(9).plusMillis(28_052)),
                Clock.parse("09:28.052")); // sacct TotalCPU under an hour
        assertEquals(
                Optional.of(Duration.ofHours(4090).plusMinutes(56).plusSeconds(3)),
                Clock.parse("4090:56:03")); // PBS cput
        assertEquals(Optional.of(Duration.ofDays(1).plusHours(12)), Clock.parse("1-12:00"));
        assertEquals(Optional.of(Duration.ofSeconds(60)), Clock.parse("60")); // qacct, SGE 6.2
        assertEquals(Optional.of(Duration.ofMillis(9)), Clock.parse("0.009s")); // qacct, SGE 8.1
        assertEquals(Optional.empty(), Clock.parse("UNLIMITED"));
        assertEquals(Optional.empty(), Clock.parse("Partition_Limit"));
        assertEquals(Optional.empty(), Clock.parse(""));
        assertEquals("139-08:31:28", Clock.format(Duration.ofSeconds(12040288)));
        assertEquals("00:00:07", Clock.format(Duration.ofMillis(7900)));
    }
}
