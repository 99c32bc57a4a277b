package org.kmodel.container.cli;

import java.util.List;
import java.util.Locale;

/**
 * The SVG form of {@code compare --chart}: a grouped bar chart written as SVG by hand, its title,
 * axis labels and legend as {@code <text>} elements — searchable, and a few kilobytes where a chart
 * library that draws glyphs as outlines wrote hundreds.
 */
final class SvgBarChart {
  private static final String[] COLORS = {
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
    "#9c755f", "#bab0ac"
  };
  private static final int LEFT = 80;
  private static final int TOP = 50;
  private static final int PLOT_HEIGHT = 360;
  private static final int BOTTOM = 90;
  private static final int BAR = 18;
  private static final int GAP = 24;

  private SvgBarChart() {}

  /**
   * @param title the chart's title
   * @param groups the group names along the x axis (phases)
   * @param legendTitle what the series are, e.g. {@code variants}
   * @param series the series names, one bar per group each
   * @param values values[s][g]: series s in group g, null for none
   * @param yTitle the y axis's title
   * @param logMin the bottom of a logarithmic y axis, or 0 for a linear one from 0
   */
  static String render(
      String title,
      List<String> groups,
      String legendTitle,
      List<String> series,
      List<List<Double>> values,
      String yTitle,
      double logMin) {
    double max = 0;
    for (List<Double> s : values) {
      for (Double v : s) {
        if (v != null) {
          max = Math.max(max, v);
        }
      }
    }
    boolean log = logMin > 0;
    double top = log ? Math.pow(10, Math.ceil(Math.log10(Math.max(max, logMin * 10)))) : nice(max);
    int groupWidth = series.size() * BAR + GAP;
    int plotWidth = Math.max(300, groups.size() * groupWidth + GAP);
    int legendWidth =
        20
            + 7
                * Math.max(
                    legendTitle.length(), series.stream().mapToInt(String::length).max().orElse(0));
    int width = LEFT + plotWidth + 40 + legendWidth;
    int height = TOP + PLOT_HEIGHT + BOTTOM;
    StringBuilder b = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    b.append(
        String.format(
            Locale.ROOT,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\""
                + " font-family=\"sans-serif\" font-size=\"12\">%n",
            width,
            height,
            width,
            height));
    b.append(
        String.format(
            Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", width, height));
    text(b, width / 2.0, 24, "middle", "font-size=\"15\"", title);
    int y0 = TOP + PLOT_HEIGHT;
    // y axis with five ticks (decades on a log axis)
    line(b, LEFT, TOP, LEFT, y0);
    line(b, LEFT, y0, LEFT + plotWidth, y0);
    if (log) {
      for (double t = logMin; t <= top * 1.0001; t *= 10) {
        tick(b, y(t, logMin, top, true), number(t), plotWidth);
      }
    } else {
      for (int i = 0; i <= 5; i++) {
        double t = top * i / 5;
        tick(b, y(t, 0, top, false), number(t), plotWidth);
      }
    }
    b.append(
        String.format(
            Locale.ROOT,
            "<text x=\"16\" y=\"%d\" text-anchor=\"middle\" transform=\"rotate(-90 16 %d)\">%s</text>%n",
            TOP + PLOT_HEIGHT / 2,
            TOP + PLOT_HEIGHT / 2,
            escape(yTitle)));
    for (int g = 0; g < groups.size(); g++) {
      int gx = LEFT + GAP + g * groupWidth;
      for (int s = 0; s < series.size(); s++) {
        Double v = values.get(s).get(g);
        if (v == null || (log && v <= 0)) {
          continue;
        }
        double yv = y(v, logMin, top, log);
        b.append(
            String.format(
                Locale.ROOT,
                "<rect x=\"%d\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" fill=\"%s\"><title>%s: %s ms"
                    + "</title></rect>%n",
                gx + s * BAR,
                yv,
                BAR - 2,
                y0 - yv,
                COLORS[s % COLORS.length],
                escape(series.get(s) + ", " + groups.get(g)),
                number(v)));
      }
      text(b, gx + series.size() * BAR / 2.0, y0 + 18, "middle", "", groups.get(g));
    }
    text(b, LEFT + plotWidth / 2.0, y0 + 50, "middle", "", "phase");
    int lx = LEFT + plotWidth + 40;
    text(b, lx, TOP, "start", "font-weight=\"bold\"", legendTitle);
    for (int s = 0; s < series.size(); s++) {
      int ly = TOP + 20 + 20 * s;
      b.append(
          String.format(
              Locale.ROOT,
              "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>%n",
              lx,
              ly - 10,
              COLORS[s % COLORS.length]));
      text(b, lx + 18, ly, "start", "", series.get(s));
    }
    b.append("</svg>\n");
    return b.toString();
  }

  private static double y(double v, double min, double top, boolean log) {
    double f = log ? Math.log10(v / min) / Math.log10(top / min) : v / top;
    return TOP + PLOT_HEIGHT - Math.min(1, Math.max(0, f)) * PLOT_HEIGHT;
  }

  /** The smallest of 1, 2 or 5 times a power of ten at or above {@code max}; 1 for nothing. */
  static double nice(double max) {
    if (max <= 0) {
      return 1;
    }
    double p = Math.pow(10, Math.floor(Math.log10(max)));
    for (double m : new double[] {1, 2, 5, 10}) {
      if (m * p >= max) {
        return m * p;
      }
    }
    return 10 * p;
  }

  private static void tick(StringBuilder b, double y, String label, int plotWidth) {
    b.append(
        String.format(
            Locale.ROOT,
            "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>%n",
            LEFT,
            y,
            LEFT + plotWidth,
            y));
    text(b, LEFT - 6, y + 4, "end", "", label);
  }

  private static void line(StringBuilder b, int x1, int y1, int x2, int y2) {
    b.append(
        String.format(
            Locale.ROOT,
            "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n",
            x1,
            y1,
            x2,
            y2));
  }

  private static void text(
      StringBuilder b, double x, double y, String anchor, String attributes, String s) {
    b.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\"%s>%s</text>%n",
            x,
            y,
            anchor,
            attributes.isEmpty() ? "" : " " + attributes,
            escape(s)));
  }

  private static String number(double v) {
    return CompareReport.plain(v);
  }

  static String escape(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
