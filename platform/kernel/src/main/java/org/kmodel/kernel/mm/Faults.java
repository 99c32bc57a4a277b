package org.kmodel.kernel.mm;

import java.util.Map;
import org.kmodel.api.mm.Gfp;
import org.kmodel.api.mm.VmFlags;
import org.kmodel.api.thp.Defrag;
import org.kmodel.api.thp.ThpPolicy;

/**
 * The fault paths: {@code handle_mm_fault} down to {@code do_anonymous_page} (with 6.8's multi-size
 * THP: a PTE-mapped folio of the largest order the policy allows that fits, contiguous where a span
 * fits), the THP fault ({@code do_huge_pmd_anonymous_page}, silent fallback to smaller folios and
 * base pages), the huge zero page, and copy-on-write for base and huge pages in the 2.6.38–5.7
 * ("legacy") and 5.8+ ("modern") forms.
 */
final class Faults {
  private static final int OK = 0;
  private static final int RETRY = 1;
  private static final int OOM = 2;
  private static final int FALLBACK = 3;

  private final MemoryManager m;
  private final ContPte cont;

  /** Physical address of the entry each level of the last charged walk read. */
  private final long[] path = new long[8];

  Faults(MemoryManager m) {
    this.m = m;
    this.cont = new ContPte(m);
  }

  ContPte cont() {
    return cont;
  }

  /**
   * Charges the cost model for one access to (or, with {@code memset}, one page of a memset at)
   * {@code va}, which must be mapped: the translation, then the data.
   */
  void charge(Mm mm, long va, boolean memset) {
    PageTables t = m.tables;
    int table = mm.root;
    long e = Pte.NONE;
    for (int level = 0; level < t.depth(); level++) {
      int idx = t.index(level, va);
      path[level] = (t.backingPfn(table) << m.pageShift) | ((long) idx << 3);
      e = t.get(table, idx);
      if (!Pte.isTable(e)) {
        break;
      }
      table = (int) Pte.payload(e);
    }
    boolean huge = Pte.isHuge(e);
    long pfn = Pte.payload(e);
    if (huge) {
      pfn += (va & (m.pmdSize - 1)) >>> m.pageShift;
    }
    long pa = (pfn << m.pageShift) | (va & ((1L << m.pageShift) - 1));
    int order = huge ? m.pmdOrder : Pte.isCont(e) ? m.contOrder : 0;
    if (memset) {
      m.cost.memsetPage(mm.root, va, order, pa, path);
    } else {
      m.cost.access(mm.root, va, order, pa, path);
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
      segv(p, va, write, vma == null ? "no mapping" : "protection");
      return false;
    }
    long leaf = leaf(mm, va);
    if (Pte.present(leaf) && (!write || Pte.writable(leaf))) {
      return true;
    }
    while (true) {
      m.ev.pgfault.inc();
      m.cost.invalidate(mm.root, va);
      int r = handle(mm, vma, va, write);
      m.cost.fault(r == OK && Pte.isHuge(leaf(mm, va)));
      if (r == OK) {
        return true;
      }
      if (r == OOM && !oomKill(p)) {
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
    long leaf = leaf(p.mm(), va);
    long pfn = Pte.payload(leaf);
    if (Pte.isHuge(leaf)) {
      pfn += (va & (m.pmdSize - 1)) >>> m.pageShift;
    }
    return pfn;
  }

  /** The content a read of {@code va} sees, without faulting. */
  int readContent(Mm mm, long va) {
    long leaf = leaf(mm, va);
    if (Pte.isSwap(leaf)) {
      return m.swapContent(Pte.payload(leaf));
    }
    if (!Pte.present(leaf) || Pte.isZero(leaf)) {
      return PhysicalMemory.ZERO_CONTENT;
    }
    long pfn = Pte.payload(leaf);
    if (Pte.isHuge(leaf)) {
      pfn += (va & (m.pmdSize - 1)) >>> m.pageShift;
    }
    return m.memory.content(pfn);
  }

  private static boolean permits(Vma vma, boolean write) {
    long need = write ? VmFlags.WRITE : VmFlags.READ;
    return (vma.flags() & need) != 0;
  }

  /** The leaf entry mapping {@code va} (a PTE or a huge PMD), or none. */
  long leaf(Mm mm, long va) {
    PageTables t = m.tables;
    int table = mm.root;
    for (int level = 0; level < t.depth(); level++) {
      long e = t.get(table, t.index(level, va));
      if (!Pte.isTable(e)) {
        return e;
      }
      table = (int) Pte.payload(e);
    }
    return Pte.NONE;
  }

  /**
   * The PMD-level table for {@code va}, allocating upper levels when {@code alloc}; -1 when an
   * upper level is missing (and not allocated) or no frame could be had.
   */
  int pmdTable(Mm mm, long va, boolean alloc) {
    PageTables t = m.tables;
    int table = mm.root;
    for (int level = 0; level < t.pmdLevel(); level++) {
      int idx = t.index(level, va);
      long e = t.get(table, idx);
      if (e == Pte.NONE) {
        if (!alloc) {
          return -1;
        }
        int next = m.allocTable();
        if (next < 0) {
          return -1;
        }
        t.set(table, idx, Pte.table(next));
        e = Pte.table(next);
      }
      table = (int) Pte.payload(e);
    }
    return table;
  }

  private int handle(Mm mm, Vma vma, long va, boolean write) {
    PageTables t = m.tables;
    int pmdT = pmdTable(mm, va, true);
    if (pmdT < 0) {
      return OOM;
    }
    int pmdI = t.index(t.pmdLevel(), va);
    long pmd = t.get(pmdT, pmdI);
    if (pmd == Pte.NONE) {
      if (hugeEligible(vma, va)) {
        int r = hugeAnonymousFault(mm, vma, va, write, pmdT, pmdI);
        if (r != FALLBACK) {
          return r;
        }
      }
      int pte = m.allocTable();
      if (pte < 0) {
        return OOM;
      }
      pmd = Pte.table(pte);
      t.set(pmdT, pmdI, pmd);
    } else if (Pte.isHuge(pmd)) {
      return write && !Pte.writable(pmd) ? hugeWpFault(mm, vma, va, pmdT, pmdI, pmd) : OK;
    }
    int pteT = (int) Pte.payload(pmd);
    int pteI = t.index(t.depth() - 1, va);
    long pte = t.get(pteT, pteI);
    if (pte == Pte.NONE) {
      return anonymousFault(mm, vma, va, write, pteT, pteI);
    }
    if (Pte.isSwap(pte)) {
      return m.swapIn(mm, vma, va, write, pteT, pteI, pte) ? OK : OOM;
    }
    if (write && !Pte.writable(pte)) {
      return wpFault(mm, vma, va, pteT, pteI, pte);
    }
    return OK;
  }

  /** THP fault eligibility: the kernel's mechanics first, then the policy's word. */
  private boolean hugeEligible(Vma vma, long va) {
    if (!m.thpCapable()) {
      return false;
    }
    long haddr = va & -m.pmdSize;
    if (haddr < vma.start() || haddr + m.pmdSize > vma.end()) {
      return false;
    }
    ThpPolicy policy = m.policy();
    return policy != null && (policy.faultOrders(vma, va) & (1L << m.pmdOrder)) != 0;
  }

  /**
   * do_anonymous_page: the zero page on a read; on a write a fresh zeroed folio of the largest
   * order the policy allows whose aligned range lies in the VMA with every PTE empty ({@code
   * alloc_anon_folio}), else a base page.
   */
  private int anonymousFault(Mm mm, Vma vma, long va, boolean write, int pteT, int pteI) {
    if (!write) {
      long zero = m.zeroPage();
      if (zero < 0) {
        return OOM;
      }
      m.tables.set(pteT, pteI, Pte.zero(zero, false));
      return OK;
    }
    if (m.machine.pteFolioOrders != 0 && anonFolioFault(mm, vma, va, pteT)) {
      return OK;
    }
    long pfn = m.allocPages(0, Gfp.MOVABLE, (short) (PhysicalMemory.ANON | PhysicalMemory.MOVABLE));
    if (pfn < 0) {
      return OOM;
    }
    m.cost.clear(pfn, 1);
    mapNewPage(mm, vma, va, pfn, pteT, pteI);
    return OK;
  }

  /**
   * Tries the PTE-mapped folio orders the policy allows at {@code va}, largest first; true when one
   * was mapped. Each order that fits but cannot be allocated counts a fallback.
   */
  private boolean anonFolioFault(Mm mm, Vma vma, long va, int pteT) {
    ThpPolicy policy = m.policy();
    if (policy == null) {
      return false;
    }
    long orders = policy.faultOrders(vma, va) & m.machine.pteFolioOrders;
    while (orders != 0) {
      int order = 63 - Long.numberOfLeadingZeros(orders);
      orders &= ~(1L << order);
      long size = 1L << (m.pageShift + order);
      long start = va & -size;
      if (start < vma.start() || start + size > vma.end() || !ptesNone(pteT, start, order)) {
        continue;
      }
      long head = allocFolio(order, policy.faultDefrag(vma));
      if (head < 0) {
        m.mthp.faultFallback(order);
        continue;
      }
      int n = 1 << order;
      m.cost.clear(head, n);
      int first = m.tables.index(m.tables.depth() - 1, start);
      for (int i = 0; i < n; i++) {
        mapNewPage(mm, vma, start + ((long) i << m.pageShift), head + i, pteT, first + i);
      }
      cont.refoldRange(pteT, first, first + n);
      m.mthp.faultAlloc(order);
      return true;
    }
    return false;
  }

  /** Whether the PTEs of the aligned range of {@code order} at {@code start} are all empty. */
  private boolean ptesNone(int pteT, long start, int order) {
    int first = m.tables.index(m.tables.depth() - 1, start);
    for (int i = first; i < first + (1 << order); i++) {
      if (m.tables.get(pteT, i) != Pte.NONE) {
        return false;
      }
    }
    return true;
  }

  private void mapNewPage(Mm mm, Vma vma, long va, long pfn, int pteT, int pteI) {
    AnonVma av = m.anonVmaFor(vma);
    m.memory.setRmap(pfn, av.id(), AnonVma.indexOf(vma, va, m.pageShift));
    m.memory.incMapcount(pfn);
    m.tables.set(pteT, pteI, Pte.page(pfn, (vma.flags() & VmFlags.WRITE) != 0));
    mm.anonRss++;
  }

  /** do_huge_pmd_anonymous_page: a huge zero page on a read, else a fresh huge page. */
  private int hugeAnonymousFault(Mm mm, Vma vma, long va, boolean write, int pmdT, int pmdI) {
    ThpPolicy policy = m.policy();
    if (!write && policy.useHugeZeroPage()) {
      long hz = hugeZeroPage();
      if (hz < 0) {
        return FALLBACK;
      }
      int dep = m.allocTable();
      if (dep < 0) {
        return FALLBACK;
      }
      mm.deposit(dep);
      m.tables.set(pmdT, pmdI, Pte.zero(hz, true));
      return OK;
    }
    long head = allocFolio(m.pmdOrder, policy.faultDefrag(vma));
    if (head < 0) {
      m.ev.thpFaultFallback.inc();
      m.mthp.faultFallback(m.pmdOrder);
      return FALLBACK;
    }
    int dep = m.allocTable();
    if (dep < 0) {
      m.freePages(head, m.pmdOrder);
      m.ev.thpFaultFallback.inc();
      return FALLBACK;
    }
    mm.deposit(dep);
    m.cost.clear(head, 1 << m.pmdOrder);
    mapNewHuge(mm, vma, va & -m.pmdSize, head, pmdT, pmdI);
    m.ev.thpFaultAlloc.inc();
    m.mthp.faultAlloc(m.pmdOrder);
    return OK;
  }

  /** A large folio of {@code order}, compacting as the defrag mode allows; -1 on failure. */
  long allocFolio(int order, Defrag defrag) {
    long head =
        m.allocPages(
            order, m.gfpForDefrag(defrag), (short) (PhysicalMemory.ANON | PhysicalMemory.MOVABLE));
    if (head < 0) {
      if (defrag == Defrag.DEFER) {
        m.env.allocator().get().compact(order);
      }
      return -1;
    }
    m.memory.makeCompound(head, order);
    return head;
  }

  void mapNewHuge(Mm mm, Vma vma, long haddr, long head, int pmdT, int pmdI) {
    AnonVma av = m.anonVmaFor(vma);
    m.memory.setRmap(head, av.id(), AnonVma.indexOf(vma, haddr, m.pageShift));
    m.memory.incEntireMapcount(head);
    m.tables.set(pmdT, pmdI, Pte.huge(head, (vma.flags() & VmFlags.WRITE) != 0));
    mm.hugeRss++;
  }

  private long hugeZeroPage() {
    if (m.hugeZeroPfn < 0) {
      long pfn = m.allocPages(m.pmdOrder, Gfp.TRANSHUGE, PhysicalMemory.ZERO);
      if (pfn < 0) {
        m.ev.thpZeroPageAllocFailed.inc();
        return -1;
      }
      m.hugeZeroPfn = pfn;
      m.ev.thpZeroPageAlloc.inc();
    }
    return m.hugeZeroPfn;
  }

  /** do_wp_page: reuse a page mapped once, else copy it (the zero page is always copied). */
  private int wpFault(Mm mm, Vma vma, long va, int pteT, int pteI, long pte) {
    PhysicalMemory mem = m.memory;
    if (Pte.isZero(pte)) {
      long pfn =
          m.allocPages(0, Gfp.MOVABLE, (short) (PhysicalMemory.ANON | PhysicalMemory.MOVABLE));
      if (pfn < 0) {
        return OOM;
      }
      m.cost.clear(pfn, 1);
      mapNewPage(mm, vma, va, pfn, pteT, pteI);
      return OK;
    }
    cont.unfold(pteT, pteI);
    pte = m.tables.get(pteT, pteI);
    long pfn = Pte.payload(pte);
    long head = mem.head(pfn);
    int mappings =
        mem.mapcount(pfn)
            + (head != pfn || mem.has(pfn, PhysicalMemory.HEAD) ? mem.entireMapcount(head) : 0);
    if (mappings == 1) {
      m.tables.set(pteT, pteI, Pte.mkwrite(pte));
      cont.refold(pteT, pteI);
      return OK;
    }
    mem.set(pfn, PhysicalMemory.PINNED);
    long copy =
        m.allocPages(0, Gfp.MOVABLE, (short) (PhysicalMemory.ANON | PhysicalMemory.MOVABLE));
    mem.clear(pfn, PhysicalMemory.PINNED);
    if (copy < 0) {
      return OOM;
    }
    mem.copyContent(pfn, copy);
    m.cost.copy(copy, 1);
    mm.anonRss--;
    mapNewPage(mm, vma, va, copy, pteT, pteI);
    if (mem.decMapcount(pfn) == 0) {
      m.zap.putPage(pfn);
    }
    return OK;
  }

  /** do_huge_pmd_wp_page. */
  private int hugeWpFault(Mm mm, Vma vma, long va, int pmdT, int pmdI, long pmd) {
    long haddr = va & -m.pmdSize;
    PhysicalMemory mem = m.memory;
    if (Pte.isZero(pmd)) {
      if (!m.modes.modernCow() && replaceHuge(mm, vma, haddr, pmdT, pmdI, -1)) {
        return OK;
      }
      m.split.splitPmd(mm, pmdT, pmdI, haddr);
      return RETRY;
    }
    long head = Pte.payload(pmd);
    if (mem.entireMapcount(head) == 1 && mem.subpagesMapped(head) == 0) {
      m.tables.set(pmdT, pmdI, Pte.mkwrite(pmd));
      return OK;
    }
    if (m.modes.modernCow()) {
      m.split.splitPmd(mm, pmdT, pmdI, haddr);
      return RETRY;
    }
    if (replaceHuge(mm, vma, haddr, pmdT, pmdI, head)) {
      return OK;
    }
    return copyIntoBasePages(mm, vma, haddr, pmdT, pmdI, head);
  }

  /** Legacy COW: a new huge page holding a copy of {@code old} (-1: the huge zero page). */
  private boolean replaceHuge(Mm mm, Vma vma, long haddr, int pmdT, int pmdI, long old) {
    long fresh = allocFolio(m.pmdOrder, m.policy().faultDefrag(vma));
    if (fresh < 0) {
      m.ev.thpFaultFallback.inc();
      return false;
    }
    if (old >= 0) {
      for (int i = 0; i < (1 << m.pmdOrder); i++) {
        m.memory.copyContent(old + i, fresh + i);
      }
      m.cost.copy(fresh, 1 << m.pmdOrder);
    } else {
      m.cost.clear(fresh, 1 << m.pmdOrder);
    }
    if (old >= 0) {
      mm.hugeRss--;
    }
    mapNewHuge(mm, vma, haddr, fresh, pmdT, pmdI);
    m.tables.set(pmdT, pmdI, Pte.mkwrite(m.tables.get(pmdT, pmdI)));
    if (old >= 0 && m.memory.decEntireMapcount(old) == 0) {
      m.zap.releaseCompound(old);
    }
    m.ev.thpFaultAlloc.inc();
    return true;
  }

  /** Legacy COW fallback: copy the huge page into base pages under this mm's own table. */
  private int copyIntoBasePages(Mm mm, Vma vma, long haddr, int pmdT, int pmdI, long head) {
    int n = 1 << m.pmdOrder;
    long[] copies = new long[n];
    m.memory.set(head, PhysicalMemory.PINNED);
    for (int i = 0; i < n; i++) {
      copies[i] =
          m.allocPages(0, Gfp.MOVABLE, (short) (PhysicalMemory.ANON | PhysicalMemory.MOVABLE));
      if (copies[i] < 0) {
        for (int j = 0; j < i; j++) {
          m.freePages(copies[j], 0);
        }
        m.memory.clear(head, PhysicalMemory.PINNED);
        return OOM;
      }
      m.memory.copyContent(head + i, copies[i]);
      m.cost.copy(copies[i], 1);
    }
    m.memory.clear(head, PhysicalMemory.PINNED);
    int pteT = mm.withdraw();
    m.tables.set(pmdT, pmdI, Pte.table(pteT));
    mm.hugeRss--;
    for (int i = 0; i < n; i++) {
      mapNewPage(mm, vma, haddr + ((long) i << m.pageShift), copies[i], pteT, i);
    }
    if (m.memory.decEntireMapcount(head) == 0) {
      m.zap.releaseCompound(head);
    }
    return OK;
  }

  private void segv(Process p, long va, boolean write, String why) {
    m.env
        .events()
        .record(
            "signal",
            String.format(
                "%s: SIGSEGV on %s at %#x (%s); the process is killed",
                p.pid(), write ? "write" : "read", va, why),
            Map.of("pid", p.pid(), "signal", "SIGSEGV"));
    m.env.processes().noteKill(true);
    m.exit(p.pid());
  }

  /** The OOM killer: kills the process with the largest footprint; false if it was {@code p}. */
  private boolean oomKill(Process p) {
    Process victim = null;
    long worst = -1;
    for (Process q : m.env.processes().all()) {
      long size = q.mm().anonRss + (q.mm().hugeRss << m.pmdOrder) + q.mm().swapEntries;
      if (size > worst) {
        worst = size;
        victim = q;
      }
    }
    if (victim == null) {
      return false;
    }
    m.ev.oomKill.inc();
    m.env.processes().noteKill(false);
    m.env
        .events()
        .record(
            "oom",
            String.format(
                "Out of memory: killed process %s (anon-rss %d kB) while %s faulted",
                victim.pid(), worst << (m.pageShift - 10), p.pid()),
            Map.of("pid", victim.pid(), "faulting", p.pid()));
    m.exit(victim.pid());
    return victim != p;
  }
}
