package org.kmodel.kernel.mm;

import org.kmodel.kernel.mm.swap.SwapDevice;

/**
 * Unmapping: {@code zap_page_range} over PMDs and PTEs — a huge mapping the range covers whole goes
 * whole, one it covers in part is split first; a page whose last mapping went is put, a swap entry
 * gives its slot back — and freeing page tables no VMA needs any more ({@code free_pgtables}).
 */
final class Zap {
  private final PageTables tables;
  private final int pageShift;
  private final PhysicalMemory memory;
  private final PageWalk walk;
  private final Pages pages;
  private final HugeSplit split;
  private final ContPte cont;
  private final FolioPut folios;
  private final SwapDevice swap;

  Zap(
      Machine machine,
      PageWalk walk,
      Pages pages,
      HugeSplit split,
      ContPte cont,
      FolioPut folios,
      SwapDevice swap) {
    this.tables = machine.tables;
    this.pageShift = machine.pageShift;
    this.memory = machine.memory;
    this.walk = walk;
    this.pages = pages;
    this.split = split;
    this.cont = cont;
    this.folios = folios;
    this.swap = swap;
  }

  private long pmdSpan() {
    return 1L << tables.shift(tables.pmdLevel());
  }

  /**
   * Unmaps [start, end) of {@code mm}. A huge mapping wholly inside goes whole; one the range only
   * partly covers is split first.
   */
  void zapRange(Mm mm, long start, long end, boolean exiting) {
    PageTables t = tables;
    long span = pmdSpan();
    long addr = start;
    while (addr < end) {
      long next = Math.min(end, (addr & -span) + span);
      int pmdT = walk.pmdTable(mm, addr, false);
      if (pmdT >= 0) {
        int pmdI = t.index(t.pmdLevel(), addr);
        long pmd = t.get(pmdT, pmdI);
        if (Pte.isHuge(pmd)) {
          if ((addr & (span - 1)) == 0 && next - addr == span) {
            zapHugePmd(mm, pmdT, pmdI, pmd);
            pmd = Pte.NONE;
          } else {
            split.splitPmd(mm, pmdT, pmdI, addr & -span);
            pmd = t.get(pmdT, pmdI);
          }
        }
        if (Pte.isTable(pmd)) {
          zapPtes(mm, (int) Pte.payload(pmd), addr, next);
        }
      }
      addr = next;
    }
  }

  private void zapHugePmd(Mm mm, int pmdT, int pmdI, long pmd) {
    tables.set(pmdT, pmdI, Pte.NONE);
    pages.freeTable(mm.withdraw());
    if (Pte.isZero(pmd)) {
      return;
    }
    long head = Pte.payload(pmd);
    mm.hugeRss--;
    if (memory.decEntireMapcount(head) == 0) {
      folios.releaseCompound(head);
    }
  }

  private void zapPtes(Mm mm, int pteT, long start, long end) {
    PageTables t = tables;
    int last = t.depth() - 1;
    for (long va = start; va < end; va += 1L << pageShift) {
      int i = t.index(last, va);
      long pte = t.get(pteT, i);
      if (pte == Pte.NONE) {
        continue;
      }
      cont.unfold(pteT, i);
      t.set(pteT, i, Pte.NONE);
      if (Pte.isSwap(pte)) {
        swap.release(Pte.payload(pte));
        folios.freeSwapAndCache(Pte.payload(pte));
        mm.swapEntries--;
      } else if (!Pte.isZero(pte)) {
        long pfn = Pte.payload(pte);
        mm.anonRss--;
        if (memory.decMapcount(pfn) == 0) {
          folios.putPage(pfn);
        }
      }
    }
  }

  /** Frees PTE tables of [start, end) that are empty and that no VMA overlaps any more. */
  void freeUnusedTables(Mm mm, long start, long end) {
    PageTables t = tables;
    long span = pmdSpan();
    for (long addr = start & -span; addr < end; addr += span) {
      if (!mm.overlapping(addr, addr + span).isEmpty()) {
        continue;
      }
      int pmdT = walk.pmdTable(mm, addr, false);
      if (pmdT < 0) {
        continue;
      }
      int pmdI = t.index(t.pmdLevel(), addr);
      long pmd = t.get(pmdT, pmdI);
      if (Pte.isTable(pmd) && t.empty((int) Pte.payload(pmd))) {
        t.set(pmdT, pmdI, Pte.NONE);
        pages.freeTable((int) Pte.payload(pmd));
      }
    }
  }

  /** Frees every table of an exiting mm, from the root down (all leaves are already zapped). */
  void freeAllTables(Mm mm) {
    freeTree(mm.root, 0);
    mm.root = -1;
    while (mm.depositedTables() > 0) {
      pages.freeTable(mm.withdraw());
    }
  }

  private void freeTree(int table, int level) {
    PageTables t = tables;
    if (level < t.depth() - 1) {
      for (int i = 0; i < t.entries(level); i++) {
        long e = t.get(table, i);
        if (Pte.isTable(e)) {
          t.set(table, i, Pte.NONE);
          freeTree((int) Pte.payload(e), level + 1);
        }
      }
    }
    pages.freeTable(table);
  }
}
