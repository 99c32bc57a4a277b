package org.kmodel.kernel.mm;

import org.kmodel.api.mm.Gfp;
import org.kmodel.kernel.cost.CostModel;
import org.kmodel.kernel.mm.swap.SwapDevice;

/**
 * {@code do_swap_page} with the swap cache. A slot's page is looked up in the {@link SwapCache}
 * first: found, the fault is minor; missing, the slot is read into a new base page ({@code pswpin},
 * {@code pgmajfault}) — a disk, not a {@code SWP_SYNCHRONOUS_IO} device, so there is no cache
 * bypass and no large-folio swap-in (6.10+ does both for zram-like devices only), and no readahead
 * (as with {@code page-cluster} 0, so no {@code swap_ra} counters).
 *
 * <p>Whether the page may be written without a copy follows Linux 5.19+: it is exclusive when the
 * swap entry says so ({@code pte_swp_exclusive}, set at swap-out for an exclusive page and cleared
 * by fork), or when the swap cache could be given up ({@code should_try_to_free_swap}: on a write
 * fault, or when swap is more than half full; {@code folio_free_swap} succeeds once no other swap
 * entry names the slot) and nothing else maps or pins the page. An exclusive page is mapped
 * writable (as the VMA allows) and leaves the cache — Linux keeps an exclusive page in the cache
 * after a read fault and frees it at the next write or reclaim; leaving at once keeps every cached
 * page read-only and clean, so reclaiming one never writes it again. Any other page is mapped
 * read-only and not exclusive, and stays cached for the other entries of its slot; a write fault
 * then goes on to {@code do_wp_page}.
 */
final class SwapIn {
  private final PhysicalMemory memory;
  private final Pages pages;
  private final AnonFolios anon;
  private final SwapDevice swap;
  private final SwapCache cache;
  private final CostModel cost;
  private final VmEvents ev;

  SwapIn(
      Machine machine,
      Pages pages,
      AnonFolios anon,
      SwapDevice swap,
      SwapCache cache,
      CostModel cost,
      VmEvents ev) {
    this.memory = machine.memory;
    this.pages = pages;
    this.anon = anon;
    this.swap = swap;
    this.cache = cache;
    this.cost = cost;
    this.ev = ev;
  }

  /**
   * Maps the page of the slot {@code pte} names at {@code va}, from the swap cache or read from the
   * device; false without memory. The entry is read-only afterwards unless the page is exclusive: a
   * write fault must then go on to copy-on-write.
   */
  boolean swapIn(Mm mm, Vma vma, long va, int pteT, int pteI, long pte, boolean write) {
    long slot = Pte.payload(pte);
    long pfn = cache.lookup(slot);
    if (pfn < 0) {
      pfn =
          pages.allocPages(0, Gfp.MOVABLE, (short) (PhysicalMemory.ANON | PhysicalMemory.MOVABLE));
      if (pfn < 0) {
        return false;
      }
      memory.setContent(pfn, swap.content(slot));
      cost.swapIn();
      ev.pswpin.inc();
      ev.pgmajfault.inc();
      if (!Pte.swpExclusive(pte) && swap.count(slot) > 1) {
        cache.add(slot, pfn);
      }
    }
    swap.release(slot);
    mm.swapEntries--;
    boolean exclusive = Pte.swpExclusive(pte);
    if (!exclusive && memory.has(pfn, PhysicalMemory.SWAPCACHE)) {
      boolean alone = memory.mapcount(pfn) == 0 && memory.pinCount(pfn) == 0;
      if ((write || swapFull()) && cache.swapCount(pfn) == 0) {
        cache.delete(pfn);
        exclusive = alone;
      }
    } else if (!memory.has(pfn, PhysicalMemory.SWAPCACHE)) {
      exclusive = memory.mapcount(pfn) == 0;
    }
    if (exclusive && memory.has(pfn, PhysicalMemory.SWAPCACHE)) {
      cache.delete(pfn);
    }
    boolean writable = exclusive && (vma.flags() & org.kmodel.api.mm.VmFlags.WRITE) != 0;
    anon.mapPage(mm, vma, va, pfn, pteT, pteI, exclusive, writable);
    return true;
  }

  /** {@code vm_swap_full}: more than half the swap space is in use. */
  private boolean swapFull() {
    return swap.free() * 2 < swap.total();
  }
}
