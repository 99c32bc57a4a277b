package org.kmodel.kernel.slot;

import org.kmodel.api.Plugin;
import org.kmodel.api.SlotId;

/**
 * The holder through which the kernel calls one plugin. Hot paths read {@link #get()} — a plain
 * field read on the simulation thread, never a registry lookup. Only {@link SlotTable} changes the
 * occupant, and only between two steps.
 */
public final class PluginSlot<T extends Plugin> {
  private final SlotId<T> slot;
  private T current;
  private PluginProvider provider;

  PluginSlot(SlotId<T> slot) {
    this.slot = slot;
  }

  public SlotId<T> slot() {
    return slot;
  }

  /** The attached implementation, or {@code null} when the slot is empty. */
  public T get() {
    return current;
  }

  public boolean isEmpty() {
    return current == null;
  }

  /** Where the attached implementation came from, or {@code null}. */
  public PluginProvider provider() {
    return provider;
  }

  /** The implementation's name, or {@code "(empty)"}. */
  public String occupantName() {
    return provider == null ? "(empty)" : provider.name();
  }

  void set(Plugin plugin, PluginProvider from) {
    this.current = plugin == null ? null : slot.serviceType().cast(plugin);
    this.provider = from;
  }
}
