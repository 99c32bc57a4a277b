package org.kmodel.kernel.mm;

/**
 * What happens to a page when a mapping of it goes ({@code folio_put} after {@code
 * folio_remove_rmap}): a base page nothing maps is freed; a large folio is freed whole when nothing
 * maps any part of it, and queued for deferred split ({@code deferred_split_folio}) when only some
 * of its pages are still mapped — vmstat counts only PMD-sized ones, as Linux does; the per-size
 * {@code split_deferred} counts every order.
 */
final class FolioPut {
  private final PhysicalMemory memory;
  private final int pmdOrder;
  private final Pages pages;
  private final DeferredSplitQueue deferredSplit;
  private final VmEvents ev;
  private final MthpStats mthp;

  FolioPut(
      Machine machine, Pages pages, DeferredSplitQueue deferredSplit, VmEvents ev, MthpStats mthp) {
    this.memory = machine.memory;
    this.pmdOrder = machine.pmdOrder;
    this.pages = pages;
    this.deferredSplit = deferredSplit;
    this.ev = ev;
    this.mthp = mthp;
  }

  /** A page lost its last PTE mapping: free it, or let its large folio decide. */
  void putPage(long pfn) {
    PhysicalMemory mem = memory;
    if (mem.has(pfn, (short) (PhysicalMemory.HEAD | PhysicalMemory.TAIL))) {
      releaseCompound(mem.head(pfn));
    } else {
      pages.freePages(pfn, 0);
    }
  }

  /** A large folio lost a mapping: free it, queue it for deferred split, or leave it. */
  void releaseCompound(long head) {
    PhysicalMemory mem = memory;
    if (mem.entireMapcount(head) > 0) {
      return;
    }
    int order = mem.folioOrder(head);
    if (mem.subpagesMapped(head) == 0) {
      if (mem.has(head, PhysicalMemory.DEFERRED_SPLIT)) {
        deferredSplit.remove(head, order);
      }
      pages.freePages(head, order);
    } else if (!mem.has(head, PhysicalMemory.DEFERRED_SPLIT)
        && mem.subpagesMapped(head) < (1 << order)) {
      mem.set(head, PhysicalMemory.DEFERRED_SPLIT);
      deferredSplit.add(head, order);
      if (order == pmdOrder) {
        ev.thpDeferredSplitPage.inc();
      }
      mthp.splitDeferred(order);
    }
  }
}
