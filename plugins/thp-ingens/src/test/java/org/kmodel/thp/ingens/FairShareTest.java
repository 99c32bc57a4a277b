package org.kmodel.thp.ingens;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Each promotion goes to the process holding least for its share, idle pages weighing more. */
class FairShareTest {
  private static final long BASE = 1L << 30;
  private static final long HUGE = 2L << 20;

  private static ProcessShare process(int index, long share, int active, int idle, int wants) {
    ProcessShare p = new ProcessShare(index, "p" + index, share);
    for (int i = 0; i < active; i++) {
      p.holds(false);
    }
    for (int i = 0; i < idle; i++) {
      p.holds(true);
    }
    for (int i = 0; i < wants; i++) {
      p.candidate(BASE + i * HUGE);
    }
    return p;
  }

  /** Promotes {@code n} times and says which process got each. */
  private static String promote(List<ProcessShare> ps, int n, long penalty) {
    StringBuilder order = new StringBuilder();
    for (int i = 0; i < n; i++) {
      ProcessShare next = FairShare.next(ps, penalty);
      if (next == null) {
        break;
      }
      next.takeCandidate();
      next.holds(false);
      order.append(next.index());
    }
    return order.toString();
  }

  @Test
  void equalSharesTakeTurnsFirstCreatedFirst() {
    List<ProcessShare> ps = List.of(process(0, 1, 0, 0, 4), process(1, 1, 0, 0, 4));
    assertEquals("0101", promote(ps, 4, 50));
  }

  @Test
  void aProcessThatAlreadyHoldsHugePagesWaitsUntilTheOtherCatchesUp() {
    List<ProcessShare> ps = List.of(process(0, 1, 3, 0, 4), process(1, 1, 0, 0, 4));
    assertEquals("11101", promote(ps, 5, 50));
  }

  @Test
  void idleHugePagesCountWithThePenalty() {
    // p0 holds 2 idle huge pages (2 × 1.5 = 3), p1 holds 2 active ones (2): p1 is lower.
    List<ProcessShare> ps = List.of(process(0, 1, 0, 2, 1), process(1, 1, 2, 0, 2));
    assertSame(ps.get(1), FairShare.next(ps, 50));
    // p1 promoted once more holds 3 active = 3, equal to p0's penalised 3: p0 was created first.
    assertEquals("10", promote(ps, 2, 50));
    // Without a penalty idle pages count as one each.
    List<ProcessShare> fresh = List.of(process(0, 1, 0, 2, 1), process(1, 1, 2, 0, 2));
    assertSame(fresh.get(0), FairShare.next(fresh, 0));
  }

  @Test
  void sharesScaleTheMetric() {
    // p1 has twice p0's share: it may hold twice as many; equal metrics go to p0.
    List<ProcessShare> ps = List.of(process(0, 1, 1, 0, 4), process(1, 2, 2, 0, 4));
    assertEquals("0", promote(ps, 1, 50));
    assertEquals("1101", promote(ps, 4, 50));
  }

  @Test
  void nothingLeftToPromote() {
    List<ProcessShare> ps = List.of(process(0, 1, 0, 0, 0), process(1, 1, 5, 5, 0));
    assertNull(FairShare.next(ps, 50));
  }
}
