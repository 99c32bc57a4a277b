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
    return outcome.result().exitCode();
  }
}
