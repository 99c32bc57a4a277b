package org.kmodel.kernel.mm;

import org.kmodel.api.mm.Gfp;
import org.kmodel.kernel.cost.CostModel;
import org.kmodel.kernel.mm.swap.SwapDevice;

/**
 * {@code do_swap_page}: a swap entry is read into a new private page mapped by the same PTE ({@code
 * pswpin}, {@code pgmajfault}). With no swap cache, each process faulting on a slot shared after
 * fork reads its own copy.
 */
final class SwapIn {
  private final PhysicalMemory memory;
  private final Pages pages;
  private final AnonFolios anon;
  private final SwapDevice swap;
  private final CostModel cost;
  private final VmEvents ev;

  SwapIn(
      Machine machine, Pages pages, AnonFolios anon, SwapDevice swap, CostModel cost, VmEvents ev) {
    this.memory = machine.memory;
    this.pages = pages;
    this.anon = anon;
    this.swap = swap;
    this.cost = cost;
    this.ev = ev;
  }

  /**
   * Reads the slot {@code pte} names into a new page mapped at {@code va}; false without memory.
   */
  boolean swapIn(Mm mm, Vma vma, long va, int pteT, int pteI, long pte) {
    long slot = Pte.payload(pte);
    long pfn =
        pages.allocPages(0, Gfp.MOVABLE, (short) (PhysicalMemory.ANON | PhysicalMemory.MOVABLE));
    if (pfn < 0) {
      return false;
    }
    memory.setContent(pfn, swap.content(slot));
    cost.swapIn();
    swap.release(slot);
    anon.mapPage(mm, vma, va, pfn, pteT, pteI);
    mm.swapEntries--;
    ev.pswpin.inc();
    ev.pgmajfault.inc();
    return true;
  }
}
