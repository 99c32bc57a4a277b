package org.kmodel.thp.ingens;

import org.kmodel.api.mm.VmFlags;
import org.kmodel.api.mm.VmaView;
import org.kmodel.api.thp.RangeStats;

/**
 * Which PMD ranges Ingens promotes: utilisation-based promotion. A range qualifies when it is still
 * mapped by base pages and at least {@code util_threshold} percent of its pages hold data (present
 * or swapped out), and its VMA may have huge pages at all.
 *
 * <p>The rule needs the range's page table, so it cannot run at fault time: a fault into an empty
 * PMD sees no utilisation. That is why Ingens never allocates a huge page at fault and promotes in
 * the background instead.
 */
final class UtilisationRule {

  private UtilisationRule() {}

  /**
   * Whether a VMA may hold huge pages under the {@code enabled} mode: private anonymous memory
   * without MADV_NOHUGEPAGE, and with MADV_HUGEPAGE when the mode is {@code madvise}.
   *
   * @param enabled an index into {@link IngensSysfs#ENABLED}
   */
  static boolean eligible(VmaView vma, int enabled) {
    if (vma == null || !vma.anonymous() || vma.hasFlag(VmFlags.NOHUGEPAGE)) {
      return false;
    }
    return enabled == IngensSysfs.ENABLED_ALWAYS
        || (enabled == IngensSysfs.ENABLED_MADVISE && vma.hasFlag(VmFlags.HUGEPAGE));
  }

  /**
   * The fewest populated pages that make a range of {@code pages} reach {@code utilPercent}: 461 of
   * 512 at 90%.
   */
  static int populatedNeeded(int pages, long utilPercent) {
    return (int) ((pages * utilPercent + 99) / 100);
  }

  /**
   * Whether a range is a promotion candidate: wholly inside an eligible VMA, mapped by a page table
   * (not huge yet), and populated up to the threshold.
   */
  static boolean candidate(RangeStats range, int enabled, long utilPercent) {
    return range.inVma()
        && !range.huge()
        && range.hasTable()
        && eligible(range.vma(), enabled)
        && range.populated() >= populatedNeeded(range.pages(), utilPercent);
  }
}
