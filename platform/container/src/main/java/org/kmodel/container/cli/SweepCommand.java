package org.kmodel.container.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import org.kmodel.container.KmodelHome;
import org.kmodel.container.Launch;
import org.kmodel.container.ScenarioSession;
import org.kmodel.kernel.run.Failure;
import org.kmodel.kernel.run.RunOptions;
import org.kmodel.kernel.run.RunResult;
import org.kmodel.kernel.scenario.model.Scenario;
import org.kmodel.kernel.scenario.op.BadInputException;
import org.kmodel.kernel.scenario.op.Operations;
import org.kmodel.kernel.scenario.parse.ScenarioException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code kmodel sweep FILE --vary ... [--seeds N]}: runs every combination of the {@code --vary}
 * values with every seed, on every processor of this machine or as a Slurm job array, and writes
 * one CSV, one JSON and a chart per metric.
 */
@Command(
    name = "sweep",
    mixinStandardHelpOptions = true,
    customSynopsis = {
      "kmodel sweep [-hV] [--vary=KEY=V1,V2,...]... [--seeds=N] [--metric=M,...]...",
      "                    [--out=DIR] [--charts=png|svg|none] [--jobs=N] [--no-debug-vm]",
      "                    [--slurm [--slurm-chunk=K] [--partition=P] [--time=T]",
      "                    [--sbatch-arg=ARG]...] FILE"
    },
    description =
        "Run a scenario once per variant (every combination of the --vary values, the first --vary"
            + " outermost, as compare makes them) and seed, on every processor of this machine or"
            + " on Slurm. Writes DIR/sweep.csv and DIR/sweep.json (a row per variant and seed:"
            + " the values, the seed, the status and the metrics), a chart per metric (the mean"
            + " over the seeds per variant, with the standard deviation as error bar), and prints"
            + " mean, min and max per variant. A variant that fails or has bad input is reported"
            + " and the others still run.",
    footerHeading = "%nKeys of --vary:%n",
    footer = {
      "  as for kmodel compare (kmodel compare --help): /PATH, bundles, cpu,",
      "  machine.nested.host_pages, machine.cost, machine.kernel, boot",
      "",
      "Metrics (--metric; default: simulated_us, each phase's simulated_us, and the",
      "vmstat, meminfo and fs metrics the scenario's expect steps name):",
      "  simulated_us, steps, vmstat.<counter>, meminfo.<Field>, fs.<stat>, costs.<figure>,",
      "  phase.<name>.<field> (simulated_us, start_ns, end_ns, steps or a cost figure)",
      "",
      "Example:",
      "  kmodel sweep --seeds 5 --out thp-sweep \\",
      "      --vary /sys/kernel/mm/transparent_hugepage/enabled=always,madvise,never \\",
      "      --vary cpu=skylake,zen5 scenarios/largepages3.yaml"
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:every run ended ok",
      "1:a run failed (an expectation, a step), or the Slurm job did",
      "2:bad input: the file, an option, or some run's setting (the others still ran)",
      "3:a run stopped at --max-steps or --max-time"
    })
final class SweepCommand implements Callable<Integer> {
  /** The pieces a task writes and the collected result: the same file name. */
  static final String JSON_FILE = "sweep.json";

  /** The CSV's file name. */
  static final String CSV_FILE = "sweep.csv";

  private static final String NAME = "kmodel sweep";
  private static final long SLOT_WAIT_MILLIS = 10_000;
  private static final String EVENT_LOG_LEVEL = "org.slf4j.simpleLogger.log.org.kmodel.events";

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "FILE", description = "the scenario (YAML)")
  Path file;

  @Option(
      names = "--vary",
      paramLabel = "KEY=V1,V2,...",
      description = "run with each of these values of KEY (repeatable; keys as for compare)")
  List<String> vary = new ArrayList<>();

  @Option(
      names = "--seeds",
      paramLabel = "N",
      description =
          "run every variant with the seeds 1 to N in place of the scenario's seed (default: once,"
              + " with the scenario's seed)")
  Integer seeds;

  @Option(
      names = "--metric",
      paramLabel = "M[,M...]",
      split = ",",
      description = "record these metrics instead of the default ones (repeatable; list below)")
  List<String> metrics = new ArrayList<>();

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description =
          "where sweep.csv, sweep.json and the charts go, created if missing (default: the"
              + " scenario file's name with -sweep, in the working directory)")
  Path out;

  @Option(
      names = "--charts",
      paramLabel = "FORMAT",
      description =
          "the charts' format: png, svg, or none to draw none (default: ${DEFAULT-VALUE})")
  String charts = "png";

  @Option(
      names = "--jobs",
      paramLabel = "N",
      description =
          "run up to N runs at once, each in a framework of its own (default: the number of"
              + " processors); the output is the same for every N")
  Integer jobs;

  @Option(
      names = "--no-debug-vm",
      description = "do not run the invariant checker after every step (it is on by default)")
  boolean noDebugVm;

  @Option(
      names = "--slurm",
      description =
          "run as a Slurm job array instead: one task per chunk of variants, submitted with"
              + " sbatch --wait; the pieces are collected into the same output")
  boolean slurm;

  @Option(
      names = "--slurm-chunk",
      paramLabel = "K",
      description = "variants per Slurm task, all their seeds included (default: ${DEFAULT-VALUE})")
  int chunk = 1;

  @Option(names = "--partition", paramLabel = "P", description = "the Slurm partition")
  String partition;

  @Option(
      names = "--time",
      paramLabel = "T",
      description = "each Slurm task's time limit, as sbatch takes it (e.g. 30, 1:00:00)")
  String time;

  @Option(
      names = "--sbatch-arg",
      paramLabel = "ARG",
      description = "one more argument for sbatch (repeatable), e.g. --sbatch-arg=--mem=8G")
  List<String> sbatchArgs = new ArrayList<>();

  @Option(
      names = "--only-chunk",
      paramLabel = "I",
      hidden = true,
      description = "run chunk I (from 0) of --slurm-chunk variants and write sweep.json only")
  Integer onlyChunk;

  @Mixin ScenarioOptions scenarioOptions;

  @Mixin BudgetOptions budgetOptions;

  @Override
  public Integer call() {
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    String problem = checkNumbers();
    if (problem != null) {
      err.println(NAME + ": " + problem);
      return 2;
    }
    for (String m : metrics) {
      String why = SweepMetrics.check(m);
      if (why != null) {
        err.println(NAME + ": --metric " + m + ": " + why);
        return 2;
      }
    }
    CompareChart.Format chartFormat =
        switch (charts) {
          case "png" -> CompareChart.Format.PNG;
          case "svg" -> CompareChart.Format.SVG;
          default -> null;
        };
    if (chartFormat == null && !charts.equals("none")) {
      err.println(NAME + ": --charts " + charts + ": expected png, svg or none");
      return 2;
    }
    if (System.getProperty(EVENT_LOG_LEVEL) == null) {
      System.setProperty(EVENT_LOG_LEVEL, "error");
    }
    List<Vary> varies;
    try {
      varies = Vary.parseAll(vary);
    } catch (IllegalArgumentException e) {
      err.println(NAME + ": " + e.getMessage());
      return 2;
    }
    Scenario scenario;
    try {
      scenario = scenarioOptions.apply(Operations.parser().parse(file), err, NAME);
    } catch (ScenarioException e) {
      err.println(e.getMessage());
      return 2;
    }
    if (scenario == null) {
      return 2;
    }
    Launch launch = new Launch(KmodelHome.locate());
    String unknown = VaryCheck.unknownValue(varies, launch);
    if (unknown != null) {
      err.println(NAME + ": " + unknown);
      return 2;
    }
    RunOptions options =
        budgetOptions.apply(
            new RunOptions(SLOT_WAIT_MILLIS, List.of(), false, !noDebugVm), err, NAME);
    if (options == null) {
      return 2;
    }
    List<Variant> variants = Variant.expand(varies);
    int chunks = (variants.size() + chunk - 1) / chunk;
    if (onlyChunk != null) {
      if (onlyChunk < 0 || onlyChunk >= chunks) {
        err.println(NAME + ": --only-chunk " + onlyChunk + ": expected 0 to " + (chunks - 1));
        return 2;
      }
      variants = chunkOf(variants, onlyChunk);
    }
    List<Long> seedList = new ArrayList<>();
    if (seeds == null) {
      seedList.add(scenario.seed());
    } else {
      for (long s = 1; s <= seeds; s++) {
        seedList.add(s);
      }
    }
    Path dir = (out != null ? out : defaultOut()).toAbsolutePath();
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      err.println(NAME + ": --out " + dir + ": cannot create the directory: " + e.getMessage());
      return 2;
    }
    List<SweepReport.Run> runs;
    if (slurm) {
      try {
        runs = collect(submit(dir, chunks, err), variants, seedList);
      } catch (SlurmSweep.Failed e) {
        err.println(NAME + ": " + e.getMessage());
        return 1;
      } catch (IOException e) {
        err.println(NAME + ": --slurm: " + e.getMessage());
        return 1;
      }
    } else {
      runs = runLocally(variants, seedList, scenario, options, launch, err);
    }
    SweepReport report =
        new SweepReport(scenario.name(), file.toString(), varies, seedList, runs, metrics);
    try {
      AtomicFile.write(dir.resolve(CSV_FILE), csv(report));
      AtomicFile.write(dir.resolve(JSON_FILE), report.json() + "\n");
    } catch (IOException e) {
      err.println(NAME + ": cannot write into " + dir + ": " + e.getMessage());
      return 2;
    }
    if (onlyChunk != null) {
      return 0;
    }
    report.printSummary(stdout);
    List<Path> drawn = List.of();
    if (chartFormat != null) {
      try {
        drawn = SweepChart.writeAll(report, dir, chartFormat);
      } catch (IOException e) {
        err.println(NAME + ": cannot write a chart into " + dir + ": " + e.getMessage());
        return 2;
      }
    }
    stdout.println();
    stdout.printf(
        "wrote %s, %s%s%n",
        dir.resolve(CSV_FILE),
        dir.resolve(JSON_FILE),
        drawn.isEmpty() ? "" : " and " + drawn.size() + " chart(s) " + dir.resolve("chart-*"));
    stdout.flush();
    String missing = missingMetric(report);
    if (missing != null) {
      err.println(NAME + ": --metric " + missing + ": no run has it");
      return 2;
    }
    return report.exitCode();
  }

  private String checkNumbers() {
    if (jobs != null && jobs < 1) {
      return "--jobs " + jobs + ": must be at least 1";
    }
    if (seeds != null && seeds < 1) {
      return "--seeds " + seeds + ": must be at least 1";
    }
    if (chunk < 1) {
      return "--slurm-chunk " + chunk + ": must be at least 1";
    }
    if (slurm && onlyChunk != null) {
      return "--slurm and --only-chunk exclude each other";
    }
    return null;
  }

  /** {@code compare.yaml} → {@code compare-sweep}, in the working directory. */
  private Path defaultOut() {
    String name = file.getFileName() == null ? "scenario" : file.getFileName().toString();
    return Path.of(name.replaceFirst("\\.ya?ml$", "") + "-sweep");
  }

  private List<Variant> chunkOf(List<Variant> variants, int i) {
    return variants.subList(i * chunk, Math.min(variants.size(), (i + 1) * chunk));
  }

  /**
   * Runs every (variant, seed) on up to {@code --jobs} threads, printing a line per finished run;
   * returns the runs in variant order, seeds inner, however they finished.
   */
  private List<SweepReport.Run> runLocally(
      List<Variant> variants,
      List<Long> seedList,
      Scenario scenario,
      RunOptions options,
      Launch launch,
      PrintWriter err) {
    ScenarioSession session = new ScenarioSession(launch);
    int count = variants.size() * seedList.size();
    AtomicInteger finished = new AtomicInteger();
    Set<String> problems = new HashSet<>();
    return InOrder.run(
        jobs != null ? jobs : Runtime.getRuntime().availableProcessors(),
        count,
        i -> {
          Variant v = variants.get(i / seedList.size());
          long seed = seedList.get(i % seedList.size());
          long started = System.nanoTime();
          SweepReport.Run run = runOne(session, v, seed, scenario, options, launch, problems, err);
          progress(err, finished.incrementAndGet(), count, run, System.nanoTime() - started);
          return run;
        },
        r -> false,
        (r, i) -> {});
  }

  private SweepReport.Run runOne(
      ScenarioSession session,
      Variant variant,
      long seed,
      Scenario scenario,
      RunOptions options,
      Launch launch,
      Set<String> problems,
      PrintWriter err) {
    Scenario s = withSeed(variant.applyTo(scenario), seed);
    try {
      ScenarioSession.Outcome outcome = session.run(s, options, launch.home().deploy());
      synchronized (err) {
        for (String p : outcome.bundleProblems()) {
          if (problems.add(p)) {
            err.println("kmodel: " + p);
          }
        }
      }
      RunResult r = outcome.result();
      List<String> chosen = metrics.isEmpty() ? SweepMetrics.defaults(r, scenario) : metrics;
      return new SweepReport.Run(
          variant,
          seed,
          SweepReport.Status.of(r),
          r.failures(),
          r.badInput() ? Map.of() : SweepMetrics.values(r, chosen));
    } catch (BadInputException e) {
      return new SweepReport.Run(
          variant,
          seed,
          SweepReport.Status.BAD_INPUT,
          List.of(new Failure("", e.toString())),
          Map.of());
    } catch (RuntimeException e) {
      return new SweepReport.Run(
          variant,
          seed,
          SweepReport.Status.FAILED,
          List.of(new Failure("", e.toString())),
          Map.of());
    }
  }

  /**
   * One line per finished run, with why a run that did not succeed did not; runs finish at once.
   */
  private static void progress(PrintWriter err, int n, int count, SweepReport.Run r, long nanos) {
    synchronized (err) {
      err.printf(
          Locale.ROOT,
          "[%d/%d] %s seed=%d  %s  %.1f s wall%n",
          n,
          count,
          r.variant().name(),
          r.seed(),
          r.status().text,
          nanos / 1e9);
      err.flush();
    }
  }

  /** The Slurm job for this sweep: every task gets the options that shape its runs. */
  private List<Path> submit(Path dir, int chunks, PrintWriter err)
      throws SlurmSweep.Failed, IOException {
    List<String> args = new ArrayList<>();
    args.add("--slurm-chunk=" + chunk);
    vary.forEach(v -> args.add("--vary=" + v));
    if (seeds != null) {
      args.add("--seeds=" + seeds);
    }
    metrics.forEach(m -> args.add("--metric=" + m));
    if (jobs != null) {
      args.add("--jobs=" + jobs);
    }
    if (noDebugVm) {
      args.add("--no-debug-vm");
    }
    if (scenarioOptions.cost != null) {
      args.add("--cost=" + scenarioOptions.cost);
    }
    if (scenarioOptions.kernel != null) {
      args.add("--kernel=" + scenarioOptions.kernel);
    }
    scenarioOptions.allowPaths.forEach(p -> args.add("--allow-path=" + p));
    args.add("--max-steps=" + budgetOptions.maxSteps);
    args.add("--max-time=" + budgetOptions.maxTime);
    args.add("--");
    args.add(file.toString());
    List<String> sbatch = new ArrayList<>();
    if (partition != null) {
      sbatch.add("--partition=" + partition);
    }
    if (time != null) {
      sbatch.add("--time=" + time);
    }
    sbatch.addAll(sbatchArgs);
    Path launcher = KmodelHome.locate().root().resolve("bin").resolve("kmodel");
    return SlurmSweep.run(new SlurmSweep.Job(launcher, dir, chunks, args, sbatch), err);
  }

  /** The tasks' runs, in task order, checked against the variants each task had to run. */
  private List<SweepReport.Run> collect(
      List<Path> pieces, List<Variant> variants, List<Long> seedList) throws IOException {
    List<SweepReport.Run> runs = new ArrayList<>();
    for (int i = 0; i < pieces.size(); i++) {
      runs.addAll(SweepReport.readRuns(pieces.get(i), chunkOf(variants, i), seedList));
    }
    return runs;
  }

  /** The first {@code --metric} no run that started has, or null. */
  private String missingMetric(SweepReport report) {
    List<SweepReport.Run> started =
        report.runs().stream().filter(r -> r.status() != SweepReport.Status.BAD_INPUT).toList();
    if (started.isEmpty()) {
      return null;
    }
    for (String m : metrics) {
      if (started.stream().noneMatch(r -> r.metrics().containsKey(m))) {
        return m;
      }
    }
    return null;
  }

  private static String csv(SweepReport report) {
    StringWriter w = new StringWriter();
    report.printCsv(new PrintWriter(w));
    return w.toString();
  }

  private static Scenario withSeed(Scenario s, long seed) {
    return new Scenario(
        s.name(),
        s.description(),
        seed,
        s.bundles(),
        s.slots(),
        s.machine(),
        s.boot(),
        s.knobs(),
        s.steps(),
        s.file(),
        s.sites(),
        s.always());
  }
}
