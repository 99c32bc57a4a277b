package org.kmodel.kernel.sim;

import org.kmodel.api.fs.Footprint;

/**
 * A guarded atomic step: the unit of simulated concurrency. The engine runs a step only when its
 * guard holds, and runs it to completion before any other step starts, so tasks interleave exactly
 * between steps.
 */
public interface SimStep {

  /** The guard, e.g. "block group reservations == 0". Must not change state. */
  default boolean ready() {
    return true;
  }

  /** Does the step's work. May charge simulated time or put its task to sleep. */
  void run();

  /** A short human-readable description for timelines and logs. */
  String describe();

  /**
   * What the step reads and writes, asked just before it runs, for the explorer's partial-order
   * reduction. The default conflicts with everything: scenario steps, kernel threads and waits.
   */
  default Footprint footprint() {
    return Footprint.EVERYTHING;
  }
}
