package org.kmodel.kernel.scenario.op;

import java.util.List;
import java.util.stream.Collectors;
import org.kmodel.kernel.scenario.model.Location;
import org.kmodel.kernel.scenario.model.Problem;

/**
 * Input the kernel cannot act on — an unknown knob, metric or implementation name, a size that is
 * not a whole number of the machine's pages. Stops the run; the command exits with code 2 and names
 * the place in the scenario of each problem.
 */
public final class BadInputException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient List<Problem> problems;

  public BadInputException(Location where, String message) {
    this(List.of(new Problem(where, message)));
  }

  /**
   * Several problems found at once.
   *
   * @param problems at least one, in the order to report them; the first is {@link #where()} and
   *     {@link #getMessage()}
   */
  public BadInputException(List<Problem> problems) {
    super(problems.get(0).message());
    this.problems = List.copyOf(problems);
  }

  /** Where the first problem is, or null when it concerns the run as a whole. */
  public Location where() {
    return problems.get(0).where();
  }

  /** Every problem, in order. */
  public List<Problem> problems() {
    return problems;
  }

  /** Each problem as {@code file:line:column: message}, one per line. */
  @Override
  public String toString() {
    return problems.stream()
        .map(p -> (p.where() == null ? "" : p.where() + ": ") + p.message())
        .collect(Collectors.joining("\n"));
  }
}
