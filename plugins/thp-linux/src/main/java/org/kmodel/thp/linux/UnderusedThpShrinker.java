package org.kmodel.thp.linux;

import org.kmodel.api.counter.Counter;
import org.kmodel.api.counter.Counters;
import org.kmodel.api.mm.VmaView;
import org.kmodel.api.thp.AddressSpaceView;
import org.kmodel.api.thp.PromotionContext;
import org.kmodel.api.thp.RangeStats;

/**
 * Linux 6.12's underused-THP shrinker (Usama Arif's series "mm: split underused THPs", merged for
 * 6.12): under memory pressure a PMD-mapped huge page whose zero-filled base pages exceed {@code
 * khugepaged/max_ptes_none} ({@code thp_underused()}) is split, its zero-filled pages freed and
 * their PTEs pointed at the shared zero page; each such split counts {@code
 * thp_underused_split_page}. With {@code max_ptes_none} at its default, {@code HPAGE_PMD_NR - 1},
 * no huge page is underused — khugepaged would collapse such a range again at once — and {@code
 * /sys/kernel/mm/transparent_hugepage/shrink_underused} = 0 turns the shrinker off.
 *
 * <p>Linux finds candidates on the deferred-split queue, where 6.12 puts every huge page it faults
 * in or collapses, oldest first; a policy sees address spaces in creation order and each one's
 * ranges in address order, so the model visits huge pages in that order instead. Pages mapped by
 * more than one process are left alone (the kernel's demotion refuses them), as are huge pages
 * shared after fork.
 */
final class UnderusedThpShrinker {
  private final Counter underusedSplit;

  UnderusedThpShrinker(Counters counters) {
    this.underusedSplit = counters.counter("thp_underused_split_page");
  }

  /**
   * Splits underused huge pages until {@code wanted} base pages were freed or none is left.
   *
   * @return base pages freed
   */
  long shrink(PromotionContext ctx, long wanted, int maxPtesNone) {
    long pmdSize = ctx.hugePageSize();
    long freed = 0;
    for (AddressSpaceView space : ctx.addressSpaces()) {
      if (space.hugePages() == 0) {
        continue;
      }
      for (VmaView vma : space.vmas()) {
        long start = (vma.start() + pmdSize - 1) & -pmdSize;
        for (; start + pmdSize <= vma.end() && freed < wanted; start += pmdSize) {
          if (underused(ctx.rangeStats(space, start, false), maxPtesNone)) {
            int got = ctx.demote(space, start, true);
            if (got >= 0) {
              underusedSplit.inc();
              freed += got;
            }
          }
        }
      }
      if (freed >= wanted) {
        break;
      }
    }
    return freed;
  }

  /** {@code thp_underused}: more zero-filled pages than {@code max_ptes_none} allows. */
  private static boolean underused(RangeStats r, int maxPtesNone) {
    return r.huge() && maxPtesNone < r.pages() - 1 && r.zeroFilled() > maxPtesNone;
  }
}
