package org.kmodel.kernel.mm;

/**
 * Splitting: {@code __split_huge_pmd} (one mm's PMD becomes 512 PTEs in the page table deposited
 * when the huge mapping was made — so it cannot fail) and {@code split_huge_page} (a compound page
 * becomes 512 base pages, each PMD mapping of it split first through the reverse map).
 */
final class HugeSplit {
  private final MemoryManager m;

  HugeSplit(MemoryManager m) {
    this.m = m;
  }

  /** Splits the huge mapping covering {@code addr}, if there is one. */
  void splitPmdAt(Mm mm, long addr) {
    int pmdT = m.faults.pmdTable(mm, addr, false);
    if (pmdT < 0) {
      return;
    }
    int pmdI = m.tables.index(m.tables.pmdLevel(), addr);
    if (Pte.isHuge(m.tables.get(pmdT, pmdI))) {
      splitPmd(mm, pmdT, pmdI, addr & -m.hugeSize);
    }
  }

  /** Replaces a huge PMD by the deposited PTE table mapping the same pages. */
  void splitPmd(Mm mm, int pmdT, int pmdI, long haddr) {
    PageTables t = m.tables;
    long pmd = t.get(pmdT, pmdI);
    int pteT = mm.withdraw();
    int n = 1 << m.hugeOrder;
    m.ev.thpSplitPmd.inc();
    if (Pte.isZero(pmd)) {
      long zero = m.zeroPage();
      for (int i = 0; i < n; i++) {
        t.set(pteT, i, Pte.zero(zero, false));
      }
    } else {
      long head = Pte.payload(pmd);
      boolean write = Pte.writable(pmd);
      for (int i = 0; i < n; i++) {
        m.memory.incMapcount(head + i);
        t.set(pteT, i, Pte.page(head + i, write));
      }
      m.memory.decEntireMapcount(head);
      mm.hugeRss--;
      mm.anonRss += n;
    }
    t.set(pmdT, pmdI, Pte.table(pteT));
  }

  /**
   * split_huge_page: every PMD mapping of the compound page is split (through the reverse map),
   * then the page becomes 512 base pages; those no PTE maps are freed.
   */
  void splitCompound(long head) {
    PhysicalMemory mem = m.memory;
    if (mem.entireMapcount(head) > 0) {
      AnonVma av = m.anonVmas.get(mem.anonVma(head));
      for (Vma vma : av.vmas().toArray(new Vma[0])) {
        long va = AnonVma.addressIn(vma, mem.index(head), m.pageShift);
        if (va >= 0) {
          splitPmdAt(vma.mm(), va);
        }
      }
    }
    if (mem.has(head, PhysicalMemory.DEFERRED_SPLIT)) {
      m.deferredSplit.remove(head);
    }
    int anonVma = mem.anonVma(head);
    int index = mem.index(head);
    mem.dissolveCompound(head);
    for (int i = 0; i < (1 << m.hugeOrder); i++) {
      long pfn = head + i;
      mem.setRmap(pfn, anonVma, index + i);
      if (mem.mapcount(pfn) == 0) {
        m.freePages(pfn, 0);
      }
    }
    m.ev.thpSplitPage.inc();
  }

  /** The deferred-split shrinker: splits every queued huge page, freeing its unmapped parts. */
  void shrinkDeferred() {
    while (!m.deferredSplit.isEmpty()) {
      splitCompound(m.deferredSplit.peek());
    }
  }
}
