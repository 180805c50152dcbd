package org.hpckernel.render;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Line and scatter charts as PNG (XChart, headless), several series overlaid. Points with a NaN or
 * infinite coordinate are left out, and long series are thinned for drawing ({@link Decimation}).
 */
public final class Charts {

    private static final int WIDTH = 720;
    private static final int HEIGHT = 400;

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private Charts() {}

    /** Each series is {xs, ys}: a metric against step for several jobs, say. */
    public static Png lines(String title, String xLabel, String yLabel, Map<String, double[][]> seriesXY) {
        return render(title, xLabel, yLabel, seriesXY, XYSeries.XYSeriesRenderStyle.Line);
    }

    /** Each series is {xs, ys} drawn as points: a parameter against the objective, say. */
    public static Png scatter(String title, String xLabel, String yLabel, Map<String, double[][]> seriesXY) {
        return render(title, xLabel, yLabel, seriesXY, XYSeries.XYSeriesRenderStyle.Scatter);
    }

    private static Png render(
            String title,
            String xLabel,
            String yLabel,
            Map<String, double[][]> seriesXY,
            XYSeries.XYSeriesRenderStyle style) {
        XYChart chart = chart(title, xLabel, yLabel, seriesXY, style);
        int points = seriesXY.values().stream().mapToInt(xy -> xy[0].length).sum();
        try {
            byte[] png = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
            return new Png(png, title + " (" + seriesXY.size() + " series, " + points + " points)");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The chart before encoding; package-private so tests can see which tick labels it draws. */
    static XYChart chart(
            String title,
            String xLabel,
            String yLabel,
            Map<String, double[][]> seriesXY,
            XYSeries.XYSeriesRenderStyle style) {
        Map<String, double[][]> drawn = forDrawing(seriesXY);
        XYChart chart = new XYChartBuilder()
                .width(WIDTH)
                .height(HEIGHT)
                .title(title)
                .xAxisTitle(xLabel)
                .yAxisTitle(yLabel)
                .build();
        AxesChartStyler styler = chart.getStyler();
        chart.getStyler().setLegendVisible(drawn.size() > 1);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setDefaultSeriesRenderStyle(style);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        chart.getStyler().setPlotGridLinesVisible(true);
        chart.getStyler().setAntiAlias(true);
        styler.setYAxisLabelAlignment(AxesChartStyler.TextAlignment.Right);
        for (Map.Entry<String, double[][]> series : drawn.entrySet()) {
            double[] xs = series.getValue()[0];
            XYSeries s = chart.addSeries(series.getKey(), xs, series.getValue()[1]);
            if (style == XYSeries.XYSeriesRenderStyle.Line) {
                s.setMarker(xs.length > 40 ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
            }
        }
        double[] range = xRange(drawn);
        if (allWhole(drawn)) {
            // Whole-number labels: a fractional tick (0.5, 0.2...) would repeat a label, and XChart
            // widens its step until labels are unique, so only whole-number ticks remain. On evenly
            // spaced x (steps) XChart would instead tick every k-th data point, as densely as labels
            // fit; half a step of padding at both ends breaks that and gives round steps (0, 20, 40).
            chart.getStyler().setXAxisDecimalPattern("#,##0");
            double pad = smallestStep(drawn) / 2;
            styler.setXAxisMin(range[0] - pad);
            styler.setXAxisMax(range[1] + pad);
        } else if (style == XYSeries.XYSeriesRenderStyle.Scatter && range[0] > 0 && range[1] / range[0] >= 100) {
            // learning rates and the like: 1e-4 .. 1e-1 would crowd one corner of a linear axis
            styler.setXAxisLogarithmic(true);
        }
        return chart;
    }

    /** Validated series without missing points, long ones thinned; a series with nothing left is dropped. */
    private static Map<String, double[][]> forDrawing(Map<String, double[][]> seriesXY) {
        if (seriesXY.isEmpty()) {
            throw new IllegalArgumentException("Nothing to plot: give at least one series {xs, ys}.");
        }
        Map<String, double[][]> drawn = new LinkedHashMap<>();
        seriesXY.forEach((name, xy) -> {
            if (xy == null
                    || xy.length != 2
                    || xy[0] == null
                    || xy[1] == null
                    || xy[0].length != xy[1].length
                    || xy[0].length == 0) {
                throw new IllegalArgumentException(
                        "Series '" + name + "' must be {xs, ys} of the same, non-zero length.");
            }
            double[][] d = Decimation.forDrawing(xy);
            if (d[0].length > 0) {
                drawn.put(name, d);
            }
        });
        if (drawn.isEmpty()) {
            throw new IllegalArgumentException("Nothing to plot: every point is NaN or infinite.");
        }
        return drawn;
    }

    private static boolean allWhole(Map<String, double[][]> seriesXY) {
        return seriesXY.values().stream()
                .flatMapToDouble(xy -> Arrays.stream(xy[0]))
                .allMatch(x -> x == Math.rint(x) && Math.abs(x) < 1e15);
    }

    private static double[] xRange(Map<String, double[][]> seriesXY) {
        var stats = seriesXY.values().stream()
                .flatMapToDouble(xy -> Arrays.stream(xy[0]))
                .summaryStatistics();
        return new double[] {stats.getMin(), stats.getMax()};
    }

    /** The smallest gap between distinct x values (1 when there is only one value). */
    private static double smallestStep(Map<String, double[][]> seriesXY) {
        double[] xs = seriesXY.values().stream()
                .flatMapToDouble(xy -> Arrays.stream(xy[0]))
                .distinct()
                .sorted()
                .toArray();
        double step = Double.MAX_VALUE;
        for (int i = 1; i < xs.length; i++) {
            step = Math.min(step, xs[i] - xs[i - 1]);
        }
        return xs.length < 2 ? 1 : step;
    }
}
