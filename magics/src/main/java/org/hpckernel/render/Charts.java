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
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        chart.getStyler().setLegendVisible(seriesXY.size() > 1);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setDefaultSeriesRenderStyle(style);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        chart.getStyler().setPlotGridLinesVisible(true);
        chart.getStyler().setAntiAlias(true);
        boolean integerX = true;
        int points = 0;
        for (Map.Entry<String, double[][]> series : seriesXY.entrySet()) {
            double[] xs = series.getValue()[0];
            double[] ys = series.getValue()[1];
            points += xs.length;
            for (double x : xs) {
                integerX &= x == Math.rint(x);
            }
            XYSeries s = chart.addSeries(series.getKey(), xs, ys);
            if (style == XYSeries.XYSeriesRenderStyle.Line) {
                s.setMarker(xs.length > 40 ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
            }
        }
        if (integerX) {
            // steps are integers: never label a tick 0.5
            chart.getStyler().setXAxisDecimalPattern("#,##0");
        }
        try {
            byte[] png = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
            return new Png(png, title + " (" + seriesXY.size() + " series, " + points + " points)");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
