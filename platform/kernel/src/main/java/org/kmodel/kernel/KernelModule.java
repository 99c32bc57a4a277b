package org.kmodel.kernel;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import org.kmodel.kernel.sim.Engine;
import org.kmodel.kernel.sim.SimClock;

/**
 * Assembles one kernel. Everything here is plain Java: the container adds the OSGi bridge from
 * outside by feeding {@link org.kmodel.kernel.slot.SlotTable}; a kernel test feeds it by hand.
 */
public final class KernelModule extends AbstractModule {
  private final KernelConfig config;

  public KernelModule(KernelConfig config) {
    this.config = config;
  }

  @Override
  protected void configure() {
    bind(KernelConfig.class).toInstance(config);
    bind(SimClock.class).in(Singleton.class);
  }

  @Provides
  @Singleton
  Engine engine(SimClock clock) {
    return new Engine(clock);
  }
}
