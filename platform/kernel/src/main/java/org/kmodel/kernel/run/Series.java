package org.kmodel.kernel.run;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run's time series, from its {@code sample} step: the simulated times sampled, and per metric
 * its value at each. A value that could not be read then (the process had exited) is NaN.
 *
 * @param everyNanos the sampling period; 0 when the run did not sample
 * @param timesNanos the simulated time of each sample: the {@code sample} step's time, every {@code
 *     everyNanos} after it, and the run's end
 * @param values each metric's values, one per time, in the order the step names them
 * @param truncated whether the run outlived {@link Sampler#MAX_SAMPLES} samples and stopped
 *     recording
 */
public record Series(
    long everyNanos, long[] timesNanos, Map<String, double[]> values, boolean truncated) {
  /** No time series: the run had no {@code sample} step. */
  public static final Series NONE = new Series(0, new long[0], Map.of(), false);

  public Series {
    values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  public boolean isEmpty() {
    return timesNanos.length == 0;
  }

  /** The metrics, in the order the step names them. */
  public List<String> metrics() {
    return List.copyOf(values.keySet());
  }
}
