package org.kmodel.api;

import org.kmodel.api.arch.Architecture;
import org.kmodel.api.counter.Counters;
import org.kmodel.api.knob.Knobs;
import org.kmodel.api.mm.FrameTable;

/**
 * What the kernel hands a plugin in {@link Plugin#attach}. Valid until the plugin is detached; use
 * it only on the simulation thread.
 */
public interface PluginContext {

  /** The knob tree. Knobs registered here are owned by the plugin and removed when it detaches. */
  Knobs knobs();

  /** The counter registry. Counters outlive the plugin that registered them, as in vmstat. */
  Counters counters();

  /** Records an event in the run's event log at the current simulated time. */
  void event(String type, String message);

  /**
   * The value of {@code key=value} on the kernel command line ({@code boot:} in a scenario), or
   * {@code null} when the command line does not name the key.
   */
  String bootParameter(String key);

  /** The architecture currently attached; {@code null} only while the architecture attaches. */
  Architecture architecture();

  /** The physical frames of the machine, for allocators that rebuild their lists from them. */
  FrameTable frames();

  /** Simulated time in nanoseconds since boot. */
  long nowNanos();
}
