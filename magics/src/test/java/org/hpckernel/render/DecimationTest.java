package org.hpckernel.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DecimationTest {

    @Test
    void shortSeriesIsDrawnAsGiven() {
        double[][] xy = {{0, 1, 2}, {3, 2, 1}};
        assertSame(xy, Decimation.forDrawing(xy));
    }

    @Test
    void missingPointsAreLeftOut() {
        double[][] d =
                Decimation.forDrawing(new double[][] {{0, 1, 2, 3}, {1, Double.NaN, 0.5, Double.POSITIVE_INFINITY}});
        assertArrayEquals(new double[] {0, 2}, d[0]);
        assertArrayEquals(new double[] {1, 0.5}, d[1]);
    }

    @Test
    void longSeriesIsThinnedButKeepsItsSpikesAndEnds() {
        int n = 1_000_000;
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i;
            y[i] = 1.0;
        }
        y[123_457] = 50.0;
        y[800_001] = -7.0;
        double[][] d = Decimation.forDrawing(new double[][] {x, y});
        assertTrue(d[0].length <= 2 * Decimation.BUCKETS, "kept " + d[0].length);
        assertEquals(50.0, Arrays.stream(d[1]).max().orElseThrow());
        assertEquals(-7.0, Arrays.stream(d[1]).min().orElseThrow());
        assertEquals(0.0, d[0][0]);
        for (int i = 1; i < d[0].length; i++) {
            assertTrue(d[0][i] > d[0][i - 1], "x must stay ascending at " + i);
        }
    }

    @Test
    void seriesWhoseXGoesBackIsNotThinned() {
        int n = 5_000;
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = n - i;
        }
        assertEquals(n, Decimation.forDrawing(new double[][] {x, y})[0].length);
    }
}
