package org.kmodel.container.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.kmodel.container.KmodelHome;
import org.kmodel.container.Launch;
import org.kmodel.container.ScenarioSession;
import org.kmodel.kernel.cost.PhaseCosts;
import org.kmodel.kernel.run.Failure;
import org.kmodel.kernel.run.MachineReport;
import org.kmodel.kernel.run.RunOptions;
import org.kmodel.kernel.run.RunResult;
import org.kmodel.kernel.scenario.model.Scenario;
import org.kmodel.kernel.scenario.op.BadInputException;
import org.kmodel.kernel.scenario.op.Operations;
import org.kmodel.kernel.scenario.parse.ScenarioException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code kmodel compare [--json|--csv] [--vary KEY=V1,V2,...]... [--chart FILE] FILE}: runs a
 * scenario once per combination of the {@code --vary} values and prints the phases' simulated time
 * side by side.
 */
@Command(
    name = "compare",
    mixinStandardHelpOptions = true,
    customSynopsis = {
      "kmodel compare [-hV] [--json | --csv] [--vary=KEY=V1,V2,...]...",
      "                      [--chart=FILE] [--jobs=N] [--no-debug-vm] FILE"
    },
    description =
        "Run a scenario once per variant (every combination of the --vary values, the first --vary"
            + " outermost) and compare the simulated time of its phases: a row per phase, a column"
            + " of µs per variant, and each variant's time over the first's.",
    footerHeading = "%nKeys of --vary:%n",
    footer = {
      "  /PATH                      a knob, written after the scenario's own knobs",
      "  bundles                    a bundle set of conf/bundle-sets.yaml",
      "  cpu                        a CPU profile: a name, or a file path",
      "  machine.nested.host_pages  a page size the architecture maps (4K, 2M on x86-64), or none",
      "  machine.cost               how much of the cost model runs: exact, fast or off",
      "  machine.kernel             the Linux release modelled: 2.6.38, 4.7, 5.8, 6.1, 6.12, 6.13...",
      "  boot                       the kernel command line, instead of the scenario's",
      "A comma inside a value is written \\, (boot=fail_page_alloc=1\\,50\\,0\\,5).",
      "",
      "Example:",
      "  kmodel compare --chart thp.png \\",
      "      --vary /sys/kernel/mm/transparent_hugepage/enabled=always,never \\",
      "      --vary machine.nested.host_pages=none,4K,2M scenarios/largepages3.yaml"
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:every variant ran and every expectation held",
      "1:a variant failed (an expectation, a step, a violation)",
      "2:bad input: the file (file:line:column), a --vary option or a variant's setting"
    })
final class CompareCommand implements Callable<Integer> {
  /** How long a run paused on an empty slot waits for a bundle: {@code kmodel run}'s default. */
  private static final long SLOT_WAIT_MILLIS = 10_000;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "FILE", description = "the scenario (YAML)")
  Path file;

  @ArgGroup(exclusive = true)
  Format format;

  /** {@code --json} or {@code --csv}; the table when neither. */
  static final class Format {
    @Option(
        names = "--json",
        required = true,
        description = "print one JSON object: per variant its settings, result and phases")
    boolean json;

    @Option(
        names = "--csv",
        required = true,
        description = "print CSV: a line per phase and variant with every cost figure")
    boolean csv;
  }

  @Option(
      names = "--vary",
      paramLabel = "KEY=V1,V2,...",
      description = "run with each of these values of KEY (repeatable; keys below)")
  List<String> vary = new ArrayList<>();

  @Option(
      names = "--chart",
      paramLabel = "FILE",
      description =
          "also draw the phases' simulated time as a grouped bar chart, PNG or SVG by the"
              + " extension of FILE")
  Path chart;

  @Option(
      names = "--no-debug-vm",
      description =
          "do not run the invariant checker after every step (it is on by default). It walks"
              + " every frame and page table each time: largepages3 (3 GiB, 9 steps) runs about"
              + " 10%% faster without it, 100 steps over 3 GiB of 4K pages 3x faster")
  boolean noDebugVm;

  @Option(
      names = "--jobs",
      paramLabel = "N",
      description =
          "run up to N variants at once, each in a framework of its own (default: the number of"
              + " processors, here ${DEFAULT-VALUE}); the report is the same for every N, only the"
              + " progress lines come in the order the variants finish. 1 runs them one after"
              + " another")
  int jobs = Runtime.getRuntime().availableProcessors();

  @Mixin ScenarioOptions scenarioOptions;

  @Mixin BudgetOptions budgetOptions;

  @Mixin OutputOptions output;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (output.conflict(err, "kmodel compare")) {
      return 2;
    }
    if (jobs < 1) {
      err.println("kmodel compare: --jobs " + jobs + ": must be at least 1");
      return 2;
    }
    // the runs' events go to the report, not stderr, unless --verbose or the user's -D says so
    if (System.getProperty(OutputOptions.EVENT_LOG_LEVEL) == null) {
      System.setProperty(OutputOptions.EVENT_LOG_LEVEL, "error");
    }
    List<Vary> varies;
    try {
      varies = Vary.parseAll(vary);
    } catch (IllegalArgumentException e) {
      err.println("kmodel compare: " + e.getMessage());
      return 2;
    }
    CompareChart.Format chartFormat = null;
    if (chart != null) {
      chartFormat = CompareChart.Format.of(chart);
      if (chartFormat == null) {
        err.println("kmodel compare: --chart " + chart + ": the file must end in .png or .svg");
        return 2;
      }
      Path dir = chart.toAbsolutePath().getParent();
      if (!Files.isDirectory(dir)) {
        err.println("kmodel compare: --chart " + chart + ": no directory " + dir);
        return 2;
      }
    }
    Scenario parsed;
    try {
      parsed = Operations.parser().parse(file);
    } catch (ScenarioException e) {
      err.println(e.getMessage());
      return 2;
    }
    Scenario scenario;
    scenario = scenarioOptions.apply(parsed, err, "kmodel compare");
    if (scenario == null) {
      return 2;
    }
    Launch launch = new Launch(KmodelHome.locate());
    String unknown = VaryCheck.unknownValue(varies, launch);
    if (unknown != null) {
      err.println("kmodel compare: " + unknown);
      return 2;
    }
    ScenarioSession session = new ScenarioSession(launch);
    RunOptions options =
        budgetOptions.apply(
            new RunOptions(SLOT_WAIT_MILLIS, List.of(), false, !noDebugVm), err, "kmodel compare");
    if (options == null) {
      return 2;
    }
    List<Variant> variants = Variant.expand(varies);
    Set<String> problems = new LinkedHashSet<>();
    boolean quiet = output.quiet();
    // a bad variant does not stop the others: its row is marked and the exit code says so
    List<Attempt> attempts =
        InOrder.run(
            jobs,
            variants.size(),
            i -> attempt(session, variants.get(i), scenario, options, launch),
            a -> false,
            (a, i) ->
                report(
                    err,
                    "[" + (i + 1) + "/" + variants.size() + "] " + variants.get(i).name(),
                    a,
                    problems,
                    quiet));
    List<CompareReport.Run> runs = new ArrayList<>();
    for (int i = 0; i < attempts.size(); i++) {
      runs.add(new CompareReport.Run(variants.get(i), attempts.get(i).result(scenario.name())));
    }
    CompareReport report = new CompareReport(scenario.name(), file.toString(), varies, runs);
    if (format != null && format.json) {
      out.println(report.json());
    } else if (format != null && format.csv) {
      report.printCsv(out);
    } else {
      report.printText(out);
    }
    out.flush();
    if (chartFormat != null) {
      try {
        CompareChart.write(report, chart, chartFormat);
        if (!output.quiet()) {
          err.println("kmodel compare: chart written to " + chart);
        }
      } catch (IOException e) {
        err.println("kmodel compare: cannot write the chart " + chart + ": " + e.getMessage());
        return 2;
      }
    }
    if (runs.stream().anyMatch(r -> r.result().badInput())) {
      return 2;
    }
    return runs.stream().allMatch(r -> r.result().ok()) ? 0 : 1;
  }

  /**
   * One variant's run: its outcome, or the bad input that kept it from running.
   *
   * @param started when it started (System.nanoTime)
   * @param ended when it ended (System.nanoTime)
   */
  private record Attempt(
      ScenarioSession.Outcome outcome, BadInputException badInput, long started, long ended) {
    /** The run's result; for a variant that could not run, one that says why. */
    RunResult result(String scenario) {
      if (outcome != null) {
        return outcome.result();
      }
      List<Failure> failures =
          badInput.problems().stream()
              .map(p -> new Failure(p.where().toString(), p.message()))
              .toList();
      return new RunResult(
          scenario,
          false,
          true,
          failures,
          Map.of(),
          Map.of(),
          List.of(),
          0,
          0,
          List.of(),
          Map.of(),
          Map.of(),
          "",
          0,
          "",
          "",
          PhaseCosts.ZERO,
          MachineReport.NONE,
          false);
    }

    /** Why the variant's input is bad, on one line; null when it is not. */
    String badInputReason() {
      if (badInput != null) {
        return badInput.toString();
      }
      RunResult r = outcome.result();
      return r.badInput()
          ? String.join("; ", r.failures().stream().map(Failure::toString).toList())
          : null;
    }
  }

  /**
   * Runs one variant in a container of its own: the session shares nothing mutable between runs, so
   * several may run at once.
   */
  private static Attempt attempt(
      ScenarioSession session,
      Variant variant,
      Scenario scenario,
      RunOptions options,
      Launch launch) {
    long started = System.nanoTime();
    try {
      ScenarioSession.Outcome outcome =
          session.run(variant.applyTo(scenario), options, launch.home().deploy());
      return new Attempt(outcome, null, started, System.nanoTime());
    } catch (BadInputException e) {
      return new Attempt(null, e, started, System.nanoTime());
    }
  }

  /**
   * Prints a finished variant's progress line (unless {@code quiet}), after any bundle problem not
   * printed before; a variant whose input is bad gets one line with the reason, quiet or not. Runs
   * finish in any order, so one at a time.
   */
  private static void report(
      PrintWriter err, String progress, Attempt a, Set<String> problems, boolean quiet) {
    String wall = String.format(Locale.ROOT, "%.1f s wall", (a.ended() - a.started()) / 1e9);
    String bad = a.badInputReason();
    synchronized (problems) {
      if (a.outcome() != null) {
        for (String p : a.outcome().bundleProblems()) {
          if (problems.add(p)) {
            err.println("kmodel: " + p);
          }
        }
      }
      if (bad != null) {
        err.printf("%s  BAD INPUT: %s%n", progress, bad);
      } else if (!quiet) {
        err.printf("%s  %s  %s%n", progress, CompareReport.status(a.outcome().result()), wall);
      }
      err.flush();
    }
  }
}
