package org.kmodel.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The speed figures of issue 11 side by side, each measured before and after in one run of {@code
 * run.sh --summary}, which leaves its measurements in a work directory and runs this class on it.
 * Prints the table as Markdown and writes it to {@code summary.md}, with every figure and sample in
 * {@code summary.json}.
 *
 * <p>The work directory holds: {@code jmh-4k.json}, {@code jmh-2m.json} and {@code
 * jmh-explore.json} (JMH's JSON results of {@link FaultBenchmark} and {@link ExploreBenchmark});
 * {@code times.txt}, a line {@code LABEL WALL USER SYS} in seconds per timed {@code kmodel}
 * process; the JSON reports of the last timed {@code kmodel explore} and {@code kmodel compare} of
 * each side ({@code explore-before.json}, ...), which must agree but for wall-clock fields; and
 * {@code info.properties}: {@code commit}, {@code java}, {@code processors}, {@code run.before}
 * (the JVM options of the cold run's before), {@code archive} ({@code yes} when the launcher's
 * class-data archive existed for the after runs), {@code load.start} and {@code load.end} (the load
 * average, which says how much else ran on the machine).
 *
 * <p>Usage: {@code java -cp benchmarks.jar org.kmodel.benchmarks.Summary WORKDIR OUTDIR}. Exits 1
 * when a before/after pair did not produce the same report.
 */
public final class Summary {
  /** Fields of the JSON reports that hold wall-clock time and may differ between two runs. */
  private static final List<String> WALL_CLOCK_FIELDS = List.of("millis");

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Path work;
  private final Properties info = new Properties();
  private final Map<String, List<double[]>> times = new LinkedHashMap<>();
  private final List<Row> rows = new ArrayList<>();
  private final Map<String, String> checks = new LinkedHashMap<>();
  private final List<String> notes = new ArrayList<>();
  private final List<Map<String, Object>> jmhResults = new ArrayList<>();

  /** What a figure measures, which decides its units and which way is better. */
  private enum Kind {
    /** Operations per second: higher is better. */
    RATE,
    /** Microseconds: lower is better. */
    MICROS,
    /** Seconds: lower is better. */
    SECONDS,
    /** CPU time over wall-clock time, 1.0 = one core busy: higher is better. */
    CORES
  }

  /**
   * One line of the table.
   *
   * @param figure what is measured, as issue 11's table names it
   * @param kind its units
   * @param before the figure before, NaN when it was not measured
   * @param after the figure after, NaN when it was not measured
   * @param goal issue 11's goal, as text
   * @param met whether the goal holds; null when the row has no goal of its own
   * @param how what before and after mean, and how the figure was taken
   */
  private record Row(
      String figure, Kind kind, double before, double after, String goal, Boolean met, String how) {
    /** How many times better after is than before: above 1 is an improvement. */
    double gain() {
      return switch (kind) {
        case RATE, CORES -> after / before;
        case MICROS, SECONDS -> before / after;
      };
    }
  }

  private Summary(Path work) {
    this.work = work;
  }

  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: Summary WORKDIR OUTDIR");
      System.exit(2);
    }
    Summary s = new Summary(Path.of(args[0]));
    s.load();
    s.build();
    Path out = Path.of(args[1]);
    String markdown = s.markdown();
    System.out.print(markdown);
    Files.writeString(out.resolve("summary.md"), markdown, StandardCharsets.UTF_8);
    JSON.writeValue(out.resolve("summary.json").toFile(), s.json());
    if (s.checks.values().stream().anyMatch(v -> !v.equals("identical"))) {
      System.exit(1);
    }
  }

  private void load() throws IOException {
    try (Reader r = Files.newBufferedReader(work.resolve("info.properties"))) {
      info.load(r);
    }
    for (String line : Files.readAllLines(work.resolve("times.txt"))) {
      String[] f = line.strip().split("\\s+");
      if (f.length != 4) {
        throw new IOException("times.txt: expected LABEL WALL USER SYS, got: " + line);
      }
      double[] sample = new double[3];
      for (int i = 0; i < 3; i++) {
        sample[i] = Double.parseDouble(f[i + 1]);
      }
      times.computeIfAbsent(f[0], k -> new ArrayList<>()).add(sample);
    }
  }

  private void build() throws IOException {
    Map<String, Double> base = jmh("jmh-4k.json", "baseFaults");
    Map<String, Double> huge = jmh("jmh-2m.json", "hugeFaults");
    Map<String, Double> explore = jmh("jmh-explore.json", "execution");
    double baseExact = base.getOrDefault("exact", Double.NaN);
    double baseFast = base.getOrDefault("fast", Double.NaN);
    rows.add(
        new Row(
            "simulated 4K faults/s (`FaultBenchmark.baseFaults`)",
            Kind.RATE,
            baseExact,
            baseFast,
            "fast ≥ 20 M/s, exact ≥ 8 M/s",
            both(atLeast(baseFast, 20e6), atLeast(baseExact, 8e6)),
            "cost exact → fast; off (nothing charged, as before the cost model): "
                + format(Kind.RATE, base.getOrDefault("off", Double.NaN))));
    double hugeFast = huge.getOrDefault("fast", Double.NaN);
    rows.add(
        new Row(
            "2M faults/s (`FaultBenchmark.hugeFaults`)",
            Kind.RATE,
            huge.getOrDefault("exact", Double.NaN),
            hugeFast,
            "≥ 1 M/s",
            atLeast(hugeFast, 1e6),
            "cost exact → fast; off: " + format(Kind.RATE, huge.getOrDefault("off", Double.NaN))));
    double runAfter = medianWall("run.after");
    rows.add(
        new Row(
            "cold `kmodel run` of a trivial scenario, whole process",
            Kind.SECONDS,
            medianWall("run.before"),
            runAfter,
            "≤ 0.5 s",
            atMost(runAfter, 0.5),
            "the JDK's own class-data archive, C2, G1 (¹) → the launcher's defaults: "
                + ("yes".equals(info.getProperty("archive")) ? "its AppCDS archive" : "no archive")
                + ", C1, SerialGC; median of "
                + count("run.after")
                + " runs each, interleaved, after a warm-up"));
    notes.add(
        "¹ `KMODEL_JAVA_OPTS='"
            + info.getProperty("run.before", "?")
            + "'`, which comes last on the launcher's java line and wins.");
    double executionAfter = explore.getOrDefault("off", Double.NaN);
    rows.add(
        new Row(
            "explorer, warm, per execution (`ExploreBenchmark.execution`)",
            Kind.MICROS,
            explore.getOrDefault("exact", Double.NaN),
            executionAfter,
            "≤ 150 µs",
            atMost(executionAfter, 150),
            "cost exact → off (explore's default); Btrfs race A, first interleaving"));
    double raceAfter = medianWall("explore.after");
    checks.put("explore", sameReport("explore-before.json", "explore-after.json"));
    rows.add(
        new Row(
            "race A scenario, cold `kmodel explore`, whole process",
            Kind.SECONDS,
            medianWall("explore.before"),
            raceAfter,
            "≤ 1 s",
            atMost(raceAfter, 1.0),
            "`--cost exact` → default (off); median of "
                + count("explore.after")
                + " runs each, interleaved; report before vs after: "
                + checks.get("explore")));
    checks.put("compare", sameReport("compare-before.json", "compare-after.json"));
    int processors = Integer.parseInt(info.getProperty("processors", "1"));
    String jobs = "`--jobs 1` → default (`--jobs " + processors + "`)";
    rows.add(
        new Row(
            "`kmodel compare`, 8 variants, wall clock",
            Kind.SECONDS,
            medianWall("compare.before"),
            medianWall("compare.after"),
            "",
            null,
            jobs + "; --json report before vs after: " + checks.get("compare")));
    double coresAfter = medianCores("compare.after");
    rows.add(
        new Row(
            "`kmodel compare`, 8 variants, CPU use (user+sys over wall)",
            Kind.CORES,
            medianCores("compare.before"),
            coresAfter,
            "all cores (" + processors + ")",
            atLeast(coresAfter, 0.9 * processors),
            jobs + "; met at ≥ 90% of every core"));
  }

  /** Whether {@code v} reaches {@code goal}; null when {@code v} was not measured. */
  private static Boolean atLeast(double v, double goal) {
    return Double.isNaN(v) ? null : v >= goal;
  }

  private static Boolean atMost(double v, double goal) {
    return Double.isNaN(v) ? null : v <= goal;
  }

  private static Boolean both(Boolean a, Boolean b) {
    return a == null || b == null ? null : a && b;
  }

  /** The JMH scores of the benchmark method {@code method} in {@code file}, by its cost param. */
  private Map<String, Double> jmh(String file, String method) throws IOException {
    Map<String, Double> scores = new LinkedHashMap<>();
    Path p = work.resolve(file);
    if (!Files.isRegularFile(p)) {
      return scores;
    }
    for (JsonNode b : JSON.readTree(p.toFile())) {
      if (b.path("benchmark").asText().endsWith("." + method)) {
        String cost = b.path("params").path("cost").asText();
        JsonNode metric = b.path("primaryMetric");
        scores.put(cost, metric.path("score").asDouble());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("benchmark", b.path("benchmark").asText());
        m.put("cost", cost);
        m.put("score", metric.path("score").asDouble());
        m.put("error", finite(metric.path("scoreError").asDouble(Double.NaN)));
        m.put("unit", metric.path("scoreUnit").asText());
        m.put("iterations", metric.path("rawData").path(0));
        jmhResults.add(m);
      }
    }
    return scores;
  }

  private int count(String label) {
    return times.getOrDefault(label, List.of()).size();
  }

  private double medianWall(String label) {
    return median(times.getOrDefault(label, List.of()).stream().mapToDouble(s -> s[0]).toArray());
  }

  private double medianCores(String label) {
    return median(
        times.getOrDefault(label, List.of()).stream()
            .mapToDouble(s -> (s[1] + s[2]) / s[0])
            .toArray());
  }

  static double median(double[] values) {
    if (values.length == 0) {
      return Double.NaN;
    }
    double[] v = values.clone();
    Arrays.sort(v);
    int mid = v.length / 2;
    return v.length % 2 == 1 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
  }

  /** {@code identical}, {@code DIFFERENT} or {@code not run}, ignoring wall-clock fields. */
  private String sameReport(String before, String after) throws IOException {
    Path a = work.resolve(before);
    Path b = work.resolve(after);
    if (!Files.isRegularFile(a) || !Files.isRegularFile(b)) {
      return "not run";
    }
    return withoutWallClock(JSON.readTree(a.toFile()))
            .equals(withoutWallClock(JSON.readTree(b.toFile())))
        ? "identical"
        : "DIFFERENT";
  }

  private static JsonNode withoutWallClock(JsonNode node) {
    if (node instanceof ObjectNode o) {
      o.remove(WALL_CLOCK_FIELDS);
    }
    node.forEach(Summary::withoutWallClock);
    return node;
  }

  static String format(Kind kind, double v) {
    if (Double.isNaN(v)) {
      return "—";
    }
    return switch (kind) {
      case RATE ->
          v >= 1e6
              ? String.format(Locale.ROOT, "%.2f M/s", v / 1e6)
              : String.format(Locale.ROOT, "%.1f k/s", v / 1e3);
      case MICROS -> String.format(Locale.ROOT, "%.0f µs", v);
      case SECONDS -> String.format(Locale.ROOT, "%.2f s", v);
      case CORES -> String.format(Locale.ROOT, "%.0f%%", v * 100);
    };
  }

  private String markdown() {
    List<String[]> cells = new ArrayList<>();
    cells.add(new String[] {"figure", "before", "after", "gain", "goal", "met", "before → after"});
    for (Row r : rows) {
      double gain = r.gain();
      cells.add(
          new String[] {
            r.figure(),
            format(r.kind(), r.before()),
            format(r.kind(), r.after()),
            Double.isNaN(gain) ? "—" : String.format(Locale.ROOT, "×%.2f", gain),
            r.goal().isEmpty() ? "—" : r.goal(),
            r.met() == null ? "—" : r.met() ? "yes" : "no",
            r.how()
          });
    }
    int[] width = new int[cells.get(0).length];
    for (String[] row : cells) {
      for (int i = 0; i < row.length; i++) {
        width[i] = Math.max(width[i], row[i].length());
      }
    }
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            Locale.ROOT,
            "Issue 11's figures, %s, commit %s, %s processors (%s), %s.%n%n",
            LocalDate.now(ZoneOffset.UTC),
            info.getProperty("commit", "?"),
            info.getProperty("processors", "?"),
            cpuModel(),
            info.getProperty("java", "?")));
    for (int r = 0; r < cells.size(); r++) {
      sb.append('|');
      for (int i = 0; i < width.length; i++) {
        sb.append(' ').append(pad(cells.get(r)[i], width[i])).append(" |");
      }
      sb.append('\n');
      if (r == 0) {
        sb.append('|');
        for (int w : width) {
          sb.append("-".repeat(w + 2)).append('|');
        }
        sb.append('\n');
      }
    }
    sb.append(
        "\ngain: how many times better after is than before (rates and CPU use after/before,"
            + " times before/after).\n");
    sb.append(
        String.format(
            Locale.ROOT,
            "Load average (1 min) %s at the start, %s at the end, on %s processors (above that,"
                + " other processes competed for them); JMH's errors and iterations are in"
                + " summary.json.%n",
            info.getProperty("load.start", "?"),
            info.getProperty("load.end", "?"),
            info.getProperty("processors", "?")));
    for (String note : notes) {
      sb.append(note).append('\n');
    }
    return sb.toString();
  }

  private static String pad(String s, int width) {
    return s + " ".repeat(width - s.length());
  }

  /** The processor's model name from {@code /proc/cpuinfo}, or {@code os.arch} without one. */
  private static String cpuModel() {
    Path cpuinfo = Path.of("/proc/cpuinfo");
    try {
      if (Files.isReadable(cpuinfo)) {
        for (String line : Files.readAllLines(cpuinfo)) {
          if (line.startsWith("model name")) {
            return line.substring(line.indexOf(':') + 1).strip();
          }
        }
      }
    } catch (IOException e) {
      return System.getProperty("os.arch");
    }
    return System.getProperty("os.arch");
  }

  private Map<String, Object> json() {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("date", LocalDate.now(ZoneOffset.UTC).toString());
    root.put("commit", info.getProperty("commit"));
    root.put("processors", Integer.parseInt(info.getProperty("processors", "1")));
    root.put("cpu", cpuModel());
    root.put("java", info.getProperty("java"));
    root.put("load_start", info.getProperty("load.start"));
    root.put("load_end", info.getProperty("load.end"));
    List<Map<String, Object>> list = new ArrayList<>();
    for (Row r : rows) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("figure", r.figure());
      m.put("unit", unit(r.kind()));
      m.put("before", finite(r.before()));
      m.put("after", finite(r.after()));
      m.put("gain", finite(r.gain()));
      m.put("goal", r.goal());
      m.put("met", r.met());
      m.put("how", r.how());
      list.add(m);
    }
    root.put("rows", list);
    root.put("checks", checks);
    root.put("notes", notes);
    Map<String, Object> samples = new LinkedHashMap<>();
    times.forEach((label, s) -> samples.put(label, s.stream().map(Summary::sample).toList()));
    root.put("process_samples", samples);
    root.put("jmh", jmhResults);
    return root;
  }

  private static Map<String, Double> sample(double[] t) {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("wall_s", t[0]);
    m.put("user_s", t[1]);
    m.put("sys_s", t[2]);
    return m;
  }

  private static String unit(Kind kind) {
    return switch (kind) {
      case RATE -> "ops/s";
      case MICROS -> "µs";
      case SECONDS -> "s";
      case CORES -> "cores";
    };
  }

  /** NaN and infinities as JSON null. */
  private static Double finite(double v) {
    return Double.isFinite(v) ? v : null;
  }
}
