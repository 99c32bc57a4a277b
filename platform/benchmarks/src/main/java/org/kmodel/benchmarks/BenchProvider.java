package org.kmodel.benchmarks;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.kmodel.api.Plugin;
import org.kmodel.api.Slot;
import org.kmodel.kernel.slot.PluginProvider;

/**
 * A provider filled by hand, as the container would fill it from an OSGi service: one plain Java
 * plugin class offered for one slot, a fresh instance per {@link #acquire()} (prototype scope).
 */
final class BenchProvider implements PluginProvider {
  private static final AtomicLong IDS = new AtomicLong();

  private final Slot slot;
  private final String name;
  private final Supplier<? extends Plugin> factory;
  private final long id = IDS.incrementAndGet();

  BenchProvider(Slot slot, String name, Supplier<? extends Plugin> factory) {
    this.slot = slot;
    this.name = name;
    this.factory = factory;
  }

  @Override
  public Slot slot() {
    return slot;
  }

  @Override
  public long id() {
    return id;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String bundle() {
    return "bench." + name;
  }

  @Override
  public String bundleVersion() {
    return "0.0.0";
  }

  @Override
  public int ranking() {
    return 100;
  }

  @Override
  public Plugin acquire() {
    return factory.get();
  }

  @Override
  public void release(Plugin instance) {}
}
