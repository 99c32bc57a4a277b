package org.kmodel.kernel;

import org.kmodel.api.KernelVersion;
import org.kmodel.api.PluginContext;
import org.kmodel.api.counter.Counters;
import org.kmodel.api.knob.Knobs;
import org.kmodel.api.machine.FrameTable;
import org.kmodel.api.machine.MachineGeometry;
import org.kmodel.kernel.slot.PluginContextFactory;

/** The contexts the kernel attaches plugins with. */
final class KernelPluginContext implements PluginContextFactory {
  private final Kernel kernel;

  KernelPluginContext(Kernel kernel) {
    this.kernel = kernel;
  }

  @Override
  public PluginContext create(Object owner) {
    Knobs knobs = kernel.knobTree().viewFor(owner);
    return new PluginContext() {
      @Override
      public Knobs knobs() {
        return knobs;
      }

      @Override
      public Counters counters() {
        return kernel.counters();
      }

      @Override
      public void event(String type, String message) {
        kernel.events().record(type, message);
      }

      @Override
      public String bootParameter(String key) {
        return kernel.bootParameters().get(key);
      }

      @Override
      public MachineGeometry geometry() {
        return kernel.geometry();
      }

      @Override
      public FrameTable frames() {
        return kernel.memory();
      }

      @Override
      public long nowNanos() {
        return kernel.clock().nowNanos();
      }

      @Override
      public KernelVersion kernelVersion() {
        return kernel.config().kernel();
      }
    };
  }

  @Override
  public void release(Object owner) {
    kernel.knobTree().removeOwner(owner);
  }
}
