package org.kmodel.kernel.scenario.model;

/**
 * {@code swap: {slot: thp-policy, to: thp-never, wait: 10s}}: replaces the plugin in a slot at this
 * point of the run.
 *
 * @param where where the op is written
 * @param slot the slot: one of {@code arch, allocator, thp-policy, filesystem, relocation}
 * @param to the bundle or service name of the implementation to put in the slot
 * @param waitMillis how long, in wall-clock milliseconds, to wait for the implementation to appear
 *     (e.g. while a bundle is deployed); 0 unless given
 */
public record Swap(Location where, String slot, String to, long waitMillis) implements Step {

  @Override
  public String op() {
    return "swap";
  }
}
