package org.kmodel.kernel.mm;

/**
 * Splitting: {@code __split_huge_pmd} (one mm's PMD becomes a table of PTEs, the one deposited when
 * the huge mapping was made — so it cannot fail; contiguous spans are folded as Linux's contpte
 * code folds a fully mapped folio) and {@code split_huge_page} (a large folio becomes base pages,
 * each PMD mapping of it split first through the reverse map).
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
      splitPmd(mm, pmdT, pmdI, addr & -m.pmdSize);
    }
  }

  /** Replaces a huge PMD by the deposited PTE table mapping the same pages. */
  void splitPmd(Mm mm, int pmdT, int pmdI, long haddr) {
    PageTables t = m.tables;
    long pmd = t.get(pmdT, pmdI);
    int pteT = mm.withdraw();
    int n = 1 << m.pmdOrder;
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
      m.faults.cont().refoldRange(pteT, 0, n);
    }
    t.set(pmdT, pmdI, Pte.table(pteT));
  }

  /**
   * split_huge_page: every PMD mapping of the folio is split (through the reverse map), then the
   * folio becomes base pages; those no PTE maps are freed. vmstat's thp_split_page counts only
   * PMD-sized folios, as Linux's does.
   */
  void splitCompound(long head) {
    PhysicalMemory mem = m.memory;
    int order = mem.folioOrder(head);
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
    unfoldMappings(head, order);
    int anonVma = mem.anonVma(head);
    int index = mem.index(head);
    mem.dissolveCompound(head);
    for (int i = 0; i < (1 << order); i++) {
      long pfn = head + i;
      mem.setRmap(pfn, anonVma, index + i);
      if (mem.mapcount(pfn) == 0) {
        m.freePages(pfn, 0);
      }
    }
    if (order == m.pmdOrder) {
      m.ev.thpSplitPage.inc();
    }
  }

  /** Contiguous spans end with the folio: its pages are no longer one run of a single folio. */
  private void unfoldMappings(long head, int order) {
    if (m.contOrder == 0 || order < m.contOrder) {
      return;
    }
    for (int i = 0; i < (1 << order); i += 1 << m.contOrder) {
      for (Rmap.Mapping r : m.rmap.mappings(head + i)) {
        m.faults.cont().unfold(r.table(), r.index());
      }
    }
  }

  /** The deferred-split shrinker: splits every queued huge page, freeing its unmapped parts. */
  void shrinkDeferred() {
    while (!m.deferredSplit.isEmpty()) {
      splitCompound(m.deferredSplit.peek());
    }
  }
}
