package org.kmodel.api.fs;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * One guarded atomic step of a filesystem task. The kernel runs it only when {@link #ready()} holds
 * and runs it whole before any other step starts; tasks of writers, writeback, commit and
 * relocation interleave exactly between steps. Called on the simulation thread.
 */
@ConsumerType
public interface FsStep {

  /** The guard (e.g. "block group reservations == 0"); must not change state. */
  default boolean ready() {
    return true;
  }

  /** Does the step's work. */
  void run();

  /** A short description for timelines, e.g. {@code reserve extent in block group 1 GiB}. */
  String describe();

  /**
   * What the step reads and writes, for the explorer's partial-order reduction; asked before the
   * step runs. The default conflicts with every step, which is always sound.
   */
  default Footprint footprint() {
    return Footprint.EVERYTHING;
  }
}
