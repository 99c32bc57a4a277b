package org.kmodel.kernel.slot;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.kmodel.api.Plugin;
import org.kmodel.api.SlotId;

/**
 * A provider filled by hand, as the container fills one from an OSGi service: a plain Java plugin
 * class offered for one slot, a fresh instance per {@link #acquire()} (prototype scope). This is
 * how a kernel runs without Felix — in kernel tests, benchmarks, or an embedding program:
 *
 * <pre>
 * kernel.slots().offer(SlotUpdate.added(new ManualProvider(PageAllocator.SLOT, "mine", 10, Mine::new)));
 * kernel.slots().applyPending();
 * </pre>
 */
public final class ManualProvider implements PluginProvider {
  private static final AtomicLong IDS = new AtomicLong();

  private final SlotId<?> slot;
  private final String name;
  private final int ranking;
  private final Supplier<? extends Plugin> factory;
  private final long id = IDS.incrementAndGet();
  private int released;

  public ManualProvider(
      SlotId<?> slot, String name, int ranking, Supplier<? extends Plugin> factory) {
    this.slot = slot;
    this.name = name;
    this.ranking = ranking;
    this.factory = factory;
  }

  @Override
  public SlotId<?> slot() {
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

  /** There is no bundle: the name stands for it, prefixed {@code manual.}. */
  @Override
  public String bundle() {
    return "manual." + name;
  }

  @Override
  public String bundleVersion() {
    return "0.0.0";
  }

  @Override
  public int ranking() {
    return ranking;
  }

  @Override
  public Plugin acquire() {
    return factory.get();
  }

  @Override
  public void release(Plugin instance) {
    released++;
  }

  /** Instances given back so far. */
  public int released() {
    return released;
  }
}
