package org.hpckernel.render;

import java.awt.Color;
import java.awt.Font;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.hpckernel.magic.Png;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Line and scatter charts as PNG (XChart, headless). Each series is {@code double[][] {xs, ys}}.
 * When every x is a whole number (steps, epochs) the x axis shows whole numbers only: no 0.5 ticks.
 */
public final class Charts {

    public static final int WIDTH = 800;
    public static final int HEIGHT = 480;

    static {
        // Charts are drawn off-screen; never try to open a display (a kernel has none).
        System.setProperty("java.awt.headless", "true");
    }

    private Charts() {
    }

    /** Several series overlaid as lines, e.g. loss against step for several jobs. */
    public static Png lines(String title, String xLabel, String yLabel, Map<String, double[][]> seriesXY) {
        validate(seriesXY);
        String alt = "Line chart: " + describe(title, xLabel, yLabel, seriesXY);
        seriesXY = forDrawing(seriesXY);
        XYChart chart = chart(title, xLabel, yLabel, seriesXY);
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        seriesXY.forEach((name, xy) -> {
            XYSeries s = chart.addSeries(name, xy[0], xy[1]);
            // markers only where points are few enough to tell apart
            s.setMarker(xy[0].length <= 30 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
        });
        return png(chart, alt);
    }

    /** Points without lines, e.g. a parameter against the objective, one series per sweep. */
    public static Png scatter(String title, String xLabel, String yLabel, Map<String, double[][]> seriesXY) {
        validate(seriesXY);
        String alt = "Scatter plot: " + describe(title, xLabel, yLabel, seriesXY);
        seriesXY = forDrawing(seriesXY);
        XYChart chart = chart(title, xLabel, yLabel, seriesXY);
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setMarkerSize(7);
        if (spansDecades(seriesXY)) {
            // learning rates and the like: 1e-4 .. 1e-1 squeezed into one corner on a linear axis
            chart.getStyler().setXAxisLogarithmic(true);
            chart.getStyler().setxAxisTickLabelsFormattingFunction(null);
            chart.getStyler().setXAxisDecimalPattern("0.###E0");
        }
        seriesXY.forEach((name, xy) -> chart.addSeries(name, xy[0], xy[1]).setMarker(SeriesMarkers.CIRCLE));
        return png(chart, alt);
    }

    private static void validate(Map<String, double[][]> seriesXY) {
        if (seriesXY.isEmpty()) {
            throw new IllegalArgumentException("A chart needs at least one series");
        }
        seriesXY.forEach((name, xy) -> {
            if (xy.length != 2 || xy[0].length != xy[1].length || xy[0].length == 0) {
                throw new IllegalArgumentException("Series '" + name + "' must be {xs, ys} of the same, non-zero length");
            }
        });
    }

    /** Missing points left out, long series thinned; a series with no finite point is dropped. */
    private static Map<String, double[][]> forDrawing(Map<String, double[][]> seriesXY) {
        Map<String, double[][]> drawn = new LinkedHashMap<>();
        seriesXY.forEach((name, xy) -> {
            double[][] d = Decimation.forDrawing(xy);
            if (d[0].length > 0) {
                drawn.put(name, d);
            }
        });
        if (drawn.isEmpty()) {
            throw new IllegalArgumentException("Nothing to draw: every point is NaN or infinite");
        }
        return drawn;
    }

    private static XYChart chart(String title, String xLabel, String yLabel, Map<String, double[][]> seriesXY) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title(title).xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        var styler = chart.getStyler();
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setPlotBorderVisible(true);
        styler.setPlotGridLinesColor(new Color(225, 225, 225));
        styler.setLegendPosition(Styler.LegendPosition.OutsideE);
        styler.setLegendVisible(seriesXY.size() > 1);
        styler.setLegendBorderColor(Color.WHITE);
        styler.setAntiAlias(true);
        styler.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        styler.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        styler.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        styler.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        styler.setXAxisTickMarkSpacingHint(90);
        styler.setYAxisTickMarkSpacingHint(60);
        styler.setyAxisTickLabelsFormattingFunction(Charts::tickLabel);
        styler.setYAxisLabelAlignment(org.knowm.xchart.style.AxesChartStyler.TextAlignment.Right);
        if (allWhole(seriesXY)) {
            // Whole-number labels: a fractional tick (step 0.5, 0.2...) would repeat a label, and
            // XChart widens its tick step until labels are unique, so only whole-number ticks remain.
            styler.setXAxisDecimalPattern("#,##0");
            // On an evenly spaced axis XChart ticks every k-th data point, as densely as labels fit;
            // half a step of padding at both ends breaks the even spacing and gives round steps.
            double[] range = xRange(seriesXY);
            double pad = smallestStep(seriesXY) / 2;
            styler.setXAxisMin(range[0] - pad);
            styler.setXAxisMax(range[1] + pad);
        } else {
            styler.setxAxisTickLabelsFormattingFunction(Charts::tickLabel);
        }
        return chart;
    }

    /** Tick labels: 0.001, 1.5, 2000, 1.2e-05 rather than 1.0000000000000002. */
    static String tickLabel(double v) {
        double abs = Math.abs(v);
        if (abs < 1e-12) {
            return "0";
        }
        if (abs >= 1e-3 && abs < 1e7) {
            return new java.math.BigDecimal(v).round(new java.math.MathContext(6)).stripTrailingZeros().toPlainString();
        }
        return String.format(Locale.ROOT, "%.3g", v);
    }

    /** All x positive and spanning at least two decades: a log axis reads better. */
    static boolean spansDecades(Map<String, double[][]> seriesXY) {
        double[] range = xRange(seriesXY);
        return range[0] > 0 && range[1] / range[0] >= 100;
    }

    static boolean allWhole(Map<String, double[][]> seriesXY) {
        return seriesXY.values().stream().flatMapToDouble(xy -> Arrays.stream(xy[0]))
                .allMatch(x -> x == Math.rint(x) && Math.abs(x) < 1e15);
    }

    private static double[] xRange(Map<String, double[][]> seriesXY) {
        var stats = seriesXY.values().stream().flatMapToDouble(xy -> Arrays.stream(xy[0])).summaryStatistics();
        return new double[] {stats.getMin(), stats.getMax()};
    }

    /** The smallest gap between distinct x values (1 when there is only one value). */
    private static double smallestStep(Map<String, double[][]> seriesXY) {
        double[] xs = seriesXY.values().stream().flatMapToDouble(xy -> Arrays.stream(xy[0])).distinct().sorted().toArray();
        double step = Double.MAX_VALUE;
        for (int i = 1; i < xs.length; i++) {
            step = Math.min(step, xs[i] - xs[i - 1]);
        }
        return xs.length < 2 ? 1 : step;
    }

    private static String describe(String title, String xLabel, String yLabel, Map<String, double[][]> seriesXY) {
        String series = seriesXY.entrySet().stream()
                .map(e -> e.getKey() + " (" + e.getValue()[0].length + " points)")
                .collect(Collectors.joining(", "));
        return title + ", " + yLabel + " against " + xLabel + "; " + series;
    }

    private static Png png(XYChart chart, String altText) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(BitmapEncoder.getBufferedImage(chart), "png", out);
            return new Png(out.toByteArray(), altText);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not encode the chart as PNG", e);
        }
    }
}
