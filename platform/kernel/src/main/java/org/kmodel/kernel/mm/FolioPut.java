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
  private final SwapCache cache;

  FolioPut(
      Machine machine,
      Pages pages,
      DeferredSplitQueue deferredSplit,
      SwapCache cache,
      VmEvents ev,
      MthpStats mthp) {
    this.memory = machine.memory;
    this.cache = cache;
    this.pmdOrder = machine.pmdOrder;
    this.pages = pages;
    this.deferredSplit = deferredSplit;
    this.ev = ev;
    this.mthp = mthp;
  }

  /**
   * A page lost its last PTE mapping: free it, or let its large folio decide. A page a FOLL_PIN pin
   * holds stays until the pin goes; a page in the swap cache stays while a swap entry names its
   * slot, and leaves the cache otherwise (Linux would leave that to reclaim; nothing in the model
   * could find it in the cache again).
   */
  void putPage(long pfn) {
    PhysicalMemory mem = memory;
    if (mem.has(pfn, (short) (PhysicalMemory.HEAD | PhysicalMemory.TAIL))) {
      releaseCompound(mem.head(pfn));
      return;
    }
    if (mem.pinCount(pfn) > 0) {
      return;
    }
    if (mem.has(pfn, PhysicalMemory.SWAPCACHE)) {
      if (cache.swapCount(pfn) > 0) {
        return;
      }
      cache.delete(pfn);
    }
    pages.freePages(pfn, 0);
  }

  /**
   * {@code unpin_user_page}: one FOLL_PIN pin of {@code pfn} goes; a page (or large folio) it was
   * the last thing holding is freed.
   */
  void unpin(long pfn) {
    PhysicalMemory mem = memory;
    ev.follPinReleased.inc();
    if (mem.unpin(pfn) > 0 || mem.folioPinned(pfn)) {
      return;
    }
    if (mem.has(pfn, (short) (PhysicalMemory.HEAD | PhysicalMemory.TAIL))) {
      long head = mem.head(pfn);
      if (mem.entireMapcount(head) == 0 && mem.subpagesMapped(head) == 0) {
        releaseCompound(head);
      }
    } else if (mem.mapcount(pfn) == 0) {
      putPage(pfn);
    }
  }

  /**
   * {@code free_swap_and_cache}: a swap entry of {@code slot} went; when no entry names the slot
   * any more and its cached page is mapped nowhere, the page leaves the cache and is freed.
   */
  void freeSwapAndCache(long slot) {
    long pfn = cache.lookup(slot);
    if (pfn >= 0 && memory.mapcount(pfn) == 0 && cache.swapCount(pfn) == 0) {
      putPage(pfn);
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
      if (mem.folioPinned(head)) {
        return;
      }
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
