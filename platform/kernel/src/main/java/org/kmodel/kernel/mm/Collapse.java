package org.kmodel.kernel.mm;

import org.kmodel.api.mm.Gfp;
import org.kmodel.api.mm.VmFlags;
import org.kmodel.kernel.cost.CostModel;

/**
 * {@code collapse_huge_page}: makes a PMD-sized range mapped by a PTE table one huge page —
 * allocate, swap in what is swapped, copy (holes become zeros), install the PMD and deposit the old
 * table, free the old pages. Whether a range should be collapsed is the THP policy's decision
 * ({@link org.kmodel.api.thp.PromotionPolicy#backgroundPass}); this class refuses only what it
 * cannot do: no table, already huge, a pinned page. {@code MADV_COLLAPSE} adds the two rules Linux
 * applies to it whatever the policy: at least one writable PTE and no pinned page, the {@code
 * max_ptes} limits ignored.
 */
final class Collapse {
  /** Outcome of one attempt. */
  enum Result {
    SUCCEED,
    NO_TABLE,
    READ_ONLY,
    PINNED,
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
  private final CostModel cost;
  private final VmEvents ev;

  Collapse(
      Machine machine,
      PageWalk walk,
      Pages pages,
      AnonFolios anon,
      SwapIn swapIn,
      FolioPut folios,
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
    this.cost = cost;
    this.ev = ev;
  }

  /**
   * Collapses the range at {@code haddr} as a policy decided; with {@code madvise} only after
   * MADV_COLLAPSE's own checks.
   */
  Result collapse(Mm mm, Vma vma, long haddr, boolean defrag, boolean madvise) {
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
    boolean writable = false;
    for (int i = 0; i < (1 << pmdOrder); i++) {
      long pte = t.get(pteT, i);
      if (!Pte.present(pte) || Pte.isZero(pte)) {
        continue;
      }
      if (memory.has(Pte.payload(pte), PhysicalMemory.PINNED)) {
        return Result.PINNED;
      }
      writable |= Pte.writable(pte);
    }
    if (madvise && !writable) {
      return Result.READ_ONLY;
    }
    return collapseHugePage(mm, vma, haddr, pmdT, pmdI, pteT, defrag);
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
        if (!swapIn.swapIn(mm, vma, va, pteT, i, pte, false)) {
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
    cost.invalidateRange(mm.root, haddr, n);
    mm.deposit(pteT);
    t.set(pmdT, pmdI, Pte.NONE);
    anon.mapHuge(mm, vma, haddr, head, pmdT, pmdI);
    if ((vma.flags() & VmFlags.WRITE) == 0) {
      t.set(pmdT, pmdI, Pte.wrprotect(t.get(pmdT, pmdI)));
    }
    return Result.SUCCEED;
  }
}
