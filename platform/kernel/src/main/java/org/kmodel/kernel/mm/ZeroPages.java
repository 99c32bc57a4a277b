package org.kmodel.kernel.mm;

import org.kmodel.api.mm.Gfp;

/**
 * The shared zero page a read fault maps ({@code ZERO_PAGE}: static in Linux, here the frame one
 * past RAM, so it is never allocated and never fails) and the huge zero page a read THP fault maps
 * ({@code mm_get_huge_zero_page}, counted by {@code thp_zero_page_alloc}): allocated on first use
 * and given back when no process is left to map it, as the huge zero page's shrinker would.
 */
final class ZeroPages {
  private final Pages pages;
  private final VmEvents ev;
  private final int pmdOrder;
  private final long zeroPfn;
  private long hugeZeroPfn = -1;

  ZeroPages(Machine machine, Pages pages, VmEvents ev) {
    this.pages = pages;
    this.ev = ev;
    this.pmdOrder = machine.pmdOrder;
    this.zeroPfn = machine.memory.zeroPageFrame();
  }

  /** The zero page's frame; it always exists, as Linux's is part of the kernel image. */
  long zeroPage() {
    return zeroPfn;
  }

  /** The huge zero page's head frame, allocated now if need be; -1 when it could not be. */
  long hugeZeroPage() {
    if (hugeZeroPfn < 0) {
      long pfn = pages.allocPages(pmdOrder, Gfp.TRANSHUGE, PhysicalMemory.ZERO);
      if (pfn < 0) {
        ev.thpZeroPageAllocFailed.inc();
        return -1;
      }
      hugeZeroPfn = pfn;
      ev.thpZeroPageAlloc.inc();
    }
    return hugeZeroPfn;
  }

  /** The zero page's frame. */
  long zeroPfn() {
    return zeroPfn;
  }

  /** The huge zero page's head frame, or -1 while there is none. */
  long hugeZeroPfn() {
    return hugeZeroPfn;
  }

  /** Gives the huge zero page back; nothing may map it any more. */
  void release() {
    if (hugeZeroPfn >= 0) {
      pages.freePages(hugeZeroPfn, pmdOrder);
      hugeZeroPfn = -1;
    }
  }
}
