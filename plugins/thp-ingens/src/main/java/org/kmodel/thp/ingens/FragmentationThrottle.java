package org.kmodel.thp.ingens;

/**
 * How many promotions a pass may make as free memory fragments. Ingens watches the free memory
 * fragmentation index (FMFI: the share of free memory in blocks too small for a huge page) and
 * backs off from consuming the last contiguous blocks when it is high, so that compaction and
 * freeing can catch up.
 *
 * <p>The rule, with {@code n} = {@code promotions_per_pass}, {@code t} = {@code fmfi_threshold} and
 * {@code f} the FMFI at the start of the pass, both in thousandths:
 *
 * <pre>
 *   f ≤ t:  budget = n
 *   f > t:  budget = max(1, n − ⌈(n − 1)·(f − t) / (1000 − t)⌉)
 * </pre>
 *
 * so the budget falls linearly from {@code n} just above the threshold to 1 at an FMFI of 1000, and
 * never to 0: a pass always tries one promotion, or a machine that stays fragmented would never
 * promote again.
 */
final class FragmentationThrottle {

  private FragmentationThrottle() {}

  /**
   * The promotions one pass may make.
   *
   * @param perPass {@code promotions_per_pass}, at least 1
   * @param fmfi the unusable free space index for the PMD order, 0..1000
   * @param threshold {@code fmfi_threshold}, 0..1000
   */
  static long budget(long perPass, int fmfi, long threshold) {
    if (fmfi <= threshold) {
      return perPass;
    }
    long over = fmfi - threshold;
    long span = 1000 - threshold;
    long cut = ((perPass - 1) * over + span - 1) / span;
    return Math.max(1, perPass - cut);
  }
}
