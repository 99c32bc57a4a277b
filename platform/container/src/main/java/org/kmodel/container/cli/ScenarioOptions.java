package org.kmodel.container.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.kmodel.kernel.scenario.model.Scenario;
import org.kmodel.kernel.scenario.op.BadInputException;
import picocli.CommandLine.Option;

/**
 * Options every command that runs scenarios shares: the cost mode, the kernel release and file
 * access.
 */
final class ScenarioOptions {
  @Option(names = "--cost", paramLabel = "MODE", description = CostOption.DESCRIPTION)
  String cost;

  @Option(names = "--kernel", paramLabel = "RELEASE", description = KernelOption.DESCRIPTION)
  String kernel;

  @Option(names = "--allow-path", paramLabel = "DIR", description = PathOption.DESCRIPTION)
  List<Path> allowPaths = new ArrayList<>();

  /**
   * The scenario with the cost mode and release applied and its file paths checked, or {@code null}
   * after printing why not (exit code 2).
   */
  Scenario apply(Scenario s, PrintWriter err, String command) {
    Scenario out;
    try {
      out = KernelOption.apply(CostOption.apply(s, cost), kernel);
    } catch (IllegalArgumentException e) {
      err.println(command + ": " + e.getMessage());
      return null;
    }
    try {
      PathOption.check(out, allowPaths);
    } catch (BadInputException e) {
      err.println(e);
      return null;
    }
    return out;
  }
}
