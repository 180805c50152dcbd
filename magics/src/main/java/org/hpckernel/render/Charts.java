package org.hpckernel.render;

import org.hpckernel.magic.Png;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** Line and scatter charts as PNG (XChart, headless), several series overlaid. */
public final class Charts {

    private static final int WIDTH = 720;
    private static final int HEIGHT = 400;

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private Charts() {
    }

    /** Each series is {xs, ys}: a metric against step for several jobs, say. */
    public static Png lines(String title, String xLabel, String yLabel, Map<String, double[][]> seriesXY) {
        return render(title, xLabel, yLabel, seriesXY, XYSeries.XYSeriesRenderStyle.Line);
    }

    /** Each series is {xs, ys} drawn as points: a parameter against the objective, say. */
    public static Png scatter(String title, String xLabel, String yLabel, Map<String, double[][]> seriesXY) {
        return render(title, xLabel, yLabel, seriesXY, XYSeries.XYSeriesRenderStyle.Scatter);
    }

    private static Png render(String title, String xLabel, String yLabel, Map<String, double[][]> seriesXY,
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
    static XYChart chart(String title, String xLabel, String yLabel, Map<String, double[][]> seriesXY,
                         XYSeries.XYSeriesRenderStyle style) {
        if (seriesXY.isEmpty()) {
            throw new IllegalArgumentException("Nothing to plot: give at least one series {xs, ys}.");
        }
        seriesXY.forEach((name, xy) -> {
            if (xy == null || xy.length != 2 || xy[0] == null || xy[1] == null || xy[0].length != xy[1].length || xy[0].length == 0) {
                throw new IllegalArgumentException("Series '" + name + "' must be {xs, ys} of the same, non-zero length.");
            }
        });
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        chart.getStyler().setLegendVisible(seriesXY.size() > 1);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setDefaultSeriesRenderStyle(style);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        chart.getStyler().setPlotGridLinesVisible(true);
        chart.getStyler().setAntiAlias(true);
        boolean integerX = true;
        for (Map.Entry<String, double[][]> series : seriesXY.entrySet()) {
            double[] xs = series.getValue()[0];
            double[] ys = series.getValue()[1];
            for (double x : xs) {
                integerX &= x == Math.rint(x);
            }
            XYSeries s = chart.addSeries(series.getKey(), xs, ys);
            if (style == XYSeries.XYSeriesRenderStyle.Line) {
                s.setMarker(xs.length > 40 ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
            }
        }
        if (integerX) {
            // XChart 3.8.8 puts ticks on whole numbers when every x is one; the pattern keeps the
            // labels whole too (no "1.0") and groups thousands. A custom label formatter would
            // instead put a tick on every data point, so none is used.
            chart.getStyler().setXAxisDecimalPattern("#,##0");
        }
        return chart;
    }
}
