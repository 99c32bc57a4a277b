package org.kmodel.container.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.kmodel.container.KmodelHome;
import org.kmodel.container.Launch;
import org.kmodel.container.ScenarioSession;
import org.kmodel.kernel.run.RunOptions;
import org.kmodel.kernel.run.RunResult;
import org.kmodel.kernel.scenario.model.Sample;
import org.kmodel.kernel.scenario.model.Scenario;
import org.kmodel.kernel.scenario.op.BadInputException;
import org.kmodel.kernel.scenario.op.Operations;
import org.kmodel.kernel.scenario.parse.ScenarioException;
import org.kmodel.kernel.scenario.value.Durations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kmodel run [--json] FILE}. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = "Run a scenario file and report counters, events and failed expectations.")
final class RunCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "FILE", description = "the scenario (YAML)")
  Path file;

  @Option(names = "--json", description = "print one JSON object instead of the summary")
  boolean json;

  @Option(
      names = "--show",
      paramLabel = "PATH",
      description =
          "print a file after the run, e.g. /proc/vmstat, /proc/meminfo, /proc/buddyinfo or a"
              + " knob path (repeatable)")
  List<String> show = new ArrayList<>();

  @Option(
      names = "--wait-for-slots",
      paramLabel = "DURATION",
      defaultValue = "10s",
      description =
          "how long a run paused on an empty plugin slot waits for a bundle to be deployed"
              + " (default: ${DEFAULT-VALUE})")
  String slotWait;

  @Option(
      names = "--deploy",
      paramLabel = "DIR",
      description = "hot-deploy directory to watch (default: deploy/ of the kmodel home)")
  Path deploy;

  @Option(names = "--no-deploy", description = "do not watch a hot-deploy directory")
  boolean noDeploy;

  @Option(
      names = "--replay",
      paramLabel = "TOKEN",
      description = "interleave concurrent tasks exactly as a token from 'kmodel explore' says")
  String replay;

  @Option(
      names = "--no-debug-vm",
      description =
          "do not run the invariant checker after every step (for very large machines; it is on"
              + " by default)")
  boolean noDebugVm;

  @Option(
      names = "--random-schedule",
      description = "interleave concurrent tasks by seeded random choice instead of in order")
  boolean randomSchedule;

  @Option(
      names = "--csv",
      paramLabel = "FILE",
      description =
          "write the time series of the scenario's sample step as CSV: time_ns, then one column"
              + " per metric")
  Path csv;

  @Option(
      names = "--plot",
      paramLabel = "FILE",
      description =
          "draw the time series of the scenario's sample step: FILE.svg (a line chart per metric)"
              + " or FILE.html (a report: summary, phases, counters and the charts)")
  Path plot;

  @Mixin ScenarioOptions scenarioOptions;

  @Mixin BudgetOptions budgetOptions;

  @Mixin OutputOptions output;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (output.conflict(err, "kmodel")) {
      return 2;
    }
    Scenario scenario;
    try {
      scenario = Operations.parser().parse(file);
    } catch (ScenarioException e) {
      err.println(e.getMessage());
      return 2;
    }
    scenario = scenarioOptions.apply(scenario, err, "kmodel");
    if (scenario == null) {
      return 2;
    }
    if ((csv != null || plot != null)
        && Operations.flatten(scenario.steps()).stream().noneMatch(Sample.class::isInstance)) {
      err.println(
          "kmodel: "
              + (csv != null ? "--csv" : "--plot")
              + ": the scenario has no sample step, so there is no time series to write (add"
              + " 'sample: {every: 10ms, metrics: [...]}')");
      return 2;
    }
    if (plot != null && !plot.toString().endsWith(".svg") && !plot.toString().endsWith(".html")) {
      err.println("kmodel: --plot " + plot + ": the file must end in .svg or .html");
      return 2;
    }
    long waitMillis;
    try {
      waitMillis = Duration.ofNanos(Durations.parse(slotWait)).toMillis();
    } catch (IllegalArgumentException e) {
      err.println("kmodel: --wait-for-slots: " + e.getMessage());
      return 2;
    }
    if (deploy != null && !noDeploy && !java.nio.file.Files.isDirectory(deploy)) {
      err.println("kmodel: --deploy " + deploy + ": no such directory");
      return 2;
    }
    Launch launch = new Launch(KmodelHome.locate());
    Path deployDir = noDeploy ? null : deploy != null ? deploy : launch.home().deploy();
    RunOptions options =
        budgetOptions.apply(
            new RunOptions(waitMillis, show, randomSchedule, !noDebugVm), err, "kmodel");
    if (options == null) {
      return 2;
    }
    int[] choices = null;
    if (replay != null) {
      try {
        org.kmodel.kernel.explore.ReplayToken.Decoded token =
            org.kmodel.kernel.explore.ReplayToken.read(replay);
        if (token.fingerprint() >= 0
            && token.fingerprint() != ScenarioSession.fingerprint(scenario)) {
          err.println(
              "kmodel: --replay: the token was found on another scenario (or another version of"
                  + " this one); explore this one for its own tokens");
          return 2;
        }
        choices = token.choices();
      } catch (IllegalArgumentException e) {
        err.println("kmodel: --replay: " + e.getMessage());
        return 2;
      }
    }
    ScenarioSession.Outcome outcome;
    try {
      outcome = new ScenarioSession(launch).run(scenario, options, deployDir, choices);
    } catch (BadInputException e) {
      err.println(e);
      return 2;
    }
    outcome.bundleProblems().forEach(p -> err.println("kmodel: " + p));
    if (json) {
      out.println(ResultJson.render(file.toString(), outcome));
    } else {
      ResultText.print(out, file.toString(), outcome);
    }
    if (outcome.result().badInput()) {
      outcome.result().failures().forEach(f -> err.println(f));
    }
    out.flush();
    if (!writeSeries(outcome.result(), err)) {
      return 2;
    }
    return outcome.result().exitCode();
  }

  /** Writes --csv and --plot; false (said on err) when a file cannot be written. */
  private boolean writeSeries(RunResult r, PrintWriter err) {
    Path current = null;
    try {
      if (csv != null) {
        current = csv;
        AtomicFile.write(csv, SeriesOutput.csv(r.series()));
        err.println("kmodel: time series written to " + csv);
      }
      if (plot != null) {
        current = plot;
        AtomicFile.write(
            plot,
            plot.toString().endsWith(".html")
                ? SeriesOutput.html(file.toString(), r)
                : SeriesOutput.svg(r.series()));
        err.println("kmodel: plot written to " + plot);
      }
      return true;
    } catch (java.io.IOException e) {
      err.println("kmodel: cannot write " + current + ": " + e.getMessage());
      return false;
    }
  }
}
