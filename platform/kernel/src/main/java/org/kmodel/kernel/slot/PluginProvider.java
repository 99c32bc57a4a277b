package org.kmodel.kernel.slot;

import org.kmodel.api.Plugin;
import org.kmodel.api.SlotId;

/**
 * One implementation offered for a slot — in the container an OSGi service, in a kernel test a
 * hand-made instance. The kernel sees providers only through this interface (rule 1: the kernel
 * core knows no OSGi).
 */
public interface PluginProvider {

  SlotId<?> slot();

  /** Unique and stable for the provider's life (the OSGi service id); lower = registered first. */
  long id();

  /** The implementation's name ({@code kmodel.name}), e.g. {@code thp-linux}. */
  String name();

  /** Symbolic name of the bundle that provides it. */
  String bundle();

  /** Version of that bundle. */
  String bundleVersion();

  /** {@code service.ranking}; the highest wins when no name is pinned. */
  int ranking();

  /**
   * An instance for this kernel (a fresh one for prototype-scope services).
   *
   * @throws RuntimeException when the provider cannot produce one; the kernel records it and keeps
   *     the slot's previous implementation
   */
  Plugin acquire();

  /** Gives back an instance obtained from {@link #acquire()}. */
  void release(Plugin instance);

  /** Whether {@code reference} names this provider: its implementation or its bundle name. */
  default boolean answersTo(String reference) {
    return name().equals(reference) || bundle().equals(reference);
  }

  default String describe() {
    return name() + " (" + bundle() + " " + bundleVersion() + ")";
  }
}
