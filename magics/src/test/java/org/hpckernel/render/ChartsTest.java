package org.hpckernel.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;

class ChartsTest {

    @Test
    void overlaidLinesRenderAsAPng() throws Exception {
        Map<String, double[][]> series = new LinkedHashMap<>();
        series.put("job 1", new double[][] {{0, 1, 2, 3, 4}, {2.3, 1.5, 1.1, 0.9, 0.8}});
        series.put("job 2", new double[][] {{0, 1, 2, 3, 4}, {2.2, 1.9, 1.4, 1.2, 1.0}});
        Png png = Charts.lines("loss", "step", "loss", series);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png.bytes()));
        assertEquals(720, image.getWidth());
        assertEquals(400, image.getHeight());
        assertTrue(png.altText().contains("2 series, 10 points"), png.altText());
    }

    @Test
    void scatterRendersAsAPng() throws Exception {
        Png png = Charts.scatter("lr vs loss", "lr", "loss", Map.of("trials", new double[][] {
            {0.1, 0.01, 0.001}, {1, 0.5, 0.7}
        }));
        assertTrue(ImageIO.read(new ByteArrayInputStream(png.bytes())).getWidth() > 0);
    }

    /** The x tick labels XChart drew (read from its package-private axis: XChart is pinned at 3.8.8). */
    private static List<String> xTickLabels(double[] xs) throws Exception {
        double[] ys = new double[xs.length];
        for (int i = 0; i < xs.length; i++) {
            ys[i] = Math.sin(i);
        }
        XYChart chart =
                Charts.chart("t", "step", "y", Map.of("s", new double[][] {xs, ys}), XYSeries.XYSeriesRenderStyle.Line);
        BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        Method getXAxis = Chart.class.getDeclaredMethod("getXAxis");
        getXAxis.setAccessible(true);
        Object axis = getXAxis.invoke(chart);
        Method getCalculator = axis.getClass().getDeclaredMethod("getAxisTickCalculator");
        getCalculator.setAccessible(true);
        Object calculator = getCalculator.invoke(axis);
        Method getLabels = calculator.getClass().getSuperclass().getDeclaredMethod("getTickLabels");
        getLabels.setAccessible(true);
        @SuppressWarnings("unchecked")
        List<String> labels = (List<String>) getLabels.invoke(calculator);
        return labels;
    }

    @Test
    void integerStepsGetOnlyIntegerTickLabels() throws Exception {
        List<double[]> cases = new ArrayList<>();
        for (int last : new int[] {1, 2, 3, 4, 5, 7, 10, 13, 20, 50, 99, 1000, 12_345}) {
            cases.add(IntStream.rangeClosed(0, last).asDoubleStream().toArray());
        }
        cases.add(new double[] {3, 5});
        cases.add(new double[] {0, 7});
        cases.add(new double[] {-4, -2, 0, 2});
        cases.add(new double[] {10, 20, 30, 40, 50});
        cases.add(new double[] {0, 2500, 5000});
        for (double[] xs : cases) {
            List<String> labels = xTickLabels(xs);
            String where = "steps "
                    + Arrays.toString(xs)
                            .substring(0, Math.min(40, Arrays.toString(xs).length())) + " drew " + labels;
            assertTrue(labels.size() >= 2, where);
            for (String label : labels) {
                assertTrue(label.matches("-?[0-9]{1,3}(,[0-9]{3})*"), where);
            }
            assertEquals(labels.size(), labels.stream().distinct().count(), where);
        }
    }

    /** The labels XChart draws inside the plot (its calculator also labels ticks just outside it). */
    private static List<String> visibleXTickLabels(double[] xs) throws Exception {
        double min = Arrays.stream(xs).min().orElseThrow();
        double max = Arrays.stream(xs).max().orElseThrow();
        return xTickLabels(xs).stream()
                .filter(l -> {
                    double v = Double.parseDouble(l.replace(",", ""));
                    return v >= min - 0.5 && v <= max + 0.5;
                })
                .toList();
    }

    @Test
    void longStepRunsGetAFewRoundTicksNotOneEveryFewPoints() throws Exception {
        for (int last : new int[] {99, 199, 999, 4_999, 99_999}) {
            List<String> labels = visibleXTickLabels(
                    IntStream.rangeClosed(0, last).asDoubleStream().toArray());
            assertTrue(labels.size() <= 12, "steps 0.." + last + " drew " + labels);
            long round = labels.stream()
                    .map(l -> l.replace(",", ""))
                    .mapToLong(Long::parseLong)
                    .filter(v -> v % 5 == 0)
                    .count();
            assertEquals(labels.size(), round, "steps 0.." + last + " drew " + labels);
        }
    }

    @Test
    void stepChartsAreWrittenForALookAt() throws Exception {
        Map<String, double[][]> series = new LinkedHashMap<>();
        for (int s = 0; s < 3; s++) {
            int shift = s;
            int n = 200 - 40 * s;
            series.put("job 10" + s, new double[][] {
                IntStream.range(0, n).asDoubleStream().toArray(),
                IntStream.range(0, n)
                        .mapToDouble(i -> 2 * Math.exp(-i / 50.0) + shift * 0.1)
                        .toArray()
            });
        }
        Png png = Charts.lines("loss per step", "step", "loss", series);
        java.nio.file.Files.write(
                java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "hpc-charts-steps.png"), png.bytes());
        Png few = Charts.lines("accuracy", "epoch", "acc", Map.of("run", new double[][] {
            {0, 1, 2, 3}, {0.5, 0.7, 0.8, 0.85}
        }));
        java.nio.file.Files.write(
                java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "hpc-charts-epochs.png"), few.bytes());
        assertEquals(List.of("0", "1", "2", "3"), visibleXTickLabels(new double[] {0, 1, 2, 3}));
    }

    @Test
    void missingPointsAreLeftOutAndAllMissingIsRefused() throws Exception {
        Png png =
                Charts.lines("gaps", "step", "loss", Map.of("r", new double[][] {{0, 1, 2, 3}, {1, Double.NaN, 0.5, 0.4}
                }));
        assertEquals(720, ImageIO.read(new ByteArrayInputStream(png.bytes())).getWidth());
        assertThrows(
                IllegalArgumentException.class,
                () -> Charts.lines("none", "step", "loss", Map.of("r", new double[][] {{0, 1}, {Double.NaN, Double.NaN}
                })));
    }

    @Test
    void scatterOverSeveralDecadesUsesALogAxis() {
        XYChart chart = Charts.chart(
                "lr",
                "lr",
                "loss",
                Map.of("s", new double[][] {{1e-4, 1e-3, 1e-2, 3e-2}, {0.9, 0.4, 0.5, 1.2}}),
                XYSeries.XYSeriesRenderStyle.Scatter);
        assertTrue(chart.getStyler().isXAxisLogarithmic());
        assertFalse(Charts.chart(
                        "lr",
                        "lr",
                        "loss",
                        Map.of("s", new double[][] {{0.1, 0.25}, {1, 2}}),
                        XYSeries.XYSeriesRenderStyle.Scatter)
                .getStyler()
                .isXAxisLogarithmic());
    }

    @Test
    void aLongRunOf300000PointsIsThinnedForDrawingButCountedInFull() throws Exception {
        int n = 100_000;
        Map<String, double[][]> series = new LinkedHashMap<>();
        for (int s = 0; s < 3; s++) {
            int shift = s;
            series.put("job " + s, new double[][] {
                IntStream.range(0, n).asDoubleStream().toArray(),
                IntStream.range(0, n)
                        .mapToDouble(i -> Math.exp(-i / 25_000.0) + shift * 0.1)
                        .toArray()
            });
        }
        // one spike up and one down, a single point each: thinning must not hide them
        double[] ys = series.get("job 1")[1];
        ys[54_321] = 5.0;
        ys[77_777] = -1.0;
        Png png = Charts.lines("long run", "step", "loss", series);
        assertEquals("long run (3 series, 300000 points)", png.altText(), "the alt text counts every point given");
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png.bytes()));
        assertEquals(720, image.getWidth());
        assertEquals(400, image.getHeight());

        XYChart chart = Charts.chart("long run", "step", "loss", series, XYSeries.XYSeriesRenderStyle.Line);
        assertEquals(
                List.of("job 0", "job 1", "job 2"),
                new ArrayList<>(chart.getSeriesMap().keySet()));
        for (Map.Entry<String, XYSeries> drawn : chart.getSeriesMap().entrySet()) {
            double[] x = drawn.getValue().getXData();
            double[] y = drawn.getValue().getYData();
            double[] given = series.get(drawn.getKey())[1];
            assertTrue(
                    x.length <= 2 * Decimation.BUCKETS && x.length >= Decimation.BUCKETS,
                    drawn.getKey() + ": " + x.length + " drawn");
            assertEquals(0.0, x[0], "the first step is drawn");
            assertEquals(n - 1.0, x[x.length - 1], "the last step is drawn");
            for (int i = 1; i < x.length; i++) {
                assertTrue(x[i] > x[i - 1], "drawn in step order, no doubling back, at " + i);
            }
            for (int i = 0; i < x.length; i++) {
                assertEquals(given[(int) x[i]], y[i], "a drawn point is a given point, at step " + x[i]);
            }
            assertEquals(
                    Arrays.stream(given).max().orElseThrow(),
                    Arrays.stream(y).max().orElseThrow(),
                    drawn.getKey() + " highest");
            assertEquals(
                    Arrays.stream(given).min().orElseThrow(),
                    Arrays.stream(y).min().orElseThrow(),
                    drawn.getKey() + " lowest");
        }
        double[] x1 = chart.getSeriesMap().get("job 1").getXData();
        assertTrue(
                Arrays.stream(x1).anyMatch(x -> x == 54_321)
                        && Arrays.stream(x1).anyMatch(x -> x == 77_777),
                "both spikes drawn");
    }

    @Test
    void fractionalXKeepsXChartsDecimalLabels() {
        XYChart chart = Charts.chart(
                "t",
                "lr",
                "loss",
                Map.of("s", new double[][] {{0.1, 0.25}, {1, 2}}),
                XYSeries.XYSeriesRenderStyle.Scatter);
        assertEquals(null, chart.getStyler().getXAxisDecimalPattern());
        assertEquals(
                "#,##0",
                Charts.chart(
                                "t",
                                "step",
                                "loss",
                                Map.of("s", new double[][] {{1, 2}, {1, 2}}),
                                XYSeries.XYSeriesRenderStyle.Line)
                        .getStyler()
                        .getXAxisDecimalPattern());
    }

    @Test
    void mismatchedOrMissingSeriesAreRefusedByName() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> Charts.lines("t", "x", "y", Map.of("job 7", new double[][] {{0, 1}, {1}})));
        assertTrue(e.getMessage().contains("job 7"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Charts.scatter("t", "x", "y", Map.of()));
    }

    @Test
    void manySeriesAndLongSeriesRender() throws Exception {
        Map<String, double[][]> series = new LinkedHashMap<>();
        for (int s = 0; s < 8; s++) {
            int shift = s;
            series.put("run " + s, new double[][] {
                IntStream.range(0, 5000).asDoubleStream().toArray(),
                IntStream.range(0, 5000)
                        .mapToDouble(i -> Math.exp(-i / 1000.0) + shift * 0.1)
                        .toArray()
            });
        }
        Png png = Charts.lines("8 runs", "step", "loss", series);
        assertEquals(720, ImageIO.read(new ByteArrayInputStream(png.bytes())).getWidth());
        assertTrue(png.altText().contains("8 series, 40000 points"), png.altText());
    }
}
