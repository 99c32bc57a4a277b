package org.kmodel.kernel.mm;

import org.kmodel.api.mm.Gfp;
import org.kmodel.api.thp.ThpPolicy;
import org.kmodel.kernel.cost.CostModel;
import org.kmodel.kernel.slot.PluginSlot;

/**
 * {@code handle_mm_fault} down to the handler an entry needs: {@code do_anonymous_page} (with 6.8's
 * multi-size THP where the release has it: a PTE-mapped folio of the largest order the policy
 * allows that fits, contiguous where a span fits), the THP fault ({@code
 * do_huge_pmd_anonymous_page}, silent fallback to smaller folios and base pages, the huge zero page
 * on a read), {@code do_swap_page} ({@link SwapIn}) and write faults on read-only entries ({@link
 * CowFaults}). A huge fault takes a pre-zeroed page ({@link PrezeroPool}) when a policy has filled
 * the pool, and then charges no clearing.
 */
final class Faults {
  private final PageTables tables;
  private final int pageShift;
  private final int pmdOrder;
  private final long pmdSize;
  private final long pteFolioOrders;
  private final PageWalk walk;
  private final Pages pages;
  private final ZeroPages zeroPages;
  private final AnonFolios anon;
  private final ContPte cont;
  private final SwapIn swapIn;
  private final CowFaults cow;
  private final PluginSlot<ThpPolicy> policy;
  private final CostModel cost;
  private final VmEvents ev;
  private final MthpStats mthp;
  private final PrezeroPool prezeroed;
  private final LinuxRelease release;

  Faults(
      Machine machine,
      PageWalk walk,
      Pages pages,
      ZeroPages zeroPages,
      AnonFolios anon,
      ContPte cont,
      SwapIn swapIn,
      CowFaults cow,
      PluginSlot<ThpPolicy> policy,
      CostModel cost,
      VmEvents ev,
      MthpStats mthp,
      PrezeroPool prezeroed,
      LinuxRelease release) {
    this.tables = machine.tables;
    this.pageShift = machine.pageShift;
    this.pmdOrder = machine.pmdOrder;
    this.pmdSize = machine.pmdSize;
    this.pteFolioOrders = machine.pteFolioOrders;
    this.walk = walk;
    this.pages = pages;
    this.zeroPages = zeroPages;
    this.anon = anon;
    this.cont = cont;
    this.swapIn = swapIn;
    this.cow = cow;
    this.policy = policy;
    this.cost = cost;
    this.ev = ev;
    this.mthp = mthp;
    this.prezeroed = prezeroed;
    this.release = release;
  }

  /** handle_mm_fault for an access {@code vma} permits: a {@link VmFault} code. */
  int handle(Mm mm, Vma vma, long va, boolean write) {
    PageTables t = tables;
    int pmdT = walk.pmdTable(mm, va, true);
    if (pmdT < 0) {
      return VmFault.OOM;
    }
    int pmdI = t.index(t.pmdLevel(), va);
    long pmd = t.get(pmdT, pmdI);
    if (pmd == Pte.NONE) {
      if (hugeEligible(vma, va)) {
        int r = hugeAnonymousFault(mm, vma, va, write, pmdT, pmdI);
        if (r != VmFault.FALLBACK) {
          return r;
        }
      }
      int pte = pages.allocTable();
      if (pte < 0) {
        return VmFault.OOM;
      }
      pmd = Pte.table(pte);
      t.set(pmdT, pmdI, pmd);
    } else if (Pte.isHuge(pmd)) {
      if (!write || Pte.writable(pmd)) {
        return VmFault.OK;
      }
      int r = cow.hugeWpFault(mm, vma, va, pmdT, pmdI, pmd);
      if (r != VmFault.FALLBACK) {
        return r;
      }
      // The PMD was split: the same handle_mm_fault goes on at the PTE level, one fault.
      pmd = t.get(pmdT, pmdI);
    }
    int pteT = (int) Pte.payload(pmd);
    int pteI = t.index(t.depth() - 1, va);
    long pte = t.get(pteT, pteI);
    if (pte == Pte.NONE) {
      return anonymousFault(mm, vma, va, write, pteT, pteI);
    }
    if (Pte.isSwap(pte)) {
      if (!swapIn.swapIn(mm, vma, va, pteT, pteI, pte, write)) {
        return VmFault.OOM;
      }
      // do_swap_page hands a write to a page it could not map writable on to do_wp_page
      pte = t.get(pteT, pteI);
    }
    if (write && !Pte.writable(pte)) {
      return cow.wpFault(mm, vma, va, pteT, pteI, pte);
    }
    return VmFault.OK;
  }

  /** THP fault eligibility: the kernel's mechanics first, then the policy's word. */
  private boolean hugeEligible(Vma vma, long va) {
    if (pmdOrder == 0) {
      return false;
    }
    long haddr = va & -pmdSize;
    if (haddr < vma.start() || haddr + pmdSize > vma.end()) {
      return false;
    }
    ThpPolicy p = policy.get();
    return p != null && (p.faultOrders(vma, va) & (1L << pmdOrder)) != 0;
  }

  /**
   * do_anonymous_page: the zero page on a read; on a write a fresh zeroed folio of the largest
   * order the policy allows whose aligned range lies in the VMA with every PTE empty ({@code
   * alloc_anon_folio}), else a base page.
   */
  int anonymousFault(Mm mm, Vma vma, long va, boolean write, int pteT, int pteI) {
    if (!write) {
      tables.set(pteT, pteI, Pte.zero(zeroPages.zeroPage(), false));
      return VmFault.OK;
    }
    if (pteFolioOrders != 0 && release.multiSizeThp && anonFolioFault(mm, vma, va, pteT)) {
      return VmFault.OK;
    }
    long pfn =
        pages.allocPages(0, Gfp.MOVABLE, (short) (PhysicalMemory.ANON | PhysicalMemory.MOVABLE));
    if (pfn < 0) {
      return VmFault.OOM;
    }
    cost.clear(pfn, 1);
    anon.mapPage(mm, vma, va, pfn, pteT, pteI);
    return VmFault.OK;
  }

  /**
   * Tries the PTE-mapped folio orders the policy allows at {@code va}, largest first; true when one
   * was mapped. Each order that fits but cannot be allocated counts a fallback.
   */
  private boolean anonFolioFault(Mm mm, Vma vma, long va, int pteT) {
    ThpPolicy p = policy.get();
    if (p == null) {
      return false;
    }
    long orders = p.faultOrders(vma, va) & pteFolioOrders;
    while (orders != 0) {
      int order = 63 - Long.numberOfLeadingZeros(orders);
      orders &= ~(1L << order);
      long size = 1L << (pageShift + order);
      long start = va & -size;
      if (start < vma.start() || start + size > vma.end() || !ptesNone(pteT, start, order)) {
        continue;
      }
      long head = anon.allocFolio(order, p.faultDefrag(vma));
      if (head < 0) {
        mthp.faultFallback(order);
        continue;
      }
      int n = 1 << order;
      cost.clear(head, n);
      int first = tables.index(tables.depth() - 1, start);
      for (int i = 0; i < n; i++) {
        anon.mapPage(mm, vma, start + ((long) i << pageShift), head + i, pteT, first + i);
      }
      cont.refoldRange(pteT, first, first + n);
      mthp.faultAlloc(order);
      return true;
    }
    return false;
  }

  /** Whether the PTEs of the aligned range of {@code order} at {@code start} are all empty. */
  private boolean ptesNone(int pteT, long start, int order) {
    int first = tables.index(tables.depth() - 1, start);
    for (int i = first; i < first + (1 << order); i++) {
      if (tables.get(pteT, i) != Pte.NONE) {
        return false;
      }
    }
    return true;
  }

  /**
   * do_huge_pmd_anonymous_page: the huge zero page on a read (3.8+), else a fresh huge page; a huge
   * zero page that cannot be allocated counts {@code thp_fault_fallback} as well.
   */
  private int hugeAnonymousFault(Mm mm, Vma vma, long va, boolean write, int pmdT, int pmdI) {
    ThpPolicy p = policy.get();
    if (!write && release.hugeZeroPage && p.useHugeZeroPage()) {
      long hz = zeroPages.hugeZeroPage(mm);
      if (hz < 0) {
        ev.thpFaultFallback.inc();
        return VmFault.FALLBACK;
      }
      int dep = pages.allocTable();
      if (dep < 0) {
        return VmFault.FALLBACK;
      }
      mm.deposit(dep);
      tables.set(pmdT, pmdI, Pte.zero(hz, true));
      return VmFault.OK;
    }
    long head = prezeroed.take((short) (PhysicalMemory.ANON | PhysicalMemory.MOVABLE), p);
    boolean zeroed = head >= 0;
    if (head == PrezeroPool.EMPTY) {
      head = anon.allocFolio(pmdOrder, p.faultDefrag(vma));
    }
    if (head < 0) {
      ev.thpFaultFallback.inc();
      mthp.faultFallback(pmdOrder);
      return VmFault.FALLBACK;
    }
    int dep = pages.allocTable();
    if (dep < 0) {
      pages.freePages(head, pmdOrder);
      ev.thpFaultFallback.inc();
      return VmFault.FALLBACK;
    }
    mm.deposit(dep);
    if (!zeroed) {
      cost.clear(head, 1 << pmdOrder);
    }
    anon.mapHuge(mm, vma, va & -pmdSize, head, pmdT, pmdI);
    ev.thpFaultAlloc.inc();
    mthp.faultAlloc(pmdOrder);
    return VmFault.OK;
  }
}
