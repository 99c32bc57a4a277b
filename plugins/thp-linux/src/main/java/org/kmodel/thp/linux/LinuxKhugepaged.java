package org.kmodel.thp.linux;

import java.util.List;
import java.util.function.Predicate;
import org.kmodel.api.KernelVersion;
import org.kmodel.api.counter.Counter;
import org.kmodel.api.counter.Counters;
import org.kmodel.api.mm.VmaView;
import org.kmodel.api.thp.AddressSpaceView;
import org.kmodel.api.thp.KhugepagedTuning;
import org.kmodel.api.thp.PromotionContext;
import org.kmodel.api.thp.PromotionResult;
import org.kmodel.api.thp.RangeStats;

/**
 * Linux's khugepaged scan ({@code khugepaged_do_scan}, {@code khugepaged_scan_mm_slot}) and its
 * collapse rules ({@code hpage_collapse_scan_pmd}), over the kernel's promotion mechanisms.
 *
 * <p>Each pass scans up to {@code pages_to_scan} base pages from where the last pass stopped: a
 * PMD-sized range counts its PTEs, a VMA khugepaged may not touch counts 1, and so does each visit
 * of an address space ({@code progress++} in {@code khugepaged_scan_mm_slot}), so that a pass over
 * processes without memory ends. Address spaces are visited in process creation order (Linux's
 * mm-slot list); each time the cursor goes past the last one a full scan is counted. After a pass
 * it sleeps {@code scan_sleep_millisecs}, or {@code alloc_sleep_millisecs} when a huge allocation
 * failed.
 *
 * <p>A range collapses when its empty and zero-page PTEs are at most {@code max_ptes_none}, its
 * swapped ones at most {@code max_ptes_swap}, pages mapped more than once at most {@code
 * max_ptes_shared}, none is pinned, at least one is writable and at least one was referenced — half
 * of them when some are swapped. Each exceeded limit counts its {@code thp_scan_exceed_*} event.
 * Linux stops at the first PTE past a limit; the model counts the whole range and checks the limits
 * in that order, so when two limits are exceeded it is always {@code none} that is counted.
 *
 * <p>Releases before those rules were stricter ({@link Rules}): a zero-page PTE refused the range
 * before 4.0, a read-only one before 4.1, a swapped one before 4.8 and a page mapped more than once
 * before 5.8 — each without a {@code thp_scan_exceed_*} event, which came later.
 */
final class LinuxKhugepaged {
  private final Counter exceedNone;
  private final Counter exceedSwap;
  private final Counter exceedShared;
  private final Rules rules;
  private int mmCursor;
  private long addrCursor;

  /**
   * Which of today's collapse rules the release has; before each, the range is refused instead.
   *
   * @param zeroPageAsNone 4.0, "mm: incorporate zero pages into transparent huge pages": zero-page
   *     PTEs count as none
   * @param readOnly 4.1, "mm: incorporate read-only pages into transparent huge pages": one
   *     writable PTE suffices (before, every present PTE had to be writable)
   * @param swapIn 4.8, "mm, thp: make swapin readahead under down_read of mmap_sem": up to {@code
   *     max_ptes_swap} swapped PTEs are read in
   * @param shared 5.8, "khugepaged: introduce 'max_ptes_shared' tunable": up to {@code
   *     max_ptes_shared} pages mapped more than once
   */
  record Rules(boolean zeroPageAsNone, boolean readOnly, boolean swapIn, boolean shared) {
    static Rules of(KernelVersion release) {
      return new Rules(
          release.atLeast(4, 0),
          release.atLeast(4, 1),
          release.atLeast(4, 8),
          release.atLeast(5, 8));
    }
  }

  LinuxKhugepaged(Counters counters, Rules rules) {
    this.rules = rules;
    this.exceedNone = counters.counter("thp_scan_exceed_none_pte");
    this.exceedSwap = counters.counter("thp_scan_exceed_swap_pte");
    this.exceedShared = counters.counter("thp_scan_exceed_share_pte");
  }

  /**
   * One pass; returns the sleep in nanoseconds.
   *
   * @param eligible whether khugepaged may collapse ranges of a VMA
   */
  long pass(PromotionContext ctx, Predicate<VmaView> eligible, KhugepagedTuning tuning) {
    long pmdSize = ctx.hugePageSize();
    long budget = tuning.pagesToScan();
    boolean allocFailed = false;
    while (budget > 0 && !allocFailed) {
      List<AddressSpaceView> spaces = ctx.addressSpaces();
      if (mmCursor >= spaces.size()) {
        mmCursor = 0;
        addrCursor = 0;
        ctx.fullScanDone();
        if (spaces.isEmpty()) {
          break;
        }
      }
      AddressSpaceView space = spaces.get(mmCursor);
      List<? extends VmaView> vmas = space.vmas();
      budget--;
      boolean finishedMm = true;
      for (VmaView vma : vmas) {
        if (vma.end() <= addrCursor) {
          continue;
        }
        long hstart = Math.max((vma.start() + pmdSize - 1) & -pmdSize, addrCursor);
        long hend = vma.end() & -pmdSize;
        if (!eligible.test(vma) || hstart >= hend) {
          budget--;
          addrCursor = vma.end();
          if (budget <= 0) {
            finishedMm = false;
            break;
          }
          continue;
        }
        for (long addr = hstart; addr < hend; addr += pmdSize) {
          RangeStats range = ctx.rangeStats(space, addr, false);
          budget -= range.pages();
          addrCursor = addr + pmdSize;
          if (collapsible(range, tuning)
              && ctx.promote(space, addr, tuning.defrag()) == PromotionResult.ALLOC_FAILED) {
            allocFailed = true;
          }
          if (budget <= 0 || allocFailed) {
            break;
          }
        }
        if (budget <= 0 || allocFailed) {
          finishedMm = vmas.isEmpty() || addrCursor >= vmas.get(vmas.size() - 1).end();
          break;
        }
      }
      if (finishedMm) {
        mmCursor++;
        addrCursor = 0;
      }
    }
    long sleep = allocFailed ? tuning.allocSleepMillis() : tuning.scanSleepMillis();
    return sleep * 1_000_000L;
  }

  /** {@code hpage_collapse_scan_pmd}'s verdict on a range mapped by a PTE table. */
  boolean collapsible(RangeStats r, KhugepagedTuning tuning) {
    if (r.huge() || !r.hasTable()) {
      return false;
    }
    if (r.none() + (rules.zeroPageAsNone() ? r.zeroPage() : 0) > tuning.maxPtesNone()) {
      exceedNone.inc();
      return false;
    }
    if (!rules.zeroPageAsNone() && r.zeroPage() > 0
        || !rules.swapIn() && r.swapped() > 0
        || !rules.shared() && r.shared() > 0
        || !rules.readOnly() && r.writable() < r.present()) {
      return false;
    }
    if (r.swapped() > tuning.maxPtesSwap()) {
      exceedSwap.inc();
      return false;
    }
    if (r.shared() > tuning.maxPtesShared()) {
      exceedShared.inc();
      return false;
    }
    if (r.pinned() > 0 || r.writable() == 0) {
      return false;
    }
    int referenced = r.accessed();
    return referenced > 0 && (r.swapped() == 0 || referenced >= r.pages() / 2);
  }
}
