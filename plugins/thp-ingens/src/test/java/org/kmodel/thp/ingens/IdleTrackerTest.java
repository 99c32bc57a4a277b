package org.kmodel.thp.ingens;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Idle counts follow the accessed bits pass by pass and forget ranges no longer sampled. */
class IdleTrackerTest {
  private final IdleTracker idle = new IdleTracker();

  @Test
  void countsPassesInARowWithoutAccess() {
    assertEquals(1, idle.sample("p1", 0, false));
    idle.endPass();
    assertEquals(2, idle.sample("p1", 0, false));
    idle.endPass();
    assertEquals(0, idle.sample("p1", 0, true), "an access resets the count");
    idle.endPass();
    assertEquals(1, idle.sample("p1", 0, false));
  }

  @Test
  void rangesAndProcessesAreCountedApart() {
    idle.sample("p1", 0, false);
    idle.sample("p2", 0, true);
    idle.endPass();
    assertEquals(2, idle.sample("p1", 0, false));
    assertEquals(1, idle.sample("p2", 0, false));
    assertEquals(1, idle.sample("p1", 2L << 20, false));
  }

  @Test
  void aRangeMissingFromAPassStartsOver() {
    idle.sample("p1", 0, false);
    idle.endPass();
    idle.endPass();
    assertEquals(1, idle.sample("p1", 0, false), "demoted or unmapped in between");
  }
}
