package org.kmodel.kernel.mm;

/**
 * Splitting: {@code __split_huge_pmd} (one mm's PMD becomes a table of PTEs, the one deposited when
 * the huge mapping was made — so it cannot fail; contiguous spans are folded as Linux's contpte
 * code folds a fully mapped folio) and {@code split_huge_page} (a large folio becomes base pages,
 * each PMD mapping of it split first through the reverse map).
 */
final class HugeSplit {
  private final PageTables tables;
  private final PhysicalMemory memory;
  private final int pageShift;
  private final int pmdOrder;
  private final long pmdSize;
  private final int contOrder;
  private final PageWalk walk;
  private final Pages pages;
  private final ZeroPages zeroPages;
  private final ContPte cont;
  private final Rmap rmap;
  private final AnonVmas anonVmas;
  private final DeferredSplitQueue deferredSplit;
  private final VmEvents ev;
  private final MthpStats mthp;

  HugeSplit(
      Machine machine,
      PageWalk walk,
      Pages pages,
      ZeroPages zeroPages,
      ContPte cont,
      Rmap rmap,
      AnonVmas anonVmas,
      DeferredSplitQueue deferredSplit,
      VmEvents ev,
      MthpStats mthp) {
    this.tables = machine.tables;
    this.memory = machine.memory;
    this.pageShift = machine.pageShift;
    this.pmdOrder = machine.pmdOrder;
    this.pmdSize = machine.pmdSize;
    this.contOrder = machine.contOrder;
    this.walk = walk;
    this.pages = pages;
    this.zeroPages = zeroPages;
    this.cont = cont;
    this.rmap = rmap;
    this.anonVmas = anonVmas;
    this.deferredSplit = deferredSplit;
    this.ev = ev;
    this.mthp = mthp;
  }

  /** Splits the huge mapping covering {@code addr}, if there is one. */
  void splitPmdAt(Mm mm, long addr) {
    int pmdT = walk.pmdTable(mm, addr, false);
    if (pmdT < 0) {
      return;
    }
    int pmdI = tables.index(tables.pmdLevel(), addr);
    if (Pte.isHuge(tables.get(pmdT, pmdI))) {
      splitPmd(mm, pmdT, pmdI, addr & -pmdSize);
    }
  }

  /** Replaces a huge PMD by the deposited PTE table mapping the same pages. */
  void splitPmd(Mm mm, int pmdT, int pmdI, long haddr) {
    PageTables t = tables;
    long pmd = t.get(pmdT, pmdI);
    int pteT = mm.withdraw();
    int n = 1 << pmdOrder;
    ev.thpSplitPmd.inc();
    if (Pte.isZero(pmd)) {
      long zero = zeroPages.zeroPage();
      for (int i = 0; i < n; i++) {
        t.set(pteT, i, Pte.zero(zero, false));
      }
    } else {
      long head = Pte.payload(pmd);
      boolean write = Pte.writable(pmd);
      for (int i = 0; i < n; i++) {
        memory.incMapcount(head + i);
        t.set(pteT, i, Pte.page(head + i, write));
      }
      memory.decEntireMapcount(head);
      mm.hugeRss--;
      mm.anonRss += n;
      cont.refoldRange(pteT, 0, n);
    }
    t.set(pmdT, pmdI, Pte.table(pteT));
  }

  /**
   * split_huge_page: every PMD mapping of the folio is split (through the reverse map), then the
   * folio becomes base pages; those no PTE maps are freed. vmstat's thp_split_page counts only
   * PMD-sized folios, as Linux's does; the per-size {@code split} counts every order.
   */
  void splitCompound(long head) {
    PhysicalMemory mem = memory;
    int order = mem.folioOrder(head);
    splitPmdMappings(head);
    if (mem.has(head, PhysicalMemory.DEFERRED_SPLIT)) {
      deferredSplit.remove(head, order);
    }
    unfoldMappings(head, order);
    int anonVma = mem.anonVma(head);
    int index = mem.index(head);
    mem.dissolveCompound(head);
    for (int i = 0; i < (1 << order); i++) {
      long pfn = head + i;
      mem.setRmap(pfn, anonVma, index + i);
      if (mem.mapcount(pfn) == 0 && mem.pinCount(pfn) == 0) {
        // A pinned page no one maps stays with its pin (Linux cannot split a pinned folio at all).
        pages.freePages(pfn, 0);
      }
    }
    if (order == pmdOrder) {
      ev.thpSplitPage.inc();
    }
    mthp.split(order);
  }

  /**
   * Splits every PMD mapping of the folio {@code head} through the reverse map, leaving the folio
   * whole and mapped by PTEs ({@code try_to_unmap}'s {@code TTU_SPLIT_HUGE_PMD}).
   */
  void splitPmdMappings(long head) {
    PhysicalMemory mem = memory;
    if (mem.entireMapcount(head) == 0) {
      return;
    }
    AnonVma av = anonVmas.get(mem.anonVma(head));
    for (Vma vma : av.vmas().toArray(new Vma[0])) {
      long va = AnonVma.addressIn(vma, mem.index(head), pageShift);
      if (va >= 0) {
        splitPmdAt(vma.mm(), va);
      }
    }
  }

  /** Contiguous spans end with the folio: its pages are no longer one run of a single folio. */
  private void unfoldMappings(long head, int order) {
    if (contOrder == 0 || order < contOrder) {
      return;
    }
    for (int i = 0; i < (1 << order); i += 1 << contOrder) {
      for (Rmap.Mapping r : rmap.mappings(head + i)) {
        cont.unfold(r.table(), r.index());
      }
    }
  }

  /**
   * The deferred-split shrinker: splits every queued folio, freeing its unmapped parts; false when
   * the queue was empty.
   */
  boolean shrinkDeferred() {
    if (deferredSplit.isEmpty()) {
      return false;
    }
    while (!deferredSplit.isEmpty()) {
      splitCompound(deferredSplit.oldest());
    }
    return true;
  }
}
