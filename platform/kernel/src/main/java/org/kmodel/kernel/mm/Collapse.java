package org.kmodel.kernel.mm;

import org.kmodel.api.mm.Gfp;
import org.kmodel.api.mm.VmFlags;
import org.kmodel.api.thp.KhugepagedTuning;
import org.kmodel.kernel.cost.CostModel;

/**
 * khugepaged's {@code hpage_collapse_scan_pmd} and {@code collapse_huge_page}: decide whether a 2
 * MiB range mapped by a PTE table may become one huge page, and make it so — allocate, swap in what
 * is swapped, copy (holes become zeros), install the PMD and deposit the old table, free the old
 * pages. Best effort: any doubt ends the attempt, to be retried later.
 *
 * <p>Modern preconditions: swapped PTEs ≤ max_ptes_swap, none or zero-page PTEs ≤ max_ptes_none, at
 * least one writable PTE, no pinned page, pages mapped more than once ≤ max_ptes_shared, and
 * (khugepaged only) at least one recently referenced page — half of them when some are swapped.
 * MADV_COLLAPSE ignores the max_ptes limits. The 2.6.38 ("legacy") mode is stricter: every
 * non-empty PTE present, writable and mapped once.
 */
final class Collapse {
  /** Outcome of one attempt. */
  enum Result {
    SUCCEED,
    NO_TABLE,
    EXCEED_NONE,
    EXCEED_SWAP,
    EXCEED_SHARED,
    READ_ONLY,
    PINNED,
    NOT_REFERENCED,
    ALLOC_FAILED,
    SWAPIN_FAILED,
    ALREADY_HUGE
  }

  private final PageTables tables;
  private final PhysicalMemory memory;
  private final int pageShift;
  private final int pmdOrder;
  private final PageWalk walk;
  private final Pages pages;
  private final AnonFolios anon;
  private final SwapIn swapIn;
  private final FolioPut folios;
  private final ThpModes modes;
  private final CostModel cost;
  private final VmEvents ev;

  Collapse(
      Machine machine,
      PageWalk walk,
      Pages pages,
      AnonFolios anon,
      SwapIn swapIn,
      FolioPut folios,
      ThpModes modes,
      CostModel cost,
      VmEvents ev) {
    this.tables = machine.tables;
    this.memory = machine.memory;
    this.pageShift = machine.pageShift;
    this.pmdOrder = machine.pmdOrder;
    this.walk = walk;
    this.pages = pages;
    this.anon = anon;
    this.swapIn = swapIn;
    this.folios = folios;
    this.modes = modes;
    this.cost = cost;
    this.ev = ev;
  }

  Result collapse(Mm mm, Vma vma, long haddr, KhugepagedTuning tuning, boolean khugepaged) {
    PageTables t = tables;
    int pmdT = walk.pmdTable(mm, haddr, false);
    if (pmdT < 0) {
      return Result.NO_TABLE;
    }
    int pmdI = t.index(t.pmdLevel(), haddr);
    long pmd = t.get(pmdT, pmdI);
    if (Pte.isHuge(pmd)) {
      return Result.ALREADY_HUGE;
    }
    if (!Pte.isTable(pmd)) {
      return Result.NO_TABLE;
    }
    int pteT = (int) Pte.payload(pmd);
    int n = 1 << pmdOrder;
    boolean legacy = !modes.modernKhugepaged();
    int none = 0;
    int swap = 0;
    int shared = 0;
    int referenced = 0;
    boolean writable = false;
    for (int i = 0; i < n; i++) {
      long pte = t.get(pteT, i);
      if (pte == Pte.NONE || Pte.isZero(pte)) {
        if (legacy && Pte.isZero(pte)) {
          return Result.READ_ONLY;
        }
        if (++none > tuning.maxPtesNone() && khugepaged) {
          ev.thpScanExceedNonePte.inc();
          return Result.EXCEED_NONE;
        }
        continue;
      }
      if (Pte.isSwap(pte)) {
        if (legacy) {
          return Result.EXCEED_SWAP;
        }
        if (++swap > tuning.maxPtesSwap() && khugepaged) {
          ev.thpScanExceedSwapPte.inc();
          return Result.EXCEED_SWAP;
        }
        continue;
      }
      long pfn = Pte.payload(pte);
      if (memory.has(pfn, PhysicalMemory.PINNED)) {
        return Result.PINNED;
      }
      int mapcount = memory.totalMapcount(pfn);
      if (mapcount > 1) {
        if (legacy) {
          return Result.EXCEED_SHARED;
        }
        if (++shared > tuning.maxPtesShared() && khugepaged) {
          ev.thpScanExceedSharePte.inc();
          return Result.EXCEED_SHARED;
        }
      }
      if (Pte.writable(pte)) {
        writable = true;
      } else if (legacy) {
        return Result.READ_ONLY;
      }
      if ((pte & Pte.YOUNG) != 0) {
        referenced++;
      }
    }
    if (!writable) {
      return Result.READ_ONLY;
    }
    if (khugepaged && (referenced == 0 || (swap > 0 && referenced < n / 2))) {
      return Result.NOT_REFERENCED;
    }
    return collapseHugePage(mm, vma, haddr, pmdT, pmdI, pteT, tuning.defrag());
  }

  private void pinRange(int pteT, boolean pin) {
    for (int i = 0; i < (1 << pmdOrder); i++) {
      long pte = tables.get(pteT, i);
      if (Pte.present(pte) && !Pte.isZero(pte)) {
        if (pin) {
          memory.set(Pte.payload(pte), PhysicalMemory.PINNED);
        } else {
          memory.clear(Pte.payload(pte), PhysicalMemory.PINNED);
        }
      }
    }
  }

  private Result collapseHugePage(
      Mm mm, Vma vma, long haddr, int pmdT, int pmdI, int pteT, boolean defrag) {
    PageTables t = tables;
    int gfp = Gfp.MOVABLE | Gfp.TRANSHUGE | (defrag ? Gfp.DIRECT_COMPACT : 0);
    long head =
        pages.allocPages(pmdOrder, gfp, (short) (PhysicalMemory.ANON | PhysicalMemory.MOVABLE));
    if (head < 0) {
      ev.thpCollapseAllocFailed.inc();
      return Result.ALLOC_FAILED;
    }
    ev.thpCollapseAlloc.inc();
    memory.makeCompound(head, pmdOrder);
    int n = 1 << pmdOrder;
    // Pages of the range stay put while swap-ins below allocate (and may reclaim or compact).
    pinRange(pteT, true);
    for (int i = 0; i < n; i++) {
      long pte = t.get(pteT, i);
      if (Pte.isSwap(pte)) {
        long va = haddr + ((long) i << pageShift);
        if (!swapIn.swapIn(mm, vma, va, pteT, i, pte)) {
          pinRange(pteT, false);
          pages.freePages(head, pmdOrder);
          return Result.SWAPIN_FAILED;
        }
        memory.set(Pte.payload(t.get(pteT, i)), PhysicalMemory.PINNED);
      }
    }
    pinRange(pteT, false);
    for (int i = 0; i < n; i++) {
      long pte = t.get(pteT, i);
      t.set(pteT, i, Pte.NONE);
      if (pte == Pte.NONE || Pte.isZero(pte)) {
        memory.setContent(head + i, PhysicalMemory.ZERO_CONTENT);
        continue;
      }
      long pfn = Pte.payload(pte);
      memory.copyContent(pfn, head + i);
      mm.anonRss--;
      if (memory.decMapcount(pfn) == 0) {
        folios.putPage(pfn);
      }
    }
    cost.copy(head, n);
    mm.deposit(pteT);
    t.set(pmdT, pmdI, Pte.NONE);
    anon.mapHuge(mm, vma, haddr, head, pmdT, pmdI);
    if ((vma.flags() & VmFlags.WRITE) == 0) {
      t.set(pmdT, pmdI, Pte.wrprotect(t.get(pmdT, pmdI)));
    }
    return Result.SUCCEED;
  }
}
