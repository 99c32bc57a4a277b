package org.kmodel.kernel.slot;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.kmodel.api.Plugin;
import org.kmodel.api.Slot;

/** A provider filled by hand, as a kernel test does without Felix. */
public final class HandProvider implements PluginProvider {
  private static final AtomicLong IDS = new AtomicLong();

  private final Slot slot;
  private final String name;
  private final int ranking;
  private final Supplier<? extends Plugin> factory;
  private final long id = IDS.incrementAndGet();
  public int acquired;
  public int released;

  public HandProvider(Slot slot, String name, int ranking, Supplier<? extends Plugin> factory) {
    this.slot = slot;
    this.name = name;
    this.ranking = ranking;
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
    return "test." + name;
  }

  @Override
  public String bundleVersion() {
    return "1.0.0";
  }

  @Override
  public int ranking() {
    return ranking;
  }

  @Override
  public Plugin acquire() {
    acquired++;
    return factory.get();
  }

  @Override
  public void release(Plugin instance) {
    released++;
  }
}
