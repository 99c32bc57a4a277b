package org.kmodel.kernel.slot;

/**
 * A change in the implementations offered for a slot. The container creates these on Felix threads;
 * the kernel applies them on the simulation thread between two steps.
 */
public record SlotUpdate(Kind kind, PluginProvider provider) {
  public enum Kind {
    ADDED,
    REMOVED
  }

  public static SlotUpdate added(PluginProvider p) {
    return new SlotUpdate(Kind.ADDED, p);
  }

  public static SlotUpdate removed(PluginProvider p) {
    return new SlotUpdate(Kind.REMOVED, p);
  }
}
