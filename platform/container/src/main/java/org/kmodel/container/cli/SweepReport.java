package org.kmodel.container.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.kmodel.kernel.run.Failure;
import org.kmodel.kernel.run.RunResult;

/**
 * What {@code kmodel sweep} reports: a row per (variant, seed) in variant order, seeds inner, with
 * every {@code --vary} value, the seed, the run's status and its metrics. The CSV and JSON depend
 * on the rows alone, so a sweep run in pieces (Slurm array tasks) and collected gives the same
 * bytes as one run in one JVM.
 */
final class SweepReport {
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  /** How a run ended, as the {@code status} column says it. */
  enum Status {
    OK("ok", 0),
    FAILED("failed", 1),
    BAD_INPUT("bad-input", 2),
    LIMIT("limit", 3);

    final String text;
    final int exitCode;

    Status(String text, int exitCode) {
      this.text = text;
      this.exitCode = exitCode;
    }

    static Status of(RunResult r) {
      return r.badInput() ? BAD_INPUT : r.limitReached() ? LIMIT : r.ok() ? OK : FAILED;
    }

    static Status parse(String text) {
      for (Status s : values()) {
        if (s.text.equals(text)) {
          return s;
        }
      }
      throw new IllegalArgumentException("unknown status '" + text + "'");
    }
  }

  /**
   * One run of the sweep.
   *
   * @param variant the variant
   * @param seed the scenario's seed in this run
   * @param status how it ended
   * @param failures why it did not succeed, in order
   * @param metrics metric to value, as the CSV prints it; empty for a run that did not start
   */
  record Run(
      Variant variant,
      long seed,
      Status status,
      List<Failure> failures,
      Map<String, String> metrics) {
    Run {
      failures = List.copyOf(failures);
      metrics = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    }
  }

  private final String scenario;
  private final String file;
  private final List<Vary> vary;
  private final List<Long> seeds;
  private final List<Run> runs;
  private final List<String> metrics;

  /**
   * @param scenario the scenario's name
   * @param file the scenario file as the user named it
   * @param vary the {@code --vary} options
   * @param seeds the seeds, in order
   * @param runs the runs, variant order, seeds inner
   * @param chosen the {@code --metric} list, or empty for every metric some run has, in the order
   *     the runs first have them
   */
  SweepReport(
      String scenario,
      String file,
      List<Vary> vary,
      List<Long> seeds,
      List<Run> runs,
      List<String> chosen) {
    this.scenario = scenario;
    this.file = file;
    this.vary = List.copyOf(vary);
    this.seeds = List.copyOf(seeds);
    this.runs = List.copyOf(runs);
    if (chosen.isEmpty()) {
      Set<String> all = new LinkedHashSet<>();
      runs.forEach(r -> all.addAll(r.metrics().keySet()));
      this.metrics = List.copyOf(all);
    } else {
      this.metrics = List.copyOf(chosen);
    }
  }

  List<Run> runs() {
    return runs;
  }

  /** The metric columns, in order. */
  List<String> metrics() {
    return metrics;
  }

  String scenario() {
    return scenario;
  }

  List<Vary> vary() {
    return vary;
  }

  /** The exit code of the whole sweep: 2 if a run had bad input, else 3, 1, 0 likewise. */
  int exitCode() {
    Set<Status> seen = runs.stream().map(Run::status).collect(Collectors.toSet());
    for (Status s : List.of(Status.BAD_INPUT, Status.LIMIT, Status.FAILED)) {
      if (seen.contains(s)) {
        return s.exitCode;
      }
    }
    return 0;
  }

  /**
   * The CSV: {@code variant}, a column per {@code --vary} key, {@code seed}, {@code status}, {@code
   * exit_code}, then a column per metric; a metric a run lacks is empty.
   */
  void printCsv(PrintWriter out) {
    List<String> header = new ArrayList<>();
    header.add("variant");
    vary.forEach(v -> header.add(CompareReport.textCell(v.key())));
    header.addAll(List.of("seed", "status", "exit_code"));
    metrics.forEach(m -> header.add(CompareReport.textCell(m)));
    out.print(CompareReport.csvLine(header) + "\n");
    for (Run r : runs) {
      List<String> line = new ArrayList<>();
      line.add(CompareReport.textCell(r.variant().name()));
      r.variant().settings().forEach(s -> line.add(CompareReport.textCell(s.value())));
      line.add(Long.toString(r.seed()));
      line.add(r.status().text);
      line.add(Integer.toString(r.status().exitCode));
      metrics.forEach(m -> line.add(r.metrics().getOrDefault(m, "")));
      out.print(CompareReport.csvLine(line) + "\n");
    }
    out.flush();
  }

  /** The JSON: the scenario, the options, the metric list and the runs with their failures. */
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
    root.put("seeds", seeds);
    root.put("metrics", metrics);
    List<Map<String, Object>> out = new ArrayList<>();
    for (Run r : runs) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("variant", r.variant().name());
      m.put("settings", r.variant().settingsMap());
      m.put("seed", r.seed());
      m.put("status", r.status().text);
      m.put("exit_code", r.status().exitCode);
      List<Map<String, Object>> failures = new ArrayList<>();
      for (Failure f : r.failures()) {
        Map<String, Object> fm = new LinkedHashMap<>();
        fm.put("where", f.where());
        fm.put("message", f.message());
        failures.add(fm);
      }
      m.put("failures", failures);
      Map<String, Object> values = new LinkedHashMap<>();
      r.metrics().forEach((k, v) -> values.put(k, new BigDecimal(v)));
      m.put("metrics", values);
      out.add(m);
    }
    root.put("runs", out);
    try {
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render the sweep as JSON", e);
    }
  }

  /**
   * Reads the runs of a {@link #json} file written for {@code variants} × {@code seeds}, in that
   * order, checking that it holds exactly those.
   *
   * @throws IOException when the file cannot be read or does not hold those runs
   */
  static List<Run> readRuns(Path file, List<Variant> variants, List<Long> seeds)
      throws IOException {
    JsonNode runs = JSON.readTree(file.toFile()).path("runs");
    if (runs.size() != variants.size() * seeds.size()) {
      throw new IOException(
          file + ": " + runs.size() + " runs, expected " + variants.size() * seeds.size());
    }
    List<Run> out = new ArrayList<>();
    int i = 0;
    for (Variant v : variants) {
      for (long seed : seeds) {
        JsonNode n = runs.get(i++);
        if (!n.path("variant").asText().equals(v.name()) || n.path("seed").asLong() != seed) {
          throw new IOException(
              file
                  + ": run "
                  + i
                  + " is "
                  + n.path("variant").asText()
                  + " seed "
                  + n.path("seed")
                  + ", expected "
                  + v.name()
                  + " seed "
                  + seed);
        }
        List<Failure> failures = new ArrayList<>();
        n.path("failures")
            .forEach(
                f ->
                    failures.add(
                        new Failure(f.path("where").asText(), f.path("message").asText())));
        Map<String, String> metrics = new LinkedHashMap<>();
        n.path("metrics")
            .fields()
            .forEachRemaining(
                e -> metrics.put(e.getKey(), e.getValue().decimalValue().toPlainString()));
        try {
          out.add(new Run(v, seed, Status.parse(n.path("status").asText()), failures, metrics));
        } catch (IllegalArgumentException e) {
          throw new IOException(file + ": run " + i + ": " + e.getMessage(), e);
        }
      }
    }
    return out;
  }

  /** One variant's values of one metric over its seeds: how many, mean, sample deviation, range. */
  record Stats(int n, double mean, double sd, double min, double max) {}

  /**
   * Variant {@code v}'s (index into the variants in order) stats for {@code metric}; null if none.
   */
  Stats stats(int v, String metric) {
    List<Double> xs = new ArrayList<>();
    for (Run r : seedRuns(v)) {
      String x = r.metrics().get(metric);
      if (x != null) {
        xs.add(Double.parseDouble(x));
      }
    }
    if (xs.isEmpty()) {
      return null;
    }
    double mean = xs.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    double ss = xs.stream().mapToDouble(x -> (x - mean) * (x - mean)).sum();
    double sd = xs.size() < 2 ? 0 : Math.sqrt(ss / (xs.size() - 1));
    return new Stats(
        xs.size(),
        mean,
        sd,
        xs.stream().mapToDouble(Double::doubleValue).min().orElseThrow(),
        xs.stream().mapToDouble(Double::doubleValue).max().orElseThrow());
  }

  /** Variant {@code v}'s runs, one per seed in order. */
  private List<Run> seedRuns(int v) {
    return runs.subList(v * seeds.size(), (v + 1) * seeds.size());
  }

  /** The variants, in order. */
  List<Variant> variants() {
    List<Variant> out = new ArrayList<>();
    for (int i = 0; i < runs.size(); i += seeds.size()) {
      out.add(runs.get(i).variant());
    }
    return out;
  }

  /**
   * The summary: a header line with the run count by status, then per metric a table of the
   * variants with n, mean, min and max over the seeds; then the runs that did not succeed.
   */
  void printSummary(PrintWriter out) {
    Map<Status, Long> byStatus =
        runs.stream()
            .collect(Collectors.groupingBy(Run::status, LinkedHashMap::new, Collectors.counting()));
    String counts =
        byStatus.entrySet().stream()
            .map(e -> e.getValue() + " " + e.getKey().text)
            .collect(Collectors.joining(", "));
    List<Variant> variants = variants();
    out.printf(
        "sweep  %s (%s): %d variant%s x %d seed%s = %d runs: %s%n",
        scenario,
        file,
        variants.size(),
        variants.size() == 1 ? "" : "s",
        seeds.size(),
        seeds.size() == 1 ? "" : "s",
        runs.size(),
        counts);
    int nameWidth = variants.stream().mapToInt(v -> v.name().length()).max().orElse(0);
    Function<Double, String> num = d -> CompareReport.plain(d);
    for (String metric : metrics) {
      List<String[]> lines = new ArrayList<>();
      for (int v = 0; v < variants.size(); v++) {
        Stats s = stats(v, metric);
        lines.add(
            s == null
                ? new String[] {variants.get(v).name(), "0", "", "", ""}
                : new String[] {
                  variants.get(v).name(),
                  Integer.toString(s.n()),
                  num.apply(s.mean()),
                  num.apply(s.min()),
                  num.apply(s.max())
                });
      }
      int[] w = {Math.max(nameWidth, metric.length() - 2), 1, 4, 3, 3};
      for (String[] l : lines) {
        for (int i = 1; i < w.length; i++) {
          w[i] = Math.max(w[i], l[i].length());
        }
      }
      out.println();
      out.println(
          String.format(
              Locale.ROOT,
              "%-"
                  + (w[0] + 2)
                  + "s  %"
                  + w[1]
                  + "s  %"
                  + w[2]
                  + "s  %"
                  + w[3]
                  + "s  %"
                  + w[4]
                  + "s",
              metric,
              "n",
              "mean",
              "min",
              "max"));
      for (String[] l : lines) {
        out.println(
            String.format(
                    Locale.ROOT,
                    "  %-" + w[0] + "s  %" + w[1] + "s  %" + w[2] + "s  %" + w[3] + "s  %" + w[4]
                        + "s",
                    (Object[]) l)
                .stripTrailing());
      }
    }
    List<Integer> failing = new ArrayList<>();
    for (int v = 0; v < variants.size(); v++) {
      if (seedRuns(v).stream().anyMatch(r -> r.status() != Status.OK)) {
        failing.add(v);
      }
    }
    if (!failing.isEmpty()) {
      out.println();
      out.println("variants with runs that did not succeed");
    }
    for (int v : failing) {
      List<Run> bad = seedRuns(v).stream().filter(r -> r.status() != Status.OK).toList();
      out.println(
          "  "
              + variants.get(v).name()
              + "  seed "
              + bad.stream().map(r -> Long.toString(r.seed())).collect(Collectors.joining(","))
              + ": "
              + bad.stream()
                  .map(r -> r.status().text)
                  .distinct()
                  .collect(Collectors.joining(", ")));
      bad.stream()
          .flatMap(r -> r.failures().stream())
          .map(Failure::toString)
          .distinct()
          .forEach(f -> out.println("      " + f));
    }
  }
}
