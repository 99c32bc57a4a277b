package org.kmodel.thp.ingens;

import java.util.ArrayList;
import java.util.List;

/**
 * One process's standing in a pass of fair promotion: its share, the huge pages it holds (how many
 * of them idle), and its candidate ranges in address order. Lives for one pass.
 */
final class ProcessShare {
  private final int index;
  private final String pid;
  private final long share;
  private long hugePages;
  private long idleHugePages;
  private final List<Long> candidates = new ArrayList<>();
  private int next;

  /**
   * @param index the process's position in creation order, which breaks ties
   * @param share its share of huge pages, at least 1 (equal shares: 1 each)
   */
  ProcessShare(int index, String pid, long share) {
    if (share < 1) {
      throw new IllegalArgumentException("a share is at least 1: " + share);
    }
    this.index = index;
    this.pid = pid;
    this.share = share;
  }

  int index() {
    return index;
  }

  long share() {
    return share;
  }

  /** Records a huge page the process holds, idle or not. */
  void holds(boolean idle) {
    hugePages++;
    if (idle) {
      idleHugePages++;
    }
  }

  /** Records a range that qualifies for promotion; ranges are added in address order. */
  void candidate(long start) {
    candidates.add(start);
  }

  boolean hasCandidates() {
    return next < candidates.size();
  }

  /** The next candidate range, removed from the list. */
  long takeCandidate() {
    if (!hasCandidates()) {
      throw new IllegalStateException(pid + " has no candidate left");
    }
    return candidates.get(next++);
  }

  /**
   * The huge pages held, each idle one weighted by {@code 1 + penalty/100}, in hundredths of a huge
   * page: the numerator of Ingens' fairness metric.
   */
  long weightedHundredths(long idlePenaltyPercent) {
    return hugePages * 100 + idleHugePages * idlePenaltyPercent;
  }
}
