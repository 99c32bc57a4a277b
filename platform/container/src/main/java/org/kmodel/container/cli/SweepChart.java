package org.kmodel.container.cli;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.VectorGraphicsEncoder;

/**
 * The charts of {@code kmodel sweep}: per metric, a bar per variant at the mean over the seeds,
 * with an error bar of one sample standard deviation (none with one seed). Drawn off screen.
 */
final class SweepChart {
  private SweepChart() {}

  /** The file a metric's chart goes to in {@code dir}: its name with odd characters as '_'. */
  static Path file(Path dir, String metric, CompareChart.Format format) {
    String base = metric.replaceAll("[^A-Za-z0-9._-]", "_");
    return dir.resolve("chart-" + base + (format == CompareChart.Format.PNG ? ".png" : ".svg"));
  }

  /**
   * Draws a chart per metric that some run has, into {@code dir}.
   *
   * @return the files written, in metric order
   * @throws IOException when one cannot be written
   */
  static List<Path> writeAll(SweepReport report, Path dir, CompareChart.Format format)
      throws IOException {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
    List<Path> written = new ArrayList<>();
    for (String metric : report.metrics()) {
      CategoryChart chart = chart(report, metric);
      if (chart != null) {
        Path f = file(dir, metric, format);
        save(chart, f, format);
        written.add(f);
      }
    }
    return written;
  }

  private static CategoryChart chart(SweepReport report, String metric) {
    List<Variant> variants = report.variants();
    List<String> names = new ArrayList<>();
    List<Double> means = new ArrayList<>();
    List<Double> errors = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    int maxSeeds = 0;
    for (int v = 0; v < variants.size(); v++) {
      SweepReport.Stats s = report.stats(v, metric);
      if (s == null) {
        continue;
      }
      // category labels must be distinct; labels of values with spaces can coincide
      String label = variants.get(v).label();
      String name = label;
      for (int k = 2; !seen.add(name); k++) {
        name = label + " #" + k;
      }
      names.add(name);
      means.add(s.mean());
      errors.add(s.sd());
      maxSeeds = Math.max(maxSeeds, s.n());
    }
    if (names.isEmpty()) {
      return null;
    }
    String axis =
        report.vary().isEmpty()
            ? "variant"
            : report.vary().stream().map(Vary::key).collect(Collectors.joining(", "));
    CategoryChart chart =
        new CategoryChartBuilder()
            .width(Math.max(800, Math.min(2400, 160 + 48 * names.size())))
            .height(560)
            .title(report.scenario() + ": " + metric)
            .xAxisTitle(axis)
            .yAxisTitle(metric + (maxSeeds > 1 ? " (mean ± sd over " + maxSeeds + " seeds)" : ""))
            .build();
    chart.getStyler().setLegendVisible(false);
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    if (names.stream().anyMatch(n -> n.length() > 12)) {
      chart.getStyler().setXAxisLabelRotation(20);
    }
    if (maxSeeds > 1) {
      chart.addSeries(metric, names, means, errors);
    } else {
      chart.addSeries(metric, names, means);
    }
    return chart;
  }

  /** Writes beside the target and renames over it, so a killed run never leaves half a chart. */
  private static void save(CategoryChart chart, Path file, CompareChart.Format format)
      throws IOException {
    AtomicFile.write(
        file,
        out -> {
          if (format == CompareChart.Format.PNG) {
            BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
          } else {
            VectorGraphicsEncoder.saveVectorGraphic(
                chart, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
          }
        });
  }
}
