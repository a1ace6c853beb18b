package io.javad.benchmarks.adbench;

import static io.javad.benchmarks.adbench.AdbenchResults.GMM;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The GMM figure of the ADBench paper redrawn with this run's points: gradient time over objective
 * time against the number of parameters, both axes logarithmic, for javad's generated gradient
 * and the hand-written Java adjoint beside the paper's hand-written C++ and Tapenade (its Figure
 * for GMM, with 10k points).
 */
final class GmmRatioChart {

  private GmmRatioChart() {}

  /** The paper's sizes (d, K) and ratios, read from its GMM figure as DESIGN.md quotes them. */
  private static final int[][] PAPER_SIZES = {{2, 5}, {10, 5}, {64, 10}, {64, 200}};
  private static final double[] PAPER_MANUAL = {1.9, 2.9, 6.0, 7.2};
  private static final double[] PAPER_TAPENADE = {3.7, 7.7, 12.1, 15.5};

  static void write(AdbenchResults r, Path png) throws IOException {
    XYChart chart =
        new XYChartBuilder()
            .width(900)
            .height(560)
            .title("GMM: gradient time / objective time")
            .xAxisTitle("parameters k + k d + k d(d+1)/2")
            .yAxisTitle("gradient / objective")
            .build();
    chart.getStyler().setXAxisLogarithmic(true);
    chart.getStyler().setYAxisLogarithmic(true);
    chart.getStyler().setLegendPosition(LegendPosition.InsideNW);
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setPlotBackgroundColor(Color.WHITE);
    chart.getStyler().setMarkerSize(9);
    chart.getStyler().setDecimalPattern("#,##0.#");
    List<String> datasets = r.datasets(GMM);
    // From 1 (the objective itself) to well above the highest point, leaving room for the legend.
    double highest = PAPER_TAPENADE[PAPER_TAPENADE.length - 1];
    for (String d : datasets) {
      for (String method : List.of("gradient", "handWritten")) {
        double ratio = r.timeRatio(GMM, method, "objective", d);
        if (Double.isFinite(ratio)) {
          highest = Math.max(highest, ratio);
        }
      }
    }
    chart.getStyler().setYAxisMin(1.0);
    chart.getStyler().setYAxisMax(2.5 * highest);
    add(chart, "javad generated gradient (this run)", datasets, r, "gradient",
        new Color(0xD62728), SeriesMarkers.CIRCLE);
    add(chart, "hand-written Java adjoint (this run)", datasets, r, "handWritten",
        new Color(0x1F77B4), SeriesMarkers.SQUARE);
    paper(chart, "ADBench paper (C++ manual)", PAPER_MANUAL, new Color(0x2CA02C),
        SeriesMarkers.DIAMOND);
    paper(chart, "ADBench paper (Tapenade)", PAPER_TAPENADE, new Color(0x9467BD),
        SeriesMarkers.TRIANGLE_UP);

    Files.createDirectories(png.toAbsolutePath().getParent());
    try (OutputStream out = Files.newOutputStream(png)) {
      BitmapEncoder.saveBitmap(chart, out, BitmapFormat.PNG);
    }
  }

  private static void add(
      XYChart chart, String name, List<String> datasets, AdbenchResults r, String method,
      Color color, Marker marker) {
    List<Double> x = new ArrayList<>();
    List<Double> y = new ArrayList<>();
    for (String d : datasets) {
      double ratio = r.timeRatio(GMM, method, "objective", d);
      if (Double.isFinite(ratio) && ratio > 0) {
        x.add((double) ProblemSizes.gmmParameters(d));
        y.add(ratio);
      }
    }
    if (!x.isEmpty()) {
      style(chart.addSeries(name, x, y), color, marker);
    }
  }

  private static void paper(
      XYChart chart, String name, double[] ratios, Color color,
      Marker marker) {
    double[] x = new double[PAPER_SIZES.length];
    for (int i = 0; i < x.length; i++) {
      x[i] = ProblemSizes.gmmParameters(PAPER_SIZES[i][0], PAPER_SIZES[i][1]);
    }
    XYSeries series = chart.addSeries(name, x, ratios);
    style(series, color, marker);
    series.setLineStyle(new BasicStroke(
        1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f,
        new float[] {6f, 4f}, 0f));
  }

  private static void style(XYSeries series, Color color, Marker marker) {
    series.setLineColor(color);
    series.setMarkerColor(color);
    series.setMarker(marker);
  }
}
