package org.kmodel.thp.ingens;

import java.util.HashMap;
import java.util.Map;

/**
 * Idle huge pages, from the accessed bits each pass samples and clears: for every huge range, the
 * passes in a row that found it not accessed. A range not sampled in a pass (demoted, unmapped, its
 * process gone) is forgotten when the pass ends, so the bookkeeping follows the page tables.
 */
final class IdleTracker {
  private Map<String, Map<Long, Integer>> previous = new HashMap<>();
  private Map<String, Map<Long, Integer>> current = new HashMap<>();

  /**
   * Records this pass's sample of the huge range at {@code start}.
   *
   * @return the samples in a row that found it idle, this one included; 0 when it was accessed
   */
  int sample(String pid, long start, boolean accessed) {
    int idle = 0;
    if (!accessed) {
      Map<Long, Integer> before = previous.get(pid);
      Integer count = before == null ? null : before.get(start);
      idle = count == null ? 1 : count + 1;
    }
    current.computeIfAbsent(pid, p -> new HashMap<>()).put(start, idle);
    return idle;
  }

  /** Ends a pass: what it sampled is what the next pass compares with. */
  void endPass() {
    previous = current;
    current = new HashMap<>();
  }
}
