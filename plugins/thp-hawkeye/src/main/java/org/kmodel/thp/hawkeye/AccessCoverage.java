package org.kmodel.thp.hawkeye;

import java.util.HashMap;
import java.util.Map;

/**
 * One process's access coverage per huge range, and the MMU counters it had at the last pass.
 *
 * <p>A range's coverage is the number of its base pages found accessed since the previous sample
 * (the accessed bits are cleared at each sample, as HawkEye's page-access tracking does), smoothed
 * over passes: the new value is the mean of the old one and the sample, rounded towards the sample.
 * A range that was hot before an idle stretch so keeps its place for a few passes instead of
 * dropping to nothing at once, and one never touched again decays to 0 in about log2(pages) passes.
 * Ranges not sampled in a pass (promoted, unmapped) are forgotten.
 */
final class AccessCoverage {
  private Map<Long, Integer> coverage = new HashMap<>();
  private Map<Long, Integer> sampled = new HashMap<>();
  private long mmuNanos;
  private long accessNanos;

  /**
   * Starts a pass: the process's MMU and access time now.
   *
   * @return what it spent since the previous pass, {@code {mmu, access}}
   */
  long[] startPass(long mmuNow, long accessNow) {
    long[] delta = {Math.max(0, mmuNow - mmuNanos), Math.max(0, accessNow - accessNanos)};
    mmuNanos = mmuNow;
    accessNanos = accessNow;
    sampled = new HashMap<>();
    return delta;
  }

  /** Records a sample of {@code accessed} pages for the range at {@code start}; its coverage. */
  int sample(long start, int accessed) {
    Integer old = coverage.get(start);
    int now = old == null ? accessed : smooth(old, accessed);
    sampled.put(start, now);
    return now;
  }

  /** Ends the pass: only the ranges sampled in it are remembered. */
  void endPass() {
    coverage = sampled;
  }

  /** The mean of {@code old} and {@code sample}, rounded towards the sample. */
  static int smooth(int old, int sample) {
    return sample > old ? (old + sample + 1) / 2 : (old + sample) / 2;
  }
}
