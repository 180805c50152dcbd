package org.hpckernel.render;

import java.util.Arrays;

/**
 * Thins a long series for drawing: a chart 800 pixels wide cannot show 100,000 points, and drawing
 * them takes seconds. Points are grouped into buckets along x and each bucket keeps its lowest and
 * highest y, so spikes stay visible. Points with a missing (NaN or infinite) x or y are left out.
 */
final class Decimation {

    /** Buckets per series: two points each, a few per pixel of an 800-pixel chart. */
    static final int BUCKETS = 1500;

    private Decimation() {}

    /** {@code {xs, ys}} without missing points, thinned when longer than 2 x {@link #BUCKETS}. */
    static double[][] forDrawing(double[][] xy) {
        double[][] finite = finite(xy);
        int n = finite[0].length;
        if (n <= 2 * BUCKETS || !ascending(finite[0])) {
            return finite;
        }
        double[] xs = new double[2 * BUCKETS];
        double[] ys = new double[2 * BUCKETS];
        int out = 0;
        for (int b = 0; b < BUCKETS; b++) {
            int from = (int) ((long) b * n / BUCKETS);
            int to = (int) ((long) (b + 1) * n / BUCKETS);
            int lo = from;
            int hi = from;
            for (int i = from + 1; i < to; i++) {
                if (finite[1][i] < finite[1][lo]) {
                    lo = i;
                }
                if (finite[1][i] > finite[1][hi]) {
                    hi = i;
                }
            }
            // keep the two in x order so the line does not double back
            int first = Math.min(lo, hi);
            int second = Math.max(lo, hi);
            xs[out] = finite[0][first];
            ys[out++] = finite[1][first];
            if (second != first) {
                xs[out] = finite[0][second];
                ys[out++] = finite[1][second];
            }
        }
        return new double[][] {Arrays.copyOf(xs, out), Arrays.copyOf(ys, out)};
    }

    private static double[][] finite(double[][] xy) {
        double[] xs = new double[xy[0].length];
        double[] ys = new double[xy[0].length];
        int out = 0;
        for (int i = 0; i < xs.length; i++) {
            if (Double.isFinite(xy[0][i]) && Double.isFinite(xy[1][i])) {
                xs[out] = xy[0][i];
                ys[out++] = xy[1][i];
            }
        }
        return out == xs.length ? xy : new double[][] {Arrays.copyOf(xs, out), Arrays.copyOf(ys, out)};
    }

    private static boolean ascending(double[] xs) {
        for (int i = 1; i < xs.length; i++) {
            if (xs[i] < xs[i - 1]) {
                return false;
            }
        }
        return true;
    }
}
