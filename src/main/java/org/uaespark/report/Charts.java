package org.uaespark.report;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.statistics.HistogramDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** The report's charts, drawn by JFreeChart into PNG bytes (headless AWT). */
public final class Charts {
    private static final int WIDTH = 720;
    private static final int HEIGHT = 360;

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private Charts() {
    }

    /**
     * A grouped bar chart.
     *
     * @param values series → category → value (missing values are left out)
     */
    public static byte[] bars(String title, String valueAxis, Map<String, Map<String, Double>> values) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        values.forEach((series, byCategory) -> byCategory.forEach((category, value) -> {
            if (value != null && !value.isNaN()) {
                data.addValue(value, series, category);
            }
        }));
        JFreeChart chart = ChartFactory.createBarChart(title, null, valueAxis, data, PlotOrientation.VERTICAL, true,
                false, false);
        return png(chart);
    }

    /** A histogram of {@code values} in {@code bins} equal bins. */
    public static byte[] histogram(String title, String valueAxis, double[] values, int bins) {
        HistogramDataset data = new HistogramDataset();
        if (values.length > 0) {
            data.addSeries(valueAxis, values, bins);
        }
        return png(ChartFactory.createHistogram(title, valueAxis, "samples", data, PlotOrientation.VERTICAL, false,
                false, false));
    }

    /** Lines of y against x = 1, 2, …: one series per entry (e.g. a loss per epoch). */
    public static byte[] lines(String title, String xAxis, String yAxis, Map<String, double[]> series) {
        int longest = series.values().stream().mapToInt(ys -> ys.length).max().orElse(0);
        double[] x = new double[longest];
        for (int i = 0; i < longest; i++) {
            x[i] = i + 1;
        }
        return curves(title, xAxis, yAxis, x, series);
    }

    /** Lines of y against the given x values: one series per entry (e.g. PGD correct counts per ε). */
    public static byte[] curves(String title, String xAxis, String yAxis, double[] x, Map<String, double[]> series) {
        XYSeriesCollection data = new XYSeriesCollection();
        series.forEach((name, ys) -> {
            XYSeries s = new XYSeries(name);
            for (int i = 0; i < ys.length; i++) {
                s.add(x[i], ys[i]);
            }
            data.addSeries(s);
        });
        return png(ChartFactory.createXYLineChart(title, xAxis, yAxis, data, PlotOrientation.VERTICAL, true, false,
                false));
    }

    private static byte[] png(JFreeChart chart) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.getPlot().setBackgroundPaint(Color.WHITE);
        if (chart.getPlot() instanceof org.jfree.chart.plot.XYPlot xy) {
            xy.setDomainGridlinePaint(Color.LIGHT_GRAY);
            xy.setRangeGridlinePaint(Color.LIGHT_GRAY);
        } else if (chart.getPlot() instanceof org.jfree.chart.plot.CategoryPlot category) {
            category.setRangeGridlinePaint(Color.LIGHT_GRAY);
        }
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            ChartUtils.writeChartAsPNG(out, chart, WIDTH, HEIGHT);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render chart " + chart.getTitle(), e);
        }
    }
}
