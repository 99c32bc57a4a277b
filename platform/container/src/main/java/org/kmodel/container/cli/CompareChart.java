package org.kmodel.container.cli;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * The {@code --chart} of {@code kmodel compare}: a grouped bar chart with a group per phase and a
 * bar per variant, simulated time in ms on the y axis (logarithmic when the bars span more than two
 * orders of magnitude), written as PNG (XChart, off screen, so it needs no display) or SVG ({@link
 * SvgBarChart}, with text as text).
 */
final class CompareChart {
  /** Bars further apart than this factor put the y axis on a log scale. */
  static final double LOG_SPAN = 100;

  private CompareChart() {}

  /** The image formats {@code --chart} writes, by file extension. */
  enum Format {
    PNG,
    SVG;

    /** The format a file name's extension names (case-insensitive), or null for any other. */
    static Format of(Path file) {
      String name = file.getFileName() == null ? "" : file.getFileName().toString();
      String lower = name.toLowerCase(Locale.ROOT);
      return lower.endsWith(".png") ? PNG : lower.endsWith(".svg") ? SVG : null;
    }
  }

  /**
   * Draws the report and writes it to {@code file} in {@code format}.
   *
   * @throws IOException when the file cannot be written
   */
  static void write(CompareReport report, Path file, Format format) throws IOException {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
    AtomicFile.write(
        file,
        out -> {
          if (format == Format.PNG) {
            BitmapEncoder.saveBitmap(chart(report), out, BitmapEncoder.BitmapFormat.PNG);
          } else {
            out.write(svg(report).getBytes(java.nio.charset.StandardCharsets.UTF_8));
          }
        });
  }

  /** The SVG form: {@link SvgBarChart}, whose text is text. */
  static String svg(CompareReport report) {
    List<String> rows = report.rows();
    List<List<Double>> series = series(report);
    List<Double> all = new ArrayList<>();
    series.forEach(all::addAll);
    double logMin = logAxisMin(all);
    List<String> names = report.runs().stream().map(r -> legendName(r.variant())).toList();
    return SvgBarChart.render(
        title(report),
        rows,
        "variants",
        names,
        series,
        "simulated time (ms" + (logMin > 0 ? ", log scale)" : ")"),
        logMin);
  }

  /** The chart's title: the scenario, and the keys varied. */
  private static String title(CompareReport report) {
    return report.scenario()
        + ": simulated time per phase"
        + (report.vary().isEmpty() ? "" : ", a bar per variant of " + keys(report));
  }

  /** Per variant, the simulated ms of each row; null where its run lacks the phase. */
  private static List<List<Double>> series(CompareReport report) {
    List<List<Double>> series = new ArrayList<>();
    for (int v = 0; v < report.runs().size(); v++) {
      List<Double> ms = new ArrayList<>();
      for (String row : report.rows()) {
        CompareReport.Cell c = report.cell(v, row);
        ms.add(c == null ? null : c.nanos() / 1e6);
      }
      series.add(ms);
    }
    return series;
  }

  /**
   * What the legend calls a variant: its settings with each knob by the last part of its path, e.g.
   * {@code enabled=never host_pages=4K}.
   */
  static String legendName(Variant variant) {
    if (variant.settings().isEmpty()) {
      return Variant.AS_WRITTEN;
    }
    List<String> parts = new ArrayList<>();
    for (Variant.Setting st : variant.settings()) {
      String key = st.key();
      parts.add(key.substring(key.lastIndexOf('/') + 1) + "=" + st.label());
    }
    return String.join(" ", parts);
  }

  /** The keys varied, e.g. {@code enabled, machine.nested.host_pages}, for the chart's title. */
  static String keys(CompareReport report) {
    return report.vary().stream()
        .map(v -> v.key().substring(v.key().lastIndexOf('/') + 1))
        .collect(java.util.stream.Collectors.joining(", "));
  }

  /** Room for the legend beside the plot: about 7 pixels a character of its longest entry. */
  private static int legendWidth(CompareReport report) {
    int longest =
        report.runs().stream().mapToInt(r -> legendName(r.variant()).length()).max().orElse(0);
    return 60 + 7 * longest;
  }

  /**
   * Where a logarithmic y axis for these values starts: the power of ten below the smallest
   * positive one (XChart's bars need a positive base). 0 when the largest positive value is at most
   * {@link #LOG_SPAN} times the smallest, and the axis stays linear.
   */
  static double logAxisMin(List<Double> values) {
    double min = Double.MAX_VALUE;
    double max = 0;
    for (Double v : values) {
      if (v != null && v > 0) {
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
    }
    return max > 0 && max / min > LOG_SPAN ? Math.pow(10, Math.ceil(Math.log10(min)) - 1) : 0;
  }

  private static CategoryChart chart(CompareReport report) {
    List<String> rows = report.rows();
    List<List<Double>> series = series(report);
    List<Double> all = new ArrayList<>();
    series.forEach(all::addAll);
    double logMin = logAxisMin(all);
    boolean log = logMin > 0;
    int bars = rows.size() * report.runs().size();
    CategoryChart chart =
        new CategoryChartBuilder()
            .width(Math.max(800, Math.min(2400, 160 + 28 * bars)) + legendWidth(report))
            .height(Math.max(500, 120 + 24 * report.runs().size()))
            .title(title(report))
            .xAxisTitle("phase")
            .yAxisTitle("simulated time (ms" + (log ? ", log scale)" : ")"))
            .build();
    // beside the plot, not under the x axis, whose title would read as the legend's
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    chart.getStyler().setLegendLayout(Styler.LegendLayout.Vertical);
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setYAxisLogarithmic(log);
    if (log) {
      chart.getStyler().setYAxisMin(logMin);
    }
    if (rows.stream().anyMatch(r -> r.length() > 12)) {
      chart.getStyler().setXAxisLabelRotation(20);
    }
    Set<String> names = new HashSet<>();
    for (int v = 0; v < series.size(); v++) {
      List<Double> ms = new ArrayList<>();
      for (Double x : series.get(v)) {
        // a log axis has no place for 0: such a bar is left out, like a phase the run lacks
        ms.add(x != null && log && x <= 0 ? null : x);
      }
      // XChart needs distinct series names; labels of values with spaces can coincide
      String label = legendName(report.runs().get(v).variant());
      String name = label;
      for (int k = 2; !names.add(name); k++) {
        name = label + " #" + k;
      }
      chart.addSeries(name, rows, ms);
    }
    return chart;
  }
}
