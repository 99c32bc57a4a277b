package org.kmodel.kernel.scenario.model;

/**
 * {@code balance: {type: data, usage: 50, limit: 2}}: relocates every block group the filters
 * select, highest logical address first, as {@code btrfs balance start} does.
 *
 * @param where where the op is written
 * @param type only groups of this type: {@code data}, {@code metadata} or {@code system}; null for
 *     all
 * @param usage only groups whose used bytes are below this percentage (0 to 100) of their length;
 *     -1 for no usage filter
 * @param limit at most this many groups (at least 1); -1 for no limit
 */
public record Balance(Location where, String type, int usage, int limit) implements Step {

  @Override
  public String op() {
    return "balance";
  }
}
