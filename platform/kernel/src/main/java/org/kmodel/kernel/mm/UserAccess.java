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
    chargeLeaf(mm, va, table, idx, e, memset);
  }

  /**
   * The charge of {@link #charge} once the walk has found leaf {@code e} at index {@code idx} of
   * {@code table}, with {@link #path} filled down to it.
   */
  private void chargeLeaf(Mm mm, long va, int table, int idx, long e, boolean memset) {
    if ((e & Pte.YOUNG) == 0 && Pte.present(e)) {
      e |= Pte.YOUNG;
      tables.set(table, idx, e);
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

  /** What {@link #run} returns when the process died on an access. */
  static final long DIED = Long.MIN_VALUE;

  /**
   * Accesses from {@code va} every {@code step} bytes up to {@code end}, as many as lie under one
   * page-table page that is already there and in one VMA the access is allowed to: each one exactly
   * as {@link #access} and {@link #charge} would do it (the same faults, counters, costs and
   * order), with one walk for the whole run instead of several per access. Where an entry needs
   * more than {@code do_anonymous_page} (a swap entry, a write to a read-only page) or a fault
   * fails, the run stops there for the general path to take over.
   *
   * @param memset whether each access writes its page whole with {@code content} (a memset; the
   *     step is then the page size)
   * @return the first address not handled ({@code va} itself when the run could not start), or
   *     {@link #DIED}
   */
  long run(Process p, long va, long end, long step, boolean write, boolean memset, int content) {
    Mm mm = p.mm();
    Vma vma = mm.find(va);
    if (vma == null || !permits(vma, write)) {
      return va;
    }
    PageTables t = tables;
    int leafLevel = t.depth() - 1;
    int table = mm.root;
    int pmdIdx = 0;
    for (int level = 0; level < leafLevel; level++) {
      int idx = t.index(level, va);
      path[level] = (t.backingPfn(table) << pageShift) | ((long) idx << 3);
      long e = t.get(table, idx);
      if (!Pte.isTable(e)) {
        return va;
      }
      if (level == leafLevel - 1) {
        pmdIdx = idx;
        break;
      }
      table = (int) Pte.payload(e);
    }
    int pmdT = table;
    long pmd = t.get(pmdT, pmdIdx);
    int pteT = (int) Pte.payload(pmd);
    long tableBase = t.backingPfn(pteT) << pageShift;
    long span = 1L << t.shift(leafLevel - 1);
    long limit = Math.min(Math.min(end, vma.end()), (va & -span) + span);
    cost.beginRun();
    try {
      for (; va < limit; va += step) {
        int idx = t.index(leafLevel, va);
        long e = t.get(pteT, idx);
        if (!Pte.present(e) || (write && !Pte.writable(e))) {
          if (e != Pte.NONE) {
            return va;
          }
          ev.pgfault.inc();
          cost.invalidate(mm.root, va);
          int r = faults.anonymousFault(mm, vma, va, write, pteT, idx);
          cost.fault(false);
          if (r != VmFault.OK) {
            // The general path goes on from the retry, as access's loop would.
            return r == VmFault.OOM && !signals.oomKill(p) ? DIED : va;
          }
          if (t.get(pmdT, pmdIdx) != pmd) {
            // Reclaim or a shrinker under the allocation changed the table: start afresh.
            return finish(p, va, write, memset, content) ? va + step : DIED;
          }
          e = t.get(pteT, idx);
        }
        if (memset) {
          memory.setContent(Pte.payload(e), content);
        }
        path[leafLevel] = tableBase | ((long) idx << 3);
        chargeLeaf(mm, va, pteT, idx, e, memset);
      }
      return va;
    } finally {
      cost.endRun();
    }
  }

  /** The rest of one access whose fault is done, on the general path. */
  private boolean finish(Process p, long va, boolean write, boolean memset, int content) {
    if (memset) {
      long pfn = writablePage(p, va);
      if (pfn < 0) {
        return false;
      }
      memory.setContent(pfn, content);
    } else if (!access(p, va, write)) {
      return false;
    }
    charge(p.mm(), va, memset);
    return true;
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
