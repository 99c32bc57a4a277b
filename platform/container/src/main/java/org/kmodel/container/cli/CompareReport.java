package org.kmodel.container.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.kmodel.kernel.cost.PhaseCosts;
import org.kmodel.kernel.run.Failure;
import org.kmodel.kernel.run.PhaseRecord;
import org.kmodel.kernel.run.RunResult;

/**
 * What {@code kmodel compare} reports: for every phase and variant, the simulated time and the cost
 * model's figures, and each variant's time over the first variant's. Rows are the phases in the
 * order they first appear across the variants; a phase name a run repeats becomes {@code name#2},
 * {@code name#3}, ... so that each occurrence is compared with the same occurrence in the other
 * runs. A scenario without phases has one row, {@value #WHOLE_RUN}.
 */
final class CompareReport {
  /** The row of a scenario without phases. */
  static final String WHOLE_RUN = "(whole run)";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final String MISSING = "—";

  /** One variant and how its run went. */
  record Run(Variant variant, RunResult result) {}

  /** One phase of one run: its simulated time and what the cost model counted in it. */
  record Cell(long nanos, PhaseCosts costs) {}

  private final String scenario;
  private final String file;
  private final List<Vary> vary;
  private final List<Run> runs;
  private final List<Map<String, Cell>> cells = new ArrayList<>();
  private final List<String> rows;

  /**
   * @param scenario the scenario's name
   * @param file the scenario file as the user named it
   * @param vary the {@code --vary} options
   * @param runs one per variant, in variant order; at least one
   */
  CompareReport(String scenario, String file, List<Vary> vary, List<Run> runs) {
    this.scenario = scenario;
    this.file = file;
    this.vary = List.copyOf(vary);
    this.runs = List.copyOf(runs);
    boolean phased = runs.stream().anyMatch(r -> !r.result().phases().isEmpty());
    Set<String> names = new LinkedHashSet<>();
    for (Run run : runs) {
      RunResult r = run.result();
      // a variant whose input was bad ran nothing: no cell, not a whole run of 0 µs
      Map<String, Cell> byRow =
          r.badInput()
              ? Map.of()
              : phased ? phaseCells(r) : Map.of(WHOLE_RUN, new Cell(r.simulatedNanos(), r.costs()));
      cells.add(byRow);
      names.addAll(byRow.keySet());
    }
    rows = List.copyOf(names);
  }

  /** The row names, in table order. */
  List<String> rows() {
    return rows;
  }

  /** The {@code --vary} options. */
  List<Vary> vary() {
    return vary;
  }

  /** The runs, in variant order. */
  List<Run> runs() {
    return runs;
  }

  /** The scenario's name. */
  String scenario() {
    return scenario;
  }

  /** Row {@code row} of variant {@code variant} (from 0); null when that run has no such phase. */
  Cell cell(int variant, String row) {
    return cells.get(variant).get(row);
  }

  /**
   * Variant {@code variant}'s simulated time in {@code row} over the first variant's; null when
   * either run lacks the phase or the first variant's time is 0.
   */
  Double ratio(int variant, String row) {
    Cell first = cell(0, row);
    Cell c = cell(variant, row);
    if (first == null || c == null || first.nanos() == 0) {
      return null;
    }
    return (double) c.nanos() / first.nanos();
  }

  /**
   * The readable table: a row per phase, a column of simulated µs per variant, then a ratio column
   * for every variant after the first. A column is headed by its variant's values, one line per
   * {@code --vary} key. Below the table, one line per variant with its settings, CPU profile,
   * nesting, result and failures.
   */
  void printText(PrintWriter out) {
    out.printf("scenario  %s (%s)%n", scenario, file);
    out.println();
    int n = runs.size();
    int headerLines = Math.max(1, vary.size());
    List<List<String>> columns = new ArrayList<>();
    List<String> phase = new ArrayList<>();
    for (int i = 1; i < headerLines; i++) {
      phase.add("");
    }
    phase.add("phase");
    phase.addAll(rows);
    columns.add(phase);
    for (int v = 0; v < n; v++) {
      List<String> c = heading(runs.get(v).variant(), headerLines);
      for (String row : rows) {
        Cell cell = cell(v, row);
        c.add(cell == null ? MISSING : String.format(Locale.ROOT, "%.1f", cell.nanos() / 1000.0));
      }
      columns.add(c);
    }
    for (int v = 1; v < n; v++) {
      List<String> c = heading(runs.get(v).variant(), headerLines);
      for (String row : rows) {
        Double r = ratio(v, row);
        c.add(r == null ? MISSING : String.format(Locale.ROOT, "%.2f", r));
      }
      columns.add(c);
    }
    int[] width = columns.stream().mapToInt(CompareReport::maxLength).toArray();
    String timeCaption = "simulated µs";
    if (n > 1) {
      int missing = timeCaption.length() + 2 - span(width, 1, n);
      if (missing > 0) {
        width[n] += missing;
      }
    }
    StringBuilder caption = new StringBuilder(" ".repeat(width[0]));
    caption.append("  ").append(pad(timeCaption, span(width, 1, n)));
    if (n > 1) {
      caption.append("  ratio to the first variant");
    }
    out.println(caption.toString().stripTrailing());
    for (int line = 0; line < headerLines + rows.size(); line++) {
      StringBuilder b = new StringBuilder(pad(columns.get(0).get(line), width[0]));
      for (int i = 1; i < columns.size(); i++) {
        String cell = columns.get(i).get(line);
        b.append("  ").append(" ".repeat(width[i] - cell.length())).append(cell);
      }
      out.println(b.toString().stripTrailing());
    }
    out.println();
    out.println("variants");
    int nameWidth = runs.stream().mapToInt(r -> r.variant().name().length()).max().orElse(0);
    int machineWidth = runs.stream().mapToInt(r -> machine(r.result()).length()).max().orElse(0);
    for (Run run : runs) {
      out.println(
          "  "
              + pad(run.variant().name(), nameWidth)
              + "  "
              + pad(machine(run.result()), machineWidth)
              + "  "
              + status(run.result()));
      if (run.result().badInput()) {
        continue; // why is on stderr, once
      }
      for (Failure f : run.result().failures()) {
        out.println("      " + f);
      }
    }
  }

  /**
   * The CSV form: a header, then one line per (phase, variant) with the simulated µs, the ratio to
   * the first variant and every cost figure; fields of a phase a run lacks are empty.
   */
  void printCsv(PrintWriter out) {
    List<String> header = new ArrayList<>(List.of("phase", "variant", "simulated_us", "ratio"));
    Set<String> figures = ResultJson.costs(PhaseCosts.ZERO).keySet();
    header.addAll(figures);
    out.println(csvLine(header));
    for (String row : rows) {
      for (int v = 0; v < runs.size(); v++) {
        Cell c = cell(v, row);
        Double r = ratio(v, row);
        List<String> line = new ArrayList<>();
        line.add(textCell(row));
        line.add(textCell(runs.get(v).variant().name()));
        line.add(c == null ? "" : micros(c.nanos()));
        line.add(r == null ? "" : plain(r));
        if (c == null) {
          figures.forEach(f -> line.add(""));
        } else {
          ResultJson.costs(c.costs()).values().forEach(x -> line.add(number(x)));
        }
        out.println(csvLine(line));
      }
    }
  }

  /** The {@code --json} form: the scenario, the options, and per variant its run and phases. */
  String json() {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("scenario", scenario);
    root.put("file", file);
    List<Map<String, Object>> options = new ArrayList<>();
    for (Vary v : vary) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("key", v.key());
      m.put("values", v.values());
      options.add(m);
    }
    root.put("vary", options);
    List<Map<String, Object>> variants = new ArrayList<>();
    for (int v = 0; v < runs.size(); v++) {
      Run run = runs.get(v);
      RunResult r = run.result();
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", run.variant().name());
      m.put("settings", run.variant().settingsMap());
      m.put("exit_code", r.exitCode());
      m.put("cpu", r.cpu());
      m.put("nested_host_page_size", r.nestedHostPageSize());
      List<Map<String, Object>> failures = new ArrayList<>();
      for (Failure f : r.failures()) {
        Map<String, Object> fm = new LinkedHashMap<>();
        fm.put("where", f.where());
        fm.put("message", f.message());
        failures.add(fm);
      }
      m.put("failures", failures);
      m.put("simulated_us", r.simulatedNanos() / 1000.0);
      List<Map<String, Object>> phases = new ArrayList<>();
      for (String row : rows) {
        Cell c = cell(v, row);
        if (c != null) {
          Map<String, Object> p = new LinkedHashMap<>();
          p.put("name", row);
          p.put("simulated_us", c.nanos() / 1000.0);
          p.put("ratio", ratio(v, row));
          p.put("costs", ResultJson.costs(c.costs()));
          phases.add(p);
        }
      }
      m.put("phases", phases);
      variants.add(m);
    }
    root.put("variants", variants);
    try {
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render the comparison as JSON", e);
    }
  }

  /** {@code ok}, {@code FAILED (n)} or {@code BAD INPUT}, as {@code kmodel run} says it. */
  static String status(RunResult r) {
    return r.badInput() ? "BAD INPUT" : r.ok() ? "ok" : "FAILED (" + r.failures().size() + ")";
  }

  /** The CPU profile and nesting a run had, e.g. {@code cpu zen5, guest on 4K host pages}. */
  static String machine(RunResult r) {
    long host = r.nestedHostPageSize();
    return "cpu "
        + (r.cpu().isEmpty() ? "(none)" : r.cpu())
        + ", "
        + (host == 0
            ? "native"
            : "guest on "
                + (host >= 1 << 20 ? (host >> 20) + "M" : (host >> 10) + "K")
                + " host pages");
  }

  /**
   * A cell of text the user wrote (a phase or variant name): one that a spreadsheet would read as a
   * formula — starting with {@code =}, {@code +}, {@code -}, {@code @}, a tab or a carriage return
   * — gets a leading apostrophe, so that opening the file runs nothing. Figures are never text.
   */
  static String textCell(String text) {
    if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
      return "'" + text;
    }
    return text;
  }

  /** One CSV record: fields with a comma, quote or line break quoted, quotes doubled (RFC 4180). */
  static String csvLine(List<String> fields) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < fields.size(); i++) {
      String f = fields.get(i);
      if (i > 0) {
        b.append(',');
      }
      if (f.contains(",") || f.contains("\"") || f.contains("\n") || f.contains("\r")) {
        b.append('"').append(f.replace("\"", "\"\"")).append('"');
      } else {
        b.append(f);
      }
    }
    return b.toString();
  }

  /** Nanoseconds as exact microseconds without exponent or trailing zeros: 1234500 → 1234.5. */
  static String micros(long nanos) {
    return BigDecimal.valueOf(nanos, 3).stripTrailingZeros().toPlainString();
  }

  /** A fraction to six significant digits, without exponent or trailing zeros. */
  static String plain(double d) {
    return new BigDecimal(d).round(new MathContext(6)).stripTrailingZeros().toPlainString();
  }

  private static String number(Object x) {
    return x instanceof Double d ? plain(d) : x.toString();
  }

  /** The cells of a run by row name, repeats of a phase name numbered from 2. */
  private static Map<String, Cell> phaseCells(RunResult r) {
    Map<String, Cell> m = new LinkedHashMap<>();
    Map<String, Integer> seen = new HashMap<>();
    for (PhaseRecord p : r.phases()) {
      int k = seen.merge(p.name(), 1, Integer::sum);
      m.put(k == 1 ? p.name() : p.name() + "#" + k, new Cell(p.durationNanos(), p.costs()));
    }
    return m;
  }

  /** The characters {@code count} columns from {@code first} take, with their separators. */
  private static int span(int[] width, int first, int count) {
    int s = 2 * (count - 1);
    for (int i = first; i < first + count; i++) {
      s += width[i];
    }
    return s;
  }

  private static String pad(String s, int width) {
    return s + " ".repeat(Math.max(0, width - s.length()));
  }

  /** A variant's column heading: its {@link Variant#labels} bottom-aligned on {@code lines}. */
  private static List<String> heading(Variant variant, int lines) {
    List<String> values = variant.labels();
    List<String> heading = new ArrayList<>();
    for (int i = values.size(); i < lines; i++) {
      heading.add("");
    }
    heading.addAll(values);
    return heading;
  }

  private static int maxLength(List<String> cells) {
    return cells.stream().mapToInt(String::length).max().orElse(0);
  }
}
