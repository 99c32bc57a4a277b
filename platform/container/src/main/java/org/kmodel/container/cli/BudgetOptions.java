package org.kmodel.container.cli;

import java.io.PrintWriter;
import org.kmodel.kernel.run.RunOptions;
import org.kmodel.kernel.scenario.value.Durations;
import picocli.CommandLine.Option;

/** The budgets of the commands that run a scenario to its end: steps and simulated time. */
final class BudgetOptions {
  @Option(
      names = "--max-steps",
      paramLabel = "N",
      description =
          "stop a run after N steps, its tasks' and kernel threads' together, with exit code 3"
              + " (default: ${DEFAULT-VALUE})")
  long maxSteps = RunOptions.DEFAULT_MAX_STEPS;

  @Option(
      names = "--max-time",
      paramLabel = "DURATION",
      description =
          "stop a run once its simulated clock passes DURATION, with exit code 3 (default: 8760h,"
              + " a year)")
  String maxTime = "8760h";

  /** The options with the budgets applied, or {@code null} after printing why not (exit code 2). */
  RunOptions apply(RunOptions options, PrintWriter err, String command) {
    long maxNanos;
    try {
      maxNanos = Durations.parse(maxTime);
    } catch (IllegalArgumentException e) {
      err.println(command + ": --max-time: " + e.getMessage());
      return null;
    }
    if (maxSteps < 1 || maxNanos < 1) {
      err.println(command + ": --max-steps and --max-time must be positive");
      return null;
    }
    return options.withBudget(maxSteps, maxNanos);
  }
}
