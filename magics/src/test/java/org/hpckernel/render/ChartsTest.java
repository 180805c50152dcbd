package org.hpckernel.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.ImageIO;
import org.hpckernel.magic.Png;
import org.junit.jupiter.api.Test;

class ChartsTest {

    private static double[][] curve(int steps, double scale, double offset) {
        double[] x = new double[steps];
        double[] y = new double[steps];
        for (int i = 0; i < steps; i++) {
            x[i] = i;
            y[i] = offset + scale * Math.exp(-i / (steps / 4.0));
        }
        return new double[][] {x, y};
    }

    private static BufferedImage decode(Png png) throws IOException {
        return ImageIO.read(new ByteArrayInputStream(png.bytes()));
    }

    @Test
    void linesRenderAPngOfTheChartSizeWithSeveralSeries() throws IOException {
        Map<String, double[][]> series = new LinkedHashMap<>();
        series.put("job 101", curve(200, 2.0, 0.1));
        series.put("job 102", curve(200, 1.5, 0.3));
        series.put("job 103_4", curve(120, 1.0, 0.2));
        Png png = Charts.lines("loss per step", "step", "loss", series);
        Files.write(Path.of(System.getProperty("java.io.tmpdir"), "hpc-charts-lines.png"), png.bytes());
        BufferedImage image = decode(png);
        assertEquals(Charts.WIDTH, image.getWidth());
        assertEquals(Charts.HEIGHT, image.getHeight());
        assertTrue(png.altText().contains("job 102 (200 points)"), png.altText());
        assertTrue(png.altText().startsWith("Line chart: loss per step"), png.altText());
    }

    @Test
    void fewIntegerStepsGetOnlyWholeNumberTickLabels() throws IOException {
        Png png = Charts.lines("accuracy", "epoch", "acc",
                Map.of("run", new double[][] {{0, 1, 2, 3}, {0.5, 0.7, 0.8, 0.85}}));
        Files.write(Path.of(System.getProperty("java.io.tmpdir"), "hpc-charts-few-steps.png"), png.bytes());
        assertEquals(Charts.WIDTH, decode(png).getWidth());
        assertTrue(Charts.allWhole(Map.of("run", new double[][] {{0, 1, 2, 3}, {0, 0, 0, 0}})));
        assertFalse(Charts.allWhole(Map.of("run", new double[][] {{0, 0.5}, {0, 0}})));
    }

    @Test
    void scatterRendersParameterAgainstObjective() throws IOException {
        double[] lr = {1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2};
        double[] loss = {0.9, 0.6, 0.35, 0.3, 0.5, 1.2};
        Png png = Charts.scatter("learning rate sweep", "lr", "loss", Map.of("sweep 7", new double[][] {lr, loss}));
        Files.write(Path.of(System.getProperty("java.io.tmpdir"), "hpc-charts-scatter.png"), png.bytes());
        assertEquals(Charts.HEIGHT, decode(png).getHeight());
        assertTrue(png.altText().startsWith("Scatter plot: learning rate sweep"), png.altText());
    }

    @Test
    void aLongRunOf300000PointsRendersQuicklyAndTheAltTextCountsEveryPoint() throws IOException {
        Map<String, double[][]> series = new LinkedHashMap<>();
        for (int s = 0; s < 3; s++) {
            series.put("job " + s, curve(100_000, 1.0, s * 0.1));
        }
        Png png = Charts.lines("long run", "step", "loss", series);
        Files.write(Path.of(System.getProperty("java.io.tmpdir"), "hpc-charts-long.png"), png.bytes());
        assertTrue(png.altText().contains("job 2 (100000 points)"), png.altText());
        assertEquals(Charts.WIDTH, decode(png).getWidth());
    }

    @Test
    void missingValuesAreLeftOutAndAllMissingIsAnError() throws IOException {
        Png png = Charts.lines("gaps", "step", "loss",
                Map.of("r", new double[][] {{0, 1, 2, 3}, {1, Double.NaN, 0.5, 0.4}}));
        assertEquals(Charts.WIDTH, decode(png).getWidth());
        assertThrows(IllegalArgumentException.class, () -> Charts.lines("none", "step", "loss",
                Map.of("r", new double[][] {{0, 1}, {Double.NaN, Double.NaN}})));
    }

    @Test
    void tickLabelsHaveNoFloatingPointNoise() {
        assertEquals("0.3", Charts.tickLabel(0.1 + 0.2));
        assertEquals("2000", Charts.tickLabel(2000.0));
        assertEquals("0", Charts.tickLabel(1e-17));
        assertEquals("1.20e-05", Charts.tickLabel(1.2e-5));
    }

    @Test
    void mismatchedSeriesLengthsAreRejectedWithTheSeriesName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Charts.lines("t", "x", "y", Map.of("bad", new double[][] {{1, 2}, {1}})));
        assertTrue(e.getMessage().contains("'bad'"), e.getMessage());
    }
}
