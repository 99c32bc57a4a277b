package org.kmodel.container.cli;

import org.kmodel.kernel.cost.CostMode;
import org.kmodel.kernel.scenario.model.Scenario;

/** The {@code --cost} option the commands that run scenarios share. */
final class CostOption {
  static final String DESCRIPTION =
      "how much of the cost model runs: exact, fast (sequential first touches charged in closed"
          + " form, same figures) or off (no simulated CPU time); overrides the scenario's"
          + " machine.cost";

  private CostOption() {}

  /**
   * The scenario with the cost mode {@code option} names ({@code null}: as written).
   *
   * @throws IllegalArgumentException naming the option when it names no mode
   */
  static Scenario apply(Scenario s, String option) {
    if (option == null) {
      return s;
    }
    CostMode mode = CostMode.parse(option);
    if (mode == null) {
      throw new IllegalArgumentException("--cost " + option + ": expected " + CostMode.choices());
    }
    return s.withMachine(s.machine().withCost(mode));
  }
}
