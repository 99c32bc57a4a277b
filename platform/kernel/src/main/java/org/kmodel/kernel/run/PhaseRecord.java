package org.kmodel.kernel.run;

/**
 * One named phase of a run ({@code phase: NAME} steps), with the simulated time it spanned and the
 * steps it ran.
 */
public record PhaseRecord(String name, long startNanos, long endNanos, long steps) {
  public long durationNanos() {
    return endNanos - startNanos;
  }
}
