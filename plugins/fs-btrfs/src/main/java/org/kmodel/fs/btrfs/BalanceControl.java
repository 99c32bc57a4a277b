package org.kmodel.fs.btrfs;

import org.kmodel.api.fs.BalanceFilter;

/**
 * A running balance ({@code btrfs_balance_control}): its filter, the walk's position (groups are
 * visited from the highest logical start down, so chunks it allocates are not visited), its
 * progress counters and the cancel request.
 */
final class BalanceControl {
  final BalanceFilter filter;
  long cursor = Long.MAX_VALUE;
  int considered;
  int selected;
  int relocated;
  int enospc;
  boolean currentSelected;
  boolean cancel;

  BalanceControl(BalanceFilter filter) {
    this.filter = filter;
  }

  /** {@code should_balance_chunk}: the type, usage and limit filters. */
  boolean accepts(BlockGroup g) {
    if (filter.type() != null && filter.type() != g.type) {
      return false;
    }
    if (filter.usagePercent() >= 0) {
      int usage = filter.usagePercent();
      long threshold = usage == 0 ? 1 : usage >= 100 ? g.length : g.length / 100 * usage;
      if (g.used >= threshold) {
        return false;
      }
    }
    return true;
  }

  boolean limitReached() {
    return filter.limit() >= 0 && selected >= filter.limit();
  }

  void hash(StateHash h) {
    h.mix(cursor).mix(considered).mix(selected).mix(relocated).mix(enospc);
    h.mix(currentSelected).mix(cancel);
  }
}
