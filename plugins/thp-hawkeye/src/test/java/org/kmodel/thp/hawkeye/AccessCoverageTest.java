package org.kmodel.thp.hawkeye;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Coverage smoothed over passes, forgotten when not sampled; MMU time as deltas per pass. */
class AccessCoverageTest {
  private final AccessCoverage coverage = new AccessCoverage();

  @Test
  void theFirstSampleIsTheCoverageThenTheMeanRoundedTowardsTheSample() {
    coverage.startPass(0, 0);
    assertEquals(400, coverage.sample(0, 400));
    coverage.endPass();
    coverage.startPass(0, 0);
    assertEquals(200, coverage.sample(0, 0));
    coverage.endPass();
    coverage.startPass(0, 0);
    assertEquals(356, coverage.sample(0, 511));
    coverage.endPass();
  }

  @Test
  void anUntouchedRangeDecaysToNothingAndOneTouchedOnceShows() {
    assertEquals(0, AccessCoverage.smooth(1, 0));
    assertEquals(1, AccessCoverage.smooth(0, 1));
    int c = 512;
    int passes = 0;
    while (c > 0) {
      c = AccessCoverage.smooth(c, 0);
      passes++;
    }
    assertEquals(10, passes);
  }

  @Test
  void aRangeNotSampledInAPassIsForgotten() {
    coverage.startPass(0, 0);
    coverage.sample(0, 400);
    coverage.endPass();
    coverage.startPass(0, 0);
    coverage.endPass();
    coverage.startPass(0, 0);
    assertEquals(10, coverage.sample(0, 10), "a fresh first sample, not a mean with 400");
  }

  @Test
  void mmuAndAccessTimeAreCountedSinceThePreviousPass() {
    assertArrayEquals(new long[] {50, 1000}, coverage.startPass(50, 1000));
    assertArrayEquals(new long[] {25, 500}, coverage.startPass(75, 1500));
    assertArrayEquals(new long[] {0, 0}, coverage.startPass(75, 1500));
  }
}
