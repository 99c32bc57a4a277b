package org.kmodel.kernel.sim;

/**
 * Simulated time in nanoseconds since boot. Only the simulation thread advances it; it never goes
 * backwards.
 */
public final class SimClock {
  private long now;

  public long nowNanos() {
    return now;
  }

  /** Charges {@code nanos} of simulated time to the step that is running. */
  public void advance(long nanos) {
    if (nanos < 0) {
      throw new IllegalArgumentException("time cannot go backwards: " + nanos);
    }
    now += nanos;
  }

  /** Jumps to {@code when} if it lies ahead (used when every task sleeps). */
  public void advanceTo(long when) {
    if (when > now) {
      now = when;
    }
  }

  /** Formats a nanosecond count the way scenarios write durations, e.g. {@code 10.000s}. */
  public static String format(long nanos) {
    if (nanos % 1_000_000_000L == 0) {
      return nanos / 1_000_000_000L + "s";
    }
    if (nanos % 1_000_000L == 0) {
      return nanos / 1_000_000L + "ms";
    }
    if (nanos % 1_000L == 0) {
      return nanos / 1_000L + "us";
    }
    return nanos + "ns";
  }
}
