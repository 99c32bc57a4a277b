package org.kmodel.kernel.scenario.parse;

import java.util.List;
import java.util.stream.Collectors;
import org.kmodel.kernel.scenario.model.Problem;

/**
 * A scenario file that cannot be run: carries every problem found, sorted by position, so that a
 * user fixes them all in one pass instead of one per run. The message lists them one per line as
 * {@code file:line:column: message}; callers exit with code 2.
 */
public final class ScenarioException extends Exception {

  private final List<Problem> problems;

  /**
   * Creates the exception.
   *
   * @param problems at least one problem, in the order to report them
   */
  public ScenarioException(List<Problem> problems) {
    super(problems.stream().map(Problem::toString).collect(Collectors.joining("\n")));
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a ScenarioException needs at least one problem");
    }
    this.problems = List.copyOf(problems);
  }

  /** The problems, in the order they are reported. */
  public List<Problem> problems() {
    return problems;
  }
}
