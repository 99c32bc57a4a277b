package org.kmodel.kernel.scenario.model;

import java.util.List;

/**
 * {@code sample: {every, metrics}}: from this step on, the run records the named metrics every
 * {@code every} of simulated time until it ends — a time series for {@code --json}, {@code --csv}
 * and {@code --plot}.
 *
 * @param where where the op is written
 * @param everyNanos the sampling period in simulated nanoseconds, positive
 * @param metrics the metrics, as {@code expect} names them, in the order written
 */
public record Sample(Location where, long everyNanos, List<String> metrics) implements Step {
  public Sample {
    metrics = List.copyOf(metrics);
  }

  @Override
  public String op() {
    return "sample";
  }
}
