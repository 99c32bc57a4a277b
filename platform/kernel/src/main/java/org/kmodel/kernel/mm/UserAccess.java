package org.kmodel.kernel.mm;

import org.kmodel.api.mm.VmFlags;
import org.kmodel.kernel.cost.CostModel;
import org.kmodel.kernel.mm.swap.SwapDevice;

/**
 * What a user-space load or store does: the MMU walk the cost model charges, and when the entry is
 * absent or read-only the fault entry of the architecture ({@code do_user_addr_fault}): SIGSEGV
 * outside a VMA or against its permissions, else {@code handle_mm_fault} until the access can
 * proceed, the OOM killer when it runs out of memory. Also what a load reads, without faulting.
 */
final class UserAccess {
  private final PhysicalMemory memory;
  private final PageTables tables;
  private final int pageShift;
  private final int pmdOrder;
  private final long pmdSize;
  private final int contOrder;
  private final PageWalk walk;
  private final Faults faults;
  private final FatalSignals signals;
  private final SwapDevice swap;
  private final CostModel cost;
  private final VmEvents ev;

  /** Physical address of the entry each level of the last charged walk read. */
  private final long[] path = new long[8];

  UserAccess(
      Machine machine,
      PageWalk walk,
      Faults faults,
      FatalSignals signals,
      SwapDevice swap,
      CostModel cost,
      VmEvents ev) {
    this.memory = machine.memory;
    this.tables = machine.tables;
    this.pageShift = machine.pageShift;
    this.pmdOrder = machine.pmdOrder;
    this.pmdSize = machine.pmdSize;
    this.contOrder = machine.contOrder;
    this.walk = walk;
    this.faults = faults;
    this.signals = signals;
    this.swap = swap;
    this.cost = cost;
    this.ev = ev;
  }

  /**
   * Charges the cost model for one access to (or, with {@code memset}, one page of a memset at)
   * {@code va}, which must be mapped: the translation, then the data. The leaf's accessed bit is
   * set as the MMU sets it, for policies that sample it.
   */
  void charge(Mm mm, long va, boolean memset) {
    PageTables t = tables;
    int table = mm.root;
    int idx = 0;
    long e = Pte.NONE;
    for (int level = 0; level < t.depth(); level++) {
      idx = t.index(level, va);
      path[level] = (t.backingPfn(table) << pageShift) | ((long) idx << 3);
      e = t.get(table, idx);
      if (!Pte.isTable(e)) {
        break;
      }
      table = (int) Pte.payload(e);
    }
    if ((e & Pte.YOUNG) == 0 && Pte.present(e)) {
      e |= Pte.YOUNG;
      t.set(table, idx, e);
    }
    boolean huge = Pte.isHuge(e);
    long pfn = Pte.payload(e);
    if (huge) {
      pfn += (va & (pmdSize - 1)) >>> pageShift;
    }
    long pa = (pfn << pageShift) | (va & ((1L << pageShift) - 1));
    int order = huge ? pmdOrder : Pte.isCont(e) ? contOrder : 0;
    if (memset) {
      cost.memsetPage(mm.root, mm.account, va, order, pa, path);
    } else {
      cost.access(mm.root, mm.account, va, order, pa, path);
    }
  }

  /**
   * One CPU access. Present and permitted: nothing to do (the TLB path). Otherwise a fault.
   *
   * @return false when the process died (SIGSEGV or OOM kill) on this access
   */
  boolean access(Process p, long va, boolean write) {
    Mm mm = p.mm();
    Vma vma = mm.find(va);
    if (vma == null || !permits(vma, write)) {
      signals.segv(p, va, write, vma == null ? "no mapping" : "protection");
      return false;
    }
    long leaf = walk.leaf(mm, va);
    if (Pte.present(leaf) && (!write || Pte.writable(leaf))) {
      return true;
    }
    while (true) {
      ev.pgfault.inc();
      cost.invalidate(mm.root, va);
      int r = faults.handle(mm, vma, va, write);
      cost.fault(r == VmFault.OK && Pte.isHuge(walk.leaf(mm, va)));
      if (r == VmFault.OK) {
        return true;
      }
      if (r == VmFault.OOM && !signals.oomKill(p)) {
        return false;
      }
    }
  }

  /**
   * Makes {@code va} writable and returns the frame now mapped there, or -1 if the process died.
   */
  long writablePage(Process p, long va) {
    if (!access(p, va, true)) {
      return -1;
    }
    long leaf = walk.leaf(p.mm(), va);
    long pfn = Pte.payload(leaf);
    if (Pte.isHuge(leaf)) {
      pfn += (va & (pmdSize - 1)) >>> pageShift;
    }
    return pfn;
  }

  /** The content a read of {@code va} sees, without faulting. */
  int readContent(Mm mm, long va) {
    long leaf = walk.leaf(mm, va);
    if (Pte.isSwap(leaf)) {
      return swap.content(Pte.payload(leaf));
    }
    if (!Pte.present(leaf) || Pte.isZero(leaf)) {
      return PhysicalMemory.ZERO_CONTENT;
    }
    long pfn = Pte.payload(leaf);
    if (Pte.isHuge(leaf)) {
      pfn += (va & (pmdSize - 1)) >>> pageShift;
    }
    return memory.content(pfn);
  }

  private static boolean permits(Vma vma, boolean write) {
    long need = write ? VmFlags.WRITE : VmFlags.READ;
    return (vma.flags() & need) != 0;
  }
}
