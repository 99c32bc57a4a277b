package org.kmodel.kernel.scenario.model;

/**
 * {@code relocate: {group: 1}}: relocates one block group with the strategy in the {@code
 * relocation} slot.
 *
 * @param where where the op is written
 * @param group which block group, by number: groups are numbered from 0 in logical order as they
 *     appear, and a number keeps naming its group after others are removed; at least 0
 */
public record Relocate(Location where, int group) implements Step {

  @Override
  public String op() {
    return "relocate";
  }
}
