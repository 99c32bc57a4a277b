package org.kmodel.container.cli;

import java.awt.Color;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.xy.XYStepRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;
import org.kmodel.kernel.run.PhaseRecord;
import org.kmodel.kernel.run.RunResult;
import org.kmodel.kernel.run.Series;
import org.kmodel.kernel.sim.SimClock;

/**
 * A run's time series as files: CSV (one row per sample), SVG (one step chart per metric, stacked,
 * drawn by JFreeChart onto JFreeSVG so that titles, labels and ticks are SVG text that can be
 * searched and selected — XChart draws its text as outlines), and a self-contained HTML report (the
 * run's summary, its phases, its non-zero counters and every series charted). Each is written
 * beside its target and renamed over it, so a killed run leaves the previous file whole.
 */
final class SeriesOutput {
  private static final int WIDTH = 800;
  private static final int CHART_HEIGHT = 260;

  private SeriesOutput() {}

  /** {@code time_ns} then one column per metric; a value that could not be read is empty. */
  static String csv(Series s) {
    StringBuilder b = new StringBuilder("time_ns");
    for (String m : s.metrics()) {
      b.append(',').append(m);
    }
    b.append('\n');
    long[] times = s.timesNanos();
    List<double[]> columns = new ArrayList<>(s.values().values());
    for (int i = 0; i < times.length; i++) {
      b.append(times[i]);
      for (double[] column : columns) {
        b.append(',').append(number(column[i]));
      }
      b.append('\n');
    }
    return b.toString();
  }

  /** One line chart per metric, stacked, as one SVG document. */
  static String svg(Series s) {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
    List<String> metrics = s.metrics();
    SVGGraphics2D g = new SVGGraphics2D(WIDTH, CHART_HEIGHT * Math.max(1, metrics.size()));
    double scale = timeScale(s.timesNanos());
    for (int m = 0; m < metrics.size(); m++) {
      String metric = metrics.get(m);
      XYSeries line = new XYSeries(metric, false, true);
      double[] v = s.values().get(metric);
      for (int i = 0; i < v.length; i++) {
        line.add(s.timesNanos()[i] / scale, Double.isNaN(v[i]) ? null : v[i]);
      }
      JFreeChart chart =
          ChartFactory.createXYLineChart(
              metric,
              "simulated time (" + timeUnit(scale) + ")",
              metric,
              new XYSeriesCollection(line),
              PlotOrientation.VERTICAL,
              false,
              false,
              false);
      XYStepRenderer steps = new XYStepRenderer();
      steps.setSeriesPaint(0, new Color(0x1f77b4));
      chart.getXYPlot().setRenderer(steps);
      chart.setBackgroundPaint(Color.WHITE);
      chart.getXYPlot().setBackgroundPaint(Color.WHITE);
      chart.getXYPlot().setDomainGridlinePaint(Color.LIGHT_GRAY);
      chart.getXYPlot().setRangeGridlinePaint(Color.LIGHT_GRAY);
      chart.draw(g, new Rectangle2D.Double(0, (double) m * CHART_HEIGHT, WIDTH, CHART_HEIGHT));
    }
    return g.getSVGDocument();
  }

  /** The run as one HTML page: summary, phases, non-zero counters and the charts inline. */
  static String html(String file, RunResult r) {
    StringBuilder b = new StringBuilder();
    b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
        .append(escape("kmodel: " + r.name()))
        .append("</title>\n<style>body{font-family:sans-serif;margin:2em}")
        .append("table{border-collapse:collapse;margin:1em 0}")
        .append("td,th{border:1px solid #ccc;padding:2px 8px;text-align:right}")
        .append("td:first-child,th:first-child{text-align:left}</style>\n</head>\n<body>\n");
    b.append("<h1>")
        .append(escape(r.name()))
        .append("</h1>\n<p id=\"summary\">")
        .append(escape(file))
        .append(": ")
        .append(r.ok() ? "ok" : "FAILED")
        .append(", ")
        .append(escape(SimClock.format(r.simulatedNanos())))
        .append(" simulated, ")
        .append(r.steps())
        .append(" steps, Linux ")
        .append(escape(r.kernel()))
        .append(", cost model ")
        .append(escape(r.costMode()))
        .append("</p>\n");
    b.append("<h2>Phases</h2>\n<table id=\"phases\">\n<tr><th>phase</th><th>simulated</th>")
        .append("<th>steps</th></tr>\n");
    for (PhaseRecord p : r.phases()) {
      b.append("<tr><td>")
          .append(escape(p.name()))
          .append("</td><td>")
          .append(escape(SimClock.format(p.durationNanos())))
          .append("</td><td>")
          .append(p.steps())
          .append("</td></tr>\n");
    }
    b.append("</table>\n<h2>Counters</h2>\n<table id=\"vmstat\">\n")
        .append("<tr><th>/proc/vmstat</th><th>value</th></tr>\n");
    for (Map.Entry<String, Long> e : r.vmstat().entrySet()) {
      if (e.getValue() != 0) {
        b.append("<tr><td>")
            .append(escape(e.getKey()))
            .append("</td><td>")
            .append(e.getValue())
            .append("</td></tr>\n");
      }
    }
    b.append("</table>\n<h2>Time series</h2>\n");
    if (r.series().isEmpty()) {
      b.append("<p>The scenario has no <code>sample</code> step.</p>\n");
    } else {
      b.append("<p>Sampled every ")
          .append(escape(SimClock.format(r.series().everyNanos())))
          .append(r.series().truncated() ? " (cut at the sample limit)" : "")
          .append(".</p>\n<div id=\"charts\">\n");
      String svg = svg(r.series());
      b.append(svg.substring(svg.indexOf("<svg"))).append("\n</div>\n");
    }
    return b.append("</body>\n</html>\n").toString();
  }

  private static String number(double v) {
    if (Double.isNaN(v)) {
      return "";
    }
    return v == Math.rint(v) && Math.abs(v) < 1e15
        ? Long.toString((long) v)
        : String.format(Locale.ROOT, "%.6g", v);
  }

  /** Nanoseconds per unit of the time axis: the largest of s, ms, µs, ns the run spans. */
  private static double timeScale(long[] times) {
    long span = times.length == 0 ? 0 : times[times.length - 1];
    return span >= 10_000_000_000L ? 1e9 : span >= 10_000_000L ? 1e6 : span >= 10_000L ? 1e3 : 1;
  }

  private static String timeUnit(double scale) {
    return scale == 1e9 ? "s" : scale == 1e6 ? "ms" : scale == 1e3 ? "µs" : "ns";
  }

  static String escape(String text) {
    StringBuilder b = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }
}
