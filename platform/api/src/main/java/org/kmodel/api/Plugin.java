package org.kmodel.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A policy-bearing part of the model that fills one slot ({@link SlotId}) of a kernel.
 *
 * <p>Life cycle, as the caller may rely on it: the kernel calls {@link #attach} once when it puts
 * this instance into a slot and {@link #detach} once when it takes it out (a swap, or the end of a
 * run). Both are called on the kernel's simulation thread, between two simulation steps, never
 * during one. Every other method of a plugin contract is called on that same thread and only
 * between {@code attach} and {@code detach}.
 *
 * <p>An instance serves one kernel at a time. Plugins should be registered with prototype service
 * scope so that each kernel gets its own instance; an instance attached again starts its
 * bookkeeping fresh.
 *
 * <p>Authoritative state (frames, page tables, counters, knobs) belongs to the kernel: a plugin
 * keeps only strategy and whatever it can rebuild from the kernel in {@code attach}.
 */
@ConsumerType
public interface Plugin {

  /**
   * The service property holding an implementation's name, e.g. {@code thp-linux}; scenarios pin
   * and swap implementations by it.
   */
  String NAME_PROPERTY = "kmodel.name";

  /**
   * Adopts the kernel state this plugin needs. Knobs registered through {@code context} are removed
   * again when the plugin is detached. A runtime exception thrown here makes the kernel refuse the
   * plugin: the slot keeps (or returns to) its previous implementation.
   */
  void attach(PluginContext context);

  /** Releases what {@link #attach} adopted. The default does nothing. */
  default void detach() {}
}
