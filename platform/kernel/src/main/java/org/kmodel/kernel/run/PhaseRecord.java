package org.kmodel.kernel.run;

import org.kmodel.kernel.cost.PhaseCosts;

/**
 * One named phase of a run ({@code phase: NAME} steps), with the simulated time it spanned, the
 * steps it ran and what the cost model counted in it.
 */
public record PhaseRecord(
    String name, long startNanos, long endNanos, long steps, PhaseCosts costs) {
  public long durationNanos() {
    return endNanos - startNanos;
  }
}
