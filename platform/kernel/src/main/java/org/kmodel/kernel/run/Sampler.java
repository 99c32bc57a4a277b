package org.kmodel.kernel.run;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kmodel.kernel.scenario.model.Location;
import org.kmodel.kernel.scenario.op.BadInputException;
import org.kmodel.kernel.scenario.op.MetricFamilies;
import org.kmodel.kernel.scenario.op.StepContext;

/**
 * Records metrics at fixed points of simulated time. The engine runs whole steps, so a sample is
 * taken after the step during which its time came (or when the clock next moves past it): a sample
 * at time T shows the state after every step that began before T. Metrics are read once per point
 * reached, however many sampling times a long step or a sleep jumped over; the times between get
 * the same values, which is what the state was.
 */
final class Sampler {
  /** The most samples a run keeps; sampling stops there and the series says it was cut. */
  static final int MAX_SAMPLES = 1_000_000;

  private final StepContext ctx;
  private final Location where;
  private final long every;
  private final List<String> metrics;
  private long next;
  private long[] times = new long[64];
  private final double[][] values;
  private int n;
  private boolean truncated;

  Sampler(StepContext ctx, Location where, long everyNanos, List<String> metrics, long now) {
    this.ctx = ctx;
    this.where = where;
    this.every = everyNanos;
    this.metrics = List.copyOf(metrics);
    this.values = new double[metrics.size()][64];
    this.next = now;
    for (String m : metrics) {
      MetricFamilies.resolve(ctx, m, where);
    }
  }

  /** Takes every sample whose time has come by {@code now}. */
  void catchUp(long now) {
    if (now < next || truncated) {
      return;
    }
    long due = (now - next) / every + 1;
    if (n + due > MAX_SAMPLES) {
      due = MAX_SAMPLES - n;
      truncated = true;
    }
    double[] read = read();
    for (long i = 0; i < due; i++) {
      append(next, read);
      next += every;
    }
  }

  /** The series at the run's end, {@code now}: a last sample unless one was taken at that time. */
  Series finish(long now) {
    catchUp(now);
    if (!truncated && (n == 0 || times[n - 1] != now)) {
      append(now, read());
    }
    Map<String, double[]> out = new LinkedHashMap<>();
    for (int m = 0; m < metrics.size(); m++) {
      out.put(metrics.get(m), Arrays.copyOf(values[m], n));
    }
    return new Series(every, Arrays.copyOf(times, n), out, truncated);
  }

  private double[] read() {
    double[] v = new double[metrics.size()];
    for (int m = 0; m < v.length; m++) {
      v[m] = numeric(metrics.get(m));
    }
    return v;
  }

  private double numeric(String metric) {
    Object value;
    try {
      value = MetricFamilies.resolve(ctx, metric, where);
    } catch (BadInputException e) {
      return Double.NaN;
    }
    if (value instanceof Number number) {
      return number.doubleValue();
    }
    if (value instanceof Boolean b) {
      return b ? 1 : 0;
    }
    return Double.NaN;
  }

  private void append(long time, double[] read) {
    if (n == times.length) {
      times = Arrays.copyOf(times, n * 2);
      for (int m = 0; m < values.length; m++) {
        values[m] = Arrays.copyOf(values[m], n * 2);
      }
    }
    times[n] = time;
    for (int m = 0; m < values.length; m++) {
      values[m][n] = read[m];
    }
    n++;
  }
}
