package org.kmodel.api;

import org.kmodel.api.counter.Counters;
import org.kmodel.api.knob.Knobs;
import org.kmodel.api.machine.FrameTable;
import org.kmodel.api.machine.MachineGeometry;
import org.osgi.annotation.versioning.ProviderType;

/**
 * What the kernel hands a plugin in {@link Plugin#attach}. Valid until the plugin is detached; use
 * it only on the simulation thread. The kernel implements it; a test may use the test kit's fake.
 */
@ProviderType
public interface PluginContext {

  /** The knob tree. Knobs registered here are owned by the plugin and removed when it detaches. */
  Knobs knobs();

  /** The counter registry. Counters outlive the plugin that registered them, as in vmstat. */
  Counters counters();

  /** Records an event in the run's event log at the current simulated time. */
  void event(String type, String message);

  /**
   * The value of {@code key=value} on the kernel command line ({@code boot:} in a scenario), or
   * {@code null} when the command line does not name it; a bare word has the empty value.
   */
  String bootParameter(String key);

  /**
   * The machine's geometry, pinned by the architecture at boot; {@code null} only while the
   * architecture itself attaches.
   */
  MachineGeometry geometry();

  /**
   * The physical frames of the machine, for allocators that rebuild their lists from them; {@code
   * null} only while the architecture attaches.
   */
  FrameTable frames();

  /** Simulated time in nanoseconds since boot. */
  long nowNanos();

  /**
   * The Linux release whose behaviour the kernel models (a scenario's {@code machine.kernel}, the
   * newest modelled release unless it says otherwise); the same for the whole run. A policy that
   * follows Linux gates what changed between releases on it.
   *
   * @since 2.1
   */
  KernelVersion kernelVersion();
}
