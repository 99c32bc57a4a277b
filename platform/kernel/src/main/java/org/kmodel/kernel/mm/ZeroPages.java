package org.kmodel.kernel.mm;

import org.kmodel.api.mm.Gfp;

/**
 * The shared zero page a read fault maps ({@code ZERO_PAGE}: static in Linux, here the frame one
 * past RAM, so it is never allocated and never fails) and the huge zero page a read THP fault maps
 * ({@code mm_get_huge_zero_page}, counted by {@code thp_zero_page_alloc}).
 *
 * <p>The huge zero page lives as Linux keeps it: each address space that maps it holds a reference
 * until it exits ({@code MMF_HUGE_ZERO_PAGE}, 4.9's "thp: reduce usage of huge zero page's atomic
 * counter"), and once none does it stays allocated until its shrinker runs under memory pressure
 * ({@code shrink_huge_zero_page_scan}, 3.8's "thp: implement refcounting for huge zero page"). A
 * read fault after that allocates it again and counts {@code thp_zero_page_alloc} again.
 */
final class ZeroPages {
  private final Pages pages;
  private final VmEvents ev;
  private final ProcessTable processes;
  private final int pmdOrder;
  private final long zeroPfn;
  private long hugeZeroPfn = -1;

  ZeroPages(Machine machine, Pages pages, VmEvents ev, ProcessTable processes) {
    this.pages = pages;
    this.ev = ev;
    this.processes = processes;
    this.pmdOrder = machine.pmdOrder;
    this.zeroPfn = machine.memory.zeroPageFrame();
  }

  /** The zero page's frame; it always exists, as Linux's is part of the kernel image. */
  long zeroPage() {
    return zeroPfn;
  }

  /**
   * The huge zero page's head frame for {@code mm}, allocated now if need be, with a reference
   * {@code mm} holds until it exits; -1 when it could not be allocated.
   */
  long hugeZeroPage(Mm mm) {
    if (hugeZeroPfn < 0) {
      long pfn = pages.allocPages(pmdOrder, Gfp.TRANSHUGE, PhysicalMemory.ZERO);
      if (pfn < 0) {
        ev.thpZeroPageAllocFailed.inc();
        return -1;
      }
      hugeZeroPfn = pfn;
      ev.thpZeroPageAlloc.inc();
    }
    mm.hugeZeroRef = true;
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

  /** Base pages the huge zero page holds now: 0 while there is none. */
  long hugeZeroPages() {
    return hugeZeroPfn < 0 ? 0 : 1L << pmdOrder;
  }

  /**
   * The huge zero page's shrinker: frees it when no live address space holds a reference.
   *
   * @return whether it freed it
   */
  boolean shrinkHugeZero() {
    if (hugeZeroPfn < 0) {
      return false;
    }
    for (Process p : processes.all()) {
      if (p.mm().hugeZeroRef) {
        return false;
      }
    }
    pages.freePages(hugeZeroPfn, pmdOrder);
    hugeZeroPfn = -1;
    return true;
  }
}
