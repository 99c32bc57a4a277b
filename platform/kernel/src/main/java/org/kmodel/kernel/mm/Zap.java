package org.kmodel.kernel.mm;

/**
 * Unmapping: {@code zap_page_range} over PMDs and PTEs, putting pages whose last mapping went,
 * freeing huge pages whole or queueing partly mapped ones for deferred split, and freeing page
 * tables no VMA needs any more ({@code free_pgtables}).
 */
final class Zap {
  private final MemoryManager m;

  Zap(MemoryManager m) {
    this.m = m;
  }

  private long pmdSpan() {
    return 1L << m.tables.shift(m.tables.pmdLevel());
  }

  /**
   * Unmaps [start, end) of {@code mm}. A huge mapping wholly inside goes whole; one the range only
   * partly covers is split first.
   */
  void zapRange(Mm mm, long start, long end, boolean exiting) {
    PageTables t = m.tables;
    long span = pmdSpan();
    long addr = start;
    while (addr < end) {
      long next = Math.min(end, (addr & -span) + span);
      int pmdT = m.faults.pmdTable(mm, addr, false);
      if (pmdT >= 0) {
        int pmdI = t.index(t.pmdLevel(), addr);
        long pmd = t.get(pmdT, pmdI);
        if (Pte.isHuge(pmd)) {
          if ((addr & (span - 1)) == 0 && next - addr == span) {
            zapHugePmd(mm, pmdT, pmdI, pmd);
            pmd = Pte.NONE;
          } else {
            m.split.splitPmd(mm, pmdT, pmdI, addr & -span);
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
    m.tables.set(pmdT, pmdI, Pte.NONE);
    m.freeTable(mm.withdraw());
    if (Pte.isZero(pmd)) {
      return;
    }
    long head = Pte.payload(pmd);
    mm.hugeRss--;
    if (m.memory.decEntireMapcount(head) == 0) {
      releaseCompound(head);
    }
  }

  private void zapPtes(Mm mm, int pteT, long start, long end) {
    PageTables t = m.tables;
    int last = t.depth() - 1;
    for (long va = start; va < end; va += 1L << m.pageShift) {
      int i = t.index(last, va);
      long pte = t.get(pteT, i);
      if (pte == Pte.NONE) {
        continue;
      }
      m.faults.cont().unfold(pteT, i);
      t.set(pteT, i, Pte.NONE);
      if (Pte.isSwap(pte)) {
        m.swapRelease(Pte.payload(pte));
        mm.swapEntries--;
      } else if (!Pte.isZero(pte)) {
        long pfn = Pte.payload(pte);
        mm.anonRss--;
        if (m.memory.decMapcount(pfn) == 0) {
          putPage(pfn);
        }
      }
    }
  }

  /** A page lost its last PTE mapping: free it, or let its huge page decide. */
  void putPage(long pfn) {
    PhysicalMemory mem = m.memory;
    if (mem.has(pfn, (short) (PhysicalMemory.HEAD | PhysicalMemory.TAIL))) {
      releaseCompound(mem.head(pfn));
    } else {
      m.freePages(pfn, 0);
    }
  }

  /**
   * A large folio lost a mapping: free it when nothing maps any part of it; queue it for deferred
   * split when only some subpages are still mapped (Linux's deferred_split_folio; vmstat counts
   * only PMD-sized ones, as Linux does).
   */
  void releaseCompound(long head) {
    PhysicalMemory mem = m.memory;
    if (mem.entireMapcount(head) > 0) {
      return;
    }
    int order = mem.folioOrder(head);
    if (mem.subpagesMapped(head) == 0) {
      if (mem.has(head, PhysicalMemory.DEFERRED_SPLIT)) {
        m.deferredSplit.remove(head);
      }
      m.freePages(head, order);
    } else if (!mem.has(head, PhysicalMemory.DEFERRED_SPLIT)
        && mem.subpagesMapped(head) < (1 << order)) {
      mem.set(head, PhysicalMemory.DEFERRED_SPLIT);
      m.deferredSplit.add(head);
      if (order == m.pmdOrder) {
        m.ev.thpDeferredSplitPage.inc();
      }
    }
  }

  /** Clears the write bit of every mapping in [start, end) (mprotect without PROT_WRITE). */
  void wrprotectRange(Mm mm, long start, long end) {
    PageTables t = m.tables;
    long span = pmdSpan();
    for (long addr = start; addr < end; ) {
      long next = Math.min(end, (addr & -span) + span);
      int pmdT = m.faults.pmdTable(mm, addr, false);
      if (pmdT >= 0) {
        int pmdI = t.index(t.pmdLevel(), addr);
        long pmd = t.get(pmdT, pmdI);
        if (Pte.isHuge(pmd)) {
          t.set(pmdT, pmdI, Pte.wrprotect(pmd));
        } else if (Pte.isTable(pmd)) {
          int pteT = (int) Pte.payload(pmd);
          int last = t.depth() - 1;
          for (long va = addr; va < next; va += 1L << m.pageShift) {
            int i = t.index(last, va);
            long pte = t.get(pteT, i);
            if (Pte.present(pte)) {
              t.set(pteT, i, Pte.wrprotect(pte));
            }
          }
          m.faults.cont().refoldRange(pteT, t.index(last, addr), t.index(last, next - 1) + 1);
        }
      }
      addr = next;
    }
  }

  /** Frees PTE tables of [start, end) that are empty and that no VMA overlaps any more. */
  void freeUnusedTables(Mm mm, long start, long end) {
    PageTables t = m.tables;
    long span = pmdSpan();
    for (long addr = start & -span; addr < end; addr += span) {
      if (!mm.overlapping(addr, addr + span).isEmpty()) {
        continue;
      }
      int pmdT = m.faults.pmdTable(mm, addr, false);
      if (pmdT < 0) {
        continue;
      }
      int pmdI = t.index(t.pmdLevel(), addr);
      long pmd = t.get(pmdT, pmdI);
      if (Pte.isTable(pmd) && t.empty((int) Pte.payload(pmd))) {
        t.set(pmdT, pmdI, Pte.NONE);
        m.freeTable((int) Pte.payload(pmd));
      }
    }
  }

  /** Frees every table of an exiting mm, from the root down (all leaves are already zapped). */
  void freeAllTables(Mm mm) {
    freeTree(mm.root, 0);
    mm.root = -1;
    while (mm.depositedTables() > 0) {
      m.freeTable(mm.withdraw());
    }
  }

  private void freeTree(int table, int level) {
    PageTables t = m.tables;
    if (level < t.depth() - 1) {
      for (int i = 0; i < t.entries(level); i++) {
        long e = t.get(table, i);
        if (Pte.isTable(e)) {
          t.set(table, i, Pte.NONE);
          freeTree((int) Pte.payload(e), level + 1);
        }
      }
    }
    m.freeTable(table);
  }
}
