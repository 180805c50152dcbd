package org.hpckernel.sweep;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * TPE's l(x) or g(x): a weighted mixture of product kernels over one or more dimensions, one kernel per
 * observation plus the prior (centre of the domain, width of the domain), as Optuna's _ParzenEstimator.
 * One dimension = univariate TPE; several = multivariate TPE, where a candidate vector takes every
 * coordinate from the same kernel and is scored by the joint density.
 */
final class ParzenEstimator {

    /** How kernel widths are chosen (see {@link TpeSettings}). */
    enum Bandwidth {
        /** Per dimension, the larger gap to a sorted neighbour (Optuna's univariate rule; 5.0's for all). */
        NEIGHBOURS,
        /** One width per dimension, 0.2 n^(-1/(d+4)) of the range (Optuna 3.x-4.x multivariate, Scott-like). */
        SCOTT
    }

    private final List<TpeDimension> dims;
    private final TpeSettings settings;
    private final double[] weights;
    private final double[] logWeights;
    private final double[][] mus; // [dim][kernel]
    private final double[][] sigmas; // [dim][kernel]
    private final double[][] logZ; // [dim][kernel]: ln of the kernel's mass on [low, high]
    private final double[][][] rows; // [dim][kernel][choice] for choices

    /** @param obs observations, one row per trial, in {@link TpeDimension#centre} values, oldest first */
    ParzenEstimator(List<TpeDimension> dims, double[][] obs, TpeSettings settings, Bandwidth rule) {
        this.dims = List.copyOf(dims);
        this.settings = settings;
        int n = obs.length, d = dims.size();
        weights = mixtureWeights(n, settings.priorWeight());
        logWeights = Arrays.stream(weights).map(Math::log).toArray();
        mus = new double[d][];
        sigmas = new double[d][];
        logZ = new double[d][];
        rows = new double[d][][];
        for (int j = 0; j < d; j++) {
            TpeDimension dim = dims.get(j);
            double[] col = new double[n];
            for (int i = 0; i < n; i++) {
                col[i] = obs[i][j];
            }
            if (dim.kind() == TpeDimension.Kind.CHOICE) {
                rows[j] = choiceRows(col, dim.nChoices(), settings.priorWeight());
                continue;
            }
            mus[j] = Arrays.copyOf(col, n + 1);
            mus[j][n] = 0.5 * (dim.low() + dim.high());
            sigmas[j] = rule == Bandwidth.SCOTT ? scottSigmas(dim, n, d) : neighbourSigmas(dim, mus[j], settings);
            clip(dim, sigmas[j], n, settings.magicClip());
            sigmas[j][n] = dim.high() - dim.low();
            logZ[j] = new double[n + 1];
            for (int k = 0; k <= n; k++) {
                double s = sigmas[j][k];
                logZ[j][k] = Math.log(Normals.mass((dim.low() - mus[j][k]) / s, (dim.high() - mus[j][k]) / s));
            }
        }
    }

    /** Optuna's default weights (older observations ramp down past 25) and the prior's, normalised. */
    static double[] mixtureWeights(int n, double priorWeight) {
        double[] w = Arrays.copyOf(TpeSampler.defaultWeights(n), n + 1);
        w[n] = priorWeight;
        double sum = 0;
        for (double v : w) {
            sum += v;
        }
        for (int i = 0; i <= n; i++) {
            w[i] /= sum;
        }
        return w;
    }

    /**
     * Each kernel's width is the larger gap to its sorted neighbours in a list padded with the bounds;
     * Optuna 3.1-4.8 count the prior's centre as a neighbour (mus holds it last), 4.9 and 5.0 do not.
     */
    private static double[] neighbourSigmas(TpeDimension dim, double[] mus, TpeSettings s) {
        int n = mus.length - 1;
        int m = s.priorCentreIsNeighbour() ? n + 1 : n;
        Integer[] order = new Integer[m];
        for (int i = 0; i < m; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> mus[i]));
        double[] padded = new double[m + 2];
        padded[0] = dim.low();
        padded[m + 1] = dim.high();
        for (int i = 0; i < m; i++) {
            padded[i + 1] = mus[order[i]];
        }
        double[] sorted = new double[m];
        for (int i = 0; i < m; i++) {
            sorted[i] = Math.max(padded[i + 1] - padded[i], padded[i + 2] - padded[i + 1]);
        }
        if (!s.considerEndpoints() && padded.length >= 4) {
            sorted[0] = padded[2] - padded[1];
            sorted[m - 1] = padded[m] - padded[m - 1];
        }
        double[] out = new double[n + 1];
        for (int i = 0; i < m; i++) {
            out[order[i]] = sorted[i];
        }
        return out;
    }

    private static double[] scottSigmas(TpeDimension dim, int n, int nDims) {
        double[] out = new double[n + 1];
        Arrays.fill(out, 0.2 * Math.pow(Math.max(n, 1), -1.0 / (nDims + 4)) * (dim.high() - dim.low()));
        return out;
    }

    /** The magic clip: widths within [range / min(100, 1 + kernels), range]. */
    private static void clip(TpeDimension dim, double[] sigmas, int n, boolean magicClip) {
        double range = dim.high() - dim.low();
        double min = magicClip ? range / Math.min(100.0, 1.0 + (n + 1)) : 1e-12;
        for (int k = 0; k < n; k++) {
            sigmas[k] = Math.min(range, Math.max(min, sigmas[k]));
        }
    }

    /** A choice's kernels: prior_weight / kernels on every choice, +1 on the observed one, rows normalised. */
    private static double[][] choiceRows(double[] obs, int m, double priorWeight) {
        int kernels = obs.length + 1;
        double[][] r = new double[kernels][m];
        for (int k = 0; k < kernels; k++) {
            Arrays.fill(r[k], priorWeight / kernels);
            if (k < obs.length) {
                r[k][(int) obs[k]] += 1;
            }
            double s = 0;
            for (double v : r[k]) {
                s += v;
            }
            for (int j = 0; j < m; j++) {
                r[k][j] /= s;
            }
        }
        return r;
    }

    /** {@code count} candidate vectors: each picks one kernel, then every coordinate from that kernel. */
    double[][] sample(SplittableRandom rng, int count) {
        double[][] out = new double[count][dims.size()];
        for (int c = 0; c < count; c++) {
            int k = pick(weights, rng);
            for (int j = 0; j < dims.size(); j++) {
                TpeDimension dim = dims.get(j);
                out[c][j] = dim.kind() == TpeDimension.Kind.CHOICE
                        ? pick(rows[j][k], rng)
                        : dim.snap(truncatedNormal(mus[j][k], sigmas[j][k], dim.low(), dim.high(), rng));
            }
        }
        return out;
    }

    /** ln of the mixture's density (cell mass for grids, probability for choices) at candidate x. */
    double logPdf(double[] x) {
        int kernels = weights.length;
        double[] terms = logWeights.clone();
        for (int j = 0; j < dims.size(); j++) {
            TpeDimension dim = dims.get(j);
            if (dim.kind() == TpeDimension.Kind.CHOICE) {
                for (int k = 0; k < kernels; k++) {
                    terms[k] += Math.log(rows[j][k][(int) x[j]]);
                }
                continue;
            }
            boolean scaleFree = settings.scaleFreeScoring();
            for (int k = 0; k < kernels; k++) {
                terms[k] += dim.logKernel(x[j], mus[j][k], sigmas[j][k], scaleFree) - logZ[j][k];
            }
        }
        double max = Double.NEGATIVE_INFINITY;
        for (double t : terms) {
            max = Math.max(max, t);
        }
        if (max == Double.NEGATIVE_INFINITY) {
            return max;
        }
        double sum = 0;
        for (double t : terms) {
            sum += Math.exp(t - max);
        }
        return max + Math.log(sum);
    }

    /** Inverse-CDF draw from N(mu, sigma) truncated to [low, high], on the mirrored side when a > 0. */
    static double truncatedNormal(double mu, double sigma, double low, double high, SplittableRandom rng) {
        double a = (low - mu) / sigma, b = (high - mu) / sigma;
        double z;
        if (a > 0) {
            double lo = Normals.cdf(-b), hi = Normals.cdf(-a);
            z = -Normals.inverseCdf(clampOpen(lo + (hi - lo) * rng.nextDouble()));
        } else {
            double lo = Normals.cdf(a), hi = Normals.cdf(b);
            z = Normals.inverseCdf(clampOpen(lo + (hi - lo) * rng.nextDouble()));
        }
        return Math.max(low, Math.min(high, mu + sigma * z));
    }

    private static double clampOpen(double u) {
        return Math.min(1 - 1e-16, Math.max(1e-300, u));
    }

    static int pick(double[] w, SplittableRandom rng) {
        double u = rng.nextDouble(), acc = 0;
        for (int i = 0; i < w.length; i++) {
            acc += w[i];
            if (u < acc) {
                return i;
            }
        }
        return w.length - 1;
    }

    double[] weights() {
        return weights.clone();
    }

    double sigma(int dim, int kernel) {
        return sigmas[dim][kernel];
    }

    double mu(int dim, int kernel) {
        return mus[dim][kernel];
    }
}
