package org.kmodel.kernel.scenario.model;

/**
 * {@code sleep: 30s} or {@code sleep: {duration: 30s}}: advances simulated time while kernel
 * threads run.
 *
 * @param where where the op is written
 * @param nanos how long, in nanoseconds
 */
public record Sleep(Location where, long nanos) implements Step {

  @Override
  public String op() {
    return "sleep";
  }
}
