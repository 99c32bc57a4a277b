package org.kmodel.kernel.scenario.model;

import java.util.List;

/**
 * {@code expect: {metric: value, ...}}: fails the run (exit 1) unless every metric matches.
 *
 * @param where where the op is written
 * @param expectations the metrics and what they must match, in order
 */
public record Expect(Location where, List<Expectation> expectations) implements Step {

  /** Copies the expectations. */
  public Expect {
    expectations = List.copyOf(expectations);
  }

  @Override
  public String op() {
    return "expect";
  }
}
