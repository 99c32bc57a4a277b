package org.kmodel.thp.hawkeye;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.kmodel.api.mm.VmaView;
import org.kmodel.api.thp.AddressSpaceView;
import org.kmodel.api.thp.PromotionContext;
import org.kmodel.api.thp.RangeStats;

/**
 * HawkEye's bloat recovery (ASPLOS'19, §3.2): find PMD-mapped huge pages that hold many zero-filled
 * base pages, split them and free those pages, their PTEs then mapping the shared zero page — the
 * paper's de-duplication of zero-filled pages.
 *
 * <p>Huge pages are taken most zero-filled pages first, over every process, so that the memory
 * wanted comes back with the fewest splits; ties go in process creation order, then by address.
 */
final class BloatRecovery {

  /**
   * A huge page worth splitting.
   *
   * @param space index of its address space in the context's list
   * @param start its first address
   * @param zeroFilled its base pages holding only zeros
   */
  record Candidate(int space, long start, int zeroFilled) {}

  static final Comparator<Candidate> MOST_ZEROS_FIRST =
      Comparator.comparingInt((Candidate c) -> -c.zeroFilled())
          .thenComparingInt(Candidate::space)
          .thenComparingLong(Candidate::start);

  private BloatRecovery() {}

  /**
   * Splits huge pages with at least {@code threshold} zero-filled base pages, most first, freeing
   * those pages, until {@code wanted} base pages are back or none qualifies.
   *
   * @return base pages freed
   */
  static long recover(PromotionContext ctx, long wanted, int threshold, Stats stats) {
    if (wanted <= 0) {
      return 0;
    }
    List<AddressSpaceView> spaces = ctx.addressSpaces();
    List<Candidate> candidates = candidates(ctx, spaces, threshold);
    long freed = 0;
    for (Candidate c : candidates) {
      if (freed >= wanted) {
        break;
      }
      int pages = ctx.demote(spaces.get(c.space()), c.start(), true);
      if (pages >= 0) {
        stats.demotedOne(pages);
        freed += pages;
      }
    }
    return freed;
  }

  /** The huge pages of every anonymous VMA that hold at least {@code threshold} zero pages. */
  static List<Candidate> candidates(
      PromotionContext ctx, List<AddressSpaceView> spaces, int threshold) {
    long huge = ctx.hugePageSize();
    List<Candidate> found = new ArrayList<>();
    for (int i = 0; i < spaces.size(); i++) {
      AddressSpaceView space = spaces.get(i);
      if (space.hugePages() == 0) {
        continue;
      }
      for (VmaView vma : space.vmas()) {
        if (!vma.anonymous()) {
          continue;
        }
        for (long start = HugeRanges.first(vma, huge); start + huge <= vma.end(); start += huge) {
          RangeStats r = ctx.rangeStats(space, start, false);
          if (r.huge() && r.zeroFilled() >= threshold) {
            found.add(new Candidate(i, start, r.zeroFilled()));
          }
        }
      }
    }
    found.sort(MOST_ZEROS_FIRST);
    return found;
  }
}
