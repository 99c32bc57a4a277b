package org.kmodel.api.fs;

/**
 * Which block groups a balance relocates, as {@code btrfs balance start} filters them.
 *
 * @param type only groups of this type, or {@code null} for all
 * @param usagePercent only groups with used below this percentage of their length, or -1
 * @param limit at most this many groups, or -1
 */
public record BalanceFilter(BlockGroupType type, int usagePercent, int limit) {
  public static final BalanceFilter ALL = new BalanceFilter(null, -1, -1);
}
