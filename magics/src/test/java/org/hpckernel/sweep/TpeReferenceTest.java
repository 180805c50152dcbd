package org.hpckernel.sweep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * TPE's Parzen estimators on fixed histories against reference values. "3.1" values were printed by
 * Debian's Optuna 3.1.0 (_ParzenEstimator, bench/sweep/tpe_reference.py); where Optuna 3.5+ differs (kernel
 * densities with their 1/sigma: optuna PR #5110, v4.9.0 optuna/samplers/_tpe/_truncnorm.py logpdf; log
 * ints scored by the mass of [ln(x-1/2), ln(x+1/2)]: PR #6258, v4.9.0 probability_distributions.py
 * _BatchedDiscreteTruncLogNormDistributions) the same script writes that formula out with scipy.
 */
class TpeReferenceTest {

    static final double TOL = 1e-6; // Normals' erfc fit is good to 1.2e-7 relative

    static TpeSettings settings(boolean scaleFree) {
        // Optuna 3.1-4.8 count the prior's centre among the neighbours
        return TpeSampler.builder()
                .scaleFreeScoring(scaleFree)
                .priorCentreIsNeighbour(true)
                .build()
                .settings();
    }

    static double[][] column(double... v) {
        double[][] out = new double[v.length][1];
        for (int i = 0; i < v.length; i++) {
            out[i][0] = v[i];
        }
        return out;
    }

    static ParzenEstimator univariate(Param p, boolean scaleFree, double... obs) {
        return new ParzenEstimator(
                List.of(TpeDimension.of(p)), column(obs), settings(scaleFree), ParzenEstimator.Bandwidth.NEIGHBOURS);
    }

    static void assertSigmas(double[] want, ParzenEstimator pe, int dim) {
        double[] got = new double[want.length];
        for (int k = 0; k < want.length; k++) {
            got[k] = pe.sigma(dim, k);
        }
        assertArrayEquals(want, got, 1e-12);
    }

    @Test
    void continuousWeightsWidthsAndScoresMatchOptuna31AndThe35Formula() {
        Param x = new Param.Real("x", -5, 10, false, null);
        double[] obs = {2.0, -1.5, 7.25, 0.5, 9.0};
        ParzenEstimator v31 = univariate(x, true, obs), v35 = univariate(x, false, obs);
        double sixth = 1.0 / 6;
        assertArrayEquals(new double[] {sixth, sixth, sixth, sixth, sixth, sixth}, v35.weights(), 1e-15);
        assertEquals(2.5, v35.mu(0, 5)); // the prior sits at the centre
        double c = 2.142857142857143; // the magic clip's floor, 15 / 7
        assertSigmas(new double[] {c, c, 4.75, c, c, 15.0}, v35, 0);
        double[] xs = {-4.0, 0.0, 3.3, 9.9};
        double[] want31 = {-1.5707583189802607, -1.0126604538934378, -1.1035992568508153, -1.1297041220244175};
        double[] want35 = {-3.4314817753520384, -2.3689851528194676, -2.68035656268983, -2.675486213411782};
        for (int i = 0; i < xs.length; i++) {
            assertEquals(want31[i], v31.logPdf(new double[] {xs[i]}), TOL, "3.1 scoring at " + xs[i]);
            assertEquals(want35[i], v35.logPdf(new double[] {xs[i]}), TOL, "3.5+ scoring at " + xs[i]);
        }
    }

    @Test
    void steppedIntScoresItsCellMassAsOptuna31() {
        ParzenEstimator pe = univariate(new Param.Int("n", 5, 50, false, 5), false, 10, 45, 25, 25);
        assertSigmas(new double[] {15.0, 17.5, 15.0, 8.333333333333334, 50.0}, pe, 0);
        double[] want = {-2.6194378767997124, -1.973115162160176, -2.7947827109204604};
        double[] xs = {5, 25, 50};
        for (int i = 0; i < xs.length; i++) {
            assertEquals(want[i], pe.logPdf(new double[] {xs[i]}), TOL);
        }
    }

    @Test
    void choiceKernelsMatchOptuna31() {
        ParzenEstimator pe = univariate(new Param.Choice("c", List.of("a", "b", "c"), null), false, 0, 2, 2, 1, 2);
        double[] want = {-1.349926716949016, -1.349926716949016, -0.7308875085427923};
        for (int i = 0; i < 3; i++) {
            assertEquals(want[i], pe.logPdf(new double[] {i}), 1e-12);
        }
    }

    @Test
    void multivariateScottWidthsAndJointScoreMatchOptuna31() {
        List<TpeDimension> dims = List.of(
                TpeDimension.of(new Param.Real("x", 0, 1, false, null)),
                TpeDimension.of(new Param.Real("y", 1e-3, 1, true, null)));
        double[][] obs = {{0.1, Math.log(0.002)}, {0.7, Math.log(0.5)}, {0.4, Math.log(0.03)}, {0.95, Math.log(0.2)}};
        ParzenEstimator pe = new ParzenEstimator(dims, obs, settings(true), ParzenEstimator.Bandwidth.SCOTT);
        double s = 0.16666666666666666, t = 1.1512925464970227;
        assertSigmas(new double[] {s, s, s, s, 1.0}, pe, 0);
        assertSigmas(new double[] {t, t, t, t, 6.907755278982137}, pe, 1);
        assertEquals(-1.4356073572098684, pe.logPdf(new double[] {0.3, Math.log(0.01)}), TOL);
        assertEquals(-1.3713464719999116, pe.logPdf(new double[] {0.9, Math.log(0.4)}), TOL);
    }

    @Test
    void logIntScoresTheMassOfItsLnIntervalAsOptuna47() {
        ParzenEstimator pe =
                univariate(new Param.Int("k", 1, 100, true, 1), false, Math.log(2), Math.log(30), Math.log(64));
        assertSigmas(new double[] {1.265358092909647, 1.442692108192563, 1.060660981611815, 5.303304908059076}, pe, 0);
        double[] want = {-2.007136412875958, -3.8099822020336878, -6.053941353772354};
        double[] xs = {1, 8, 100};
        for (int i = 0; i < xs.length; i++) {
            assertEquals(want[i], pe.logPdf(new double[] {xs[i]}), TOL);
        }
    }
}
