package org.kmodel.kernel.mm;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.kmodel.api.mm.Gfp;
import org.kmodel.api.mm.PageAllocator;
import org.kmodel.api.mm.VmFlags;
import org.kmodel.api.thp.ThpPolicy;
import org.kmodel.kernel.cost.CostModel;
import org.kmodel.kernel.knob.KnobTree;

/**
 * The memory manager: processes, VMAs, page tables and the pages behind them. Each public method is
 * one system call or kernel path of Linux, named after it, and reports failure with the errno Linux
 * would give ({@link MmException}); faults never throw — a huge allocation that fails falls back to
 * base pages, and true exhaustion is a simulated OOM kill.
 *
 * <p>The work is split by kernel path into {@link Faults} (do_anonymous_page, the THP fault,
 * copy-on-write), {@link Zap} (unmapping and freeing), {@link HugeSplit} (splitting PMDs and
 * compound pages), {@link ForkCopy} and {@link MmViews}; this class holds the state they share.
 */
public final class MemoryManager {
  public static final String COW_KNOB = "/sys/kernel/kmodel/thp_cow";
  public static final String SWAPOUT_KNOB = "/sys/kernel/kmodel/thp_swapout";
  public static final String COLLAPSE_KNOB = "/sys/kernel/kmodel/khugepaged_collapse";

  final MmEnvironment env;
  final VmEvents ev;
  final List<AnonVma> anonVmas = new ArrayList<>();
  final ArrayDeque<Long> deferredSplit = new ArrayDeque<>();
  final ThpModes modes;
  private Khugepaged khugepaged;
  Machine machine;
  PhysicalMemory memory;
  PageTables tables;
  int pageShift;
  int pmdOrder;
  long pmdSize;
  int contOrder;
  long zeroPfn = -1;
  long hugeZeroPfn = -1;
  final Faults faults;
  final Zap zap;
  final HugeSplit split;
  Swapper swapper;
  final Rmap rmap;
  final CostModel cost;
  final MthpStats mthp = new MthpStats();

  public MemoryManager(MmEnvironment env) {
    this.env = env;
    this.ev = new VmEvents(env.counters());
    anonVmas.add(null);
    this.modes = new ThpModes(env.knobs());
    this.rmap = new Rmap(this);
    this.cost = env.cost();
    this.faults = new Faults(this);
    this.zap = new Zap(this);
    this.split = new HugeSplit(this);
    env.counters().gauge("nr_anon_pages", this::anonPages);
    env.counters().gauge("nr_anon_transparent_hugepages", this::anonHugePages);
    env.counters().gauge("nr_page_table_pages", () -> tables == null ? 0 : tables.live());
  }

  /**
   * Takes the machine an architecture pinned (at boot, or again before the first process when an
   * architecture of another geometry replaces it): every size the paths use comes from it. THP
   * counters, khugepaged's files and khugepaged itself appear once a machine with transparent huge
   * pages is pinned.
   */
  public void boot(Machine machine) {
    if (!env.processes().isEmpty()) {
      throw new IllegalStateException("the machine cannot change under live processes");
    }
    this.machine = machine;
    this.memory = machine.memory;
    this.tables = machine.tables;
    this.pageShift = machine.pageShift;
    this.pmdOrder = machine.pmdOrder;
    this.pmdSize = machine.pmdSize;
    this.contOrder = machine.contOrder;
    this.zeroPfn = -1;
    this.hugeZeroPfn = -1;
    deferredSplit.clear();
    anonVmas.subList(1, anonVmas.size()).clear();
    this.swapper = new Swapper(this, env.swapBytes());
    memory.setMigrationHook(rmap::migrate);
    mthp.register(
        env.knobs(),
        machine.thpCapable() ? machine.pteFolioOrders | (1L << pmdOrder) : 0,
        pageShift);
    if (machine.thpCapable()) {
      startKhugepaged();
    }
  }

  /** The machine pinned at boot, or {@code null} before an architecture is attached. */
  public Machine machine() {
    return machine;
  }

  private void startKhugepaged() {
    if (khugepaged != null) {
      return;
    }
    ev.enableThp(env.counters());
    org.kmodel.api.counter.Counter collapsed =
        new org.kmodel.api.counter.Counter("pages_collapsed");
    org.kmodel.api.counter.Counter scans = new org.kmodel.api.counter.Counter("full_scans");
    String dir = "/sys/kernel/mm/transparent_hugepage/khugepaged/";
    env.knobs()
        .register(
            KnobTree.KERNEL,
            new org.kmodel.api.knob.ReadOnlyKnob(
                dir + "pages_collapsed", () -> Long.toString(collapsed.get())));
    env.knobs()
        .register(
            KnobTree.KERNEL,
            new org.kmodel.api.knob.ReadOnlyKnob(
                dir + "full_scans", () -> Long.toString(scans.get())));
    khugepaged = new Khugepaged(this, collapsed, scans);
    khugepaged.sleepUntil(env.clock().nowNanos() + 10_000_000L);
    env.engine().spawn(khugepaged);
  }

  /** The khugepaged thread, or {@code null} on an architecture without huge pages. */
  public Khugepaged khugepaged() {
    return khugepaged;
  }

  /** Whether the attached architecture maps transparent huge pages. */
  boolean thpCapable() {
    return pmdOrder != 0;
  }

  /** Whether the last process that died on an access died of SIGSEGV (not an OOM kill). */
  public boolean lastKillWasSegv() {
    return env.processes().lastKillWasSegv();
  }

  ThpPolicy policy() {
    return env.thpPolicy().get();
  }

  // ---- page allocation ---------------------------------------------------------------------

  /**
   * Allocates a block and marks it in use. When a base page cannot be had, deferred-split huge
   * pages are split to give back their unmapped parts, then direct reclaim swaps pages out, and the
   * allocation is retried after each.
   *
   * @return the first frame, or {@link PageAllocator#NO_FRAME}
   */
  long allocPages(int order, int gfp, short kind) {
    if (env.failPageAlloc().shouldFail(order, gfp)) {
      return PageAllocator.NO_FRAME;
    }
    PageAllocator a = env.allocator().get();
    long pfn = a.allocate(order, gfp);
    if (pfn < 0 && order == 0) {
      if (!deferredSplit.isEmpty()) {
        split.shrinkDeferred();
        pfn = a.allocate(order, gfp);
      }
      while (pfn < 0 && swapper.reclaim() > 0) {
        pfn = a.allocate(order, gfp);
      }
    }
    if (pfn < 0) {
      return PageAllocator.NO_FRAME;
    }
    memory.markInUse(pfn, order, kind);
    return pfn;
  }

  void freePages(long pfn, int order) {
    memory.markFree(pfn, order);
    env.allocator().get().free(pfn, order);
  }

  /** A frame for a page-table page, or -1. */
  int allocTable() {
    long pfn = allocPages(0, 0, PhysicalMemory.PAGETABLE);
    return pfn < 0 ? -1 : tables.allocate(pfn);
  }

  void freeTable(int id) {
    freePages(tables.free(id), 0);
  }

  long zeroPage() {
    if (zeroPfn < 0) {
      zeroPfn = allocPages(0, 0, PhysicalMemory.ZERO);
    }
    return zeroPfn;
  }

  AnonVma anonVmaFor(Vma vma) {
    if (vma.anonVma() == null) {
      AnonVma av = new AnonVma(anonVmas.size(), vma.pgoff());
      anonVmas.add(av);
      av.vmas().add(vma);
      vma.setAnonVma(av);
    }
    return vma.anonVma();
  }

  // ---- processes --------------------------------------------------------------------------

  /** A new process with an empty address space ({@code fork}+{@code exec} of a fresh program). */
  public Process spawn(String pid) {
    if (env.processes().get(pid) != null) {
      throw new MmException("EEXIST", "process " + pid + " already exists");
    }
    Mm mm = new Mm(machine.pageSize, Mm.mmapBase(machine.geometry.virtualAddressBits()));
    int root = allocTable();
    if (root < 0) {
      throw new MmException("ENOMEM", "no memory for the page-table root of " + pid);
    }
    mm.root = root;
    Process p = new Process(pid, mm);
    env.processes().add(p);
    return p;
  }

  /** {@code fork()}: a child sharing every anonymous page copy-on-write. */
  public Process fork(String parentPid, String childPid) {
    Process parent = process(parentPid);
    if (env.processes().get(childPid) != null) {
      throw new MmException("EEXIST", "process " + childPid + " already exists");
    }
    Process child = spawn(childPid);
    if (!new ForkCopy(this).copy(parent.mm(), child.mm())) {
      exit(childPid);
      throw new MmException("ENOMEM", "fork of " + parentPid + " ran out of memory");
    }
    child.regions().putAll(parent.regions());
    return child;
  }

  /** {@code exit()}: unmaps everything and frees the page tables. */
  public void exit(String pid) {
    Process p = process(pid);
    Mm mm = p.mm();
    for (Vma v : mm.vmas()) {
      zap.zapRange(mm, v.start(), v.end(), true);
      AnonVma.unlink(v);
      mm.remove(v);
    }
    zap.freeAllTables(mm);
    env.processes().remove(pid);
    if (env.processes().isEmpty()) {
      releaseZeroPages();
    }
  }

  /** With no process left nothing maps the zero pages; give them back (as the shrinker would). */
  private void releaseZeroPages() {
    if (zeroPfn >= 0) {
      freePages(zeroPfn, 0);
      zeroPfn = -1;
    }
    if (hugeZeroPfn >= 0) {
      freePages(hugeZeroPfn, pmdOrder);
      hugeZeroPfn = -1;
    }
  }

  // ---- mappings ---------------------------------------------------------------------------

  /**
   * {@code mmap(NULL, length, prot, MAP_PRIVATE|MAP_ANONYMOUS)}: places a new anonymous VMA
   * top-down, aligned to {@code align} when given — and to the huge page size when the length is a
   * multiple of it, as Linux 6.7+ aligns large anonymous mappings — and names the range.
   */
  public Process.Region mmapAnonymous(
      String pid, String region, long length, long align, long prot) {
    Process p = process(pid);
    long pageSize = 1L << pageShift;
    if (length <= 0 || length % pageSize != 0) {
      throw new MmException("EINVAL", "length " + length + " is not a positive page multiple");
    }
    long a = Math.max(align, pageSize);
    if (align == 0 && thpCapable() && length % pmdSize == 0) {
      a = pmdSize;
    }
    long start = p.mm().unmappedArea(length, a);
    if (start < 0) {
      throw new MmException("ENOMEM", "no room for " + length + " bytes in " + pid);
    }
    Vma vma = p.mm().insert(start, length, prot, start >>> pageShift);
    mergeAround(p.mm(), vma);
    Process.Region r = new Process.Region(start, start + length);
    p.regions().put(region, r);
    if (thpCapable() && policy() != null && policy().khugepagedEligible(vma)) {
      p.mm().khugepagedRegistered = true;
    }
    return r;
  }

  /** {@code munmap(start, length)}. */
  public void munmap(String pid, long start, long end) {
    Mm mm = process(pid).mm();
    splitAt(mm, start);
    splitAt(mm, end);
    for (Vma v : mm.overlapping(start, end)) {
      zap.zapRange(mm, v.start(), v.end(), false);
      AnonVma.unlink(v);
      mm.remove(v);
    }
    zap.freeUnusedTables(mm, start, end);
  }

  /** {@code mprotect(start, length, prot)}. */
  public void mprotect(String pid, long start, long end, long prot) {
    Mm mm = process(pid).mm();
    requireMapped(mm, start, end);
    splitAt(mm, start);
    splitAt(mm, end);
    for (Vma v : mm.overlapping(start, end)) {
      long keep = v.flags() & ~(VmFlags.READ | VmFlags.WRITE | VmFlags.EXEC);
      v.setFlags(keep | prot);
      if ((prot & VmFlags.WRITE) == 0) {
        zap.wrprotectRange(mm, v.start(), v.end());
      }
    }
    mergeRange(mm, start, end);
  }

  /** {@code madvise(MADV_HUGEPAGE / MADV_NOHUGEPAGE)}: sets or clears the VMA flag. */
  public void madviseHugepage(String pid, long start, long end, boolean huge) {
    Mm mm = process(pid).mm();
    requireMapped(mm, start, end);
    splitAt(mm, start);
    splitAt(mm, end);
    for (Vma v : mm.overlapping(start, end)) {
      long f = v.flags();
      v.setFlags(
          huge
              ? (f | VmFlags.HUGEPAGE) & ~VmFlags.NOHUGEPAGE
              : (f | VmFlags.NOHUGEPAGE) & ~VmFlags.HUGEPAGE);
    }
    if (huge && thpCapable()) {
      mm.khugepagedRegistered = true;
    }
    mergeRange(mm, start, end);
  }

  /** {@code madvise(MADV_DONTNEED)}: drops the pages; a partly covered huge page is split. */
  public void madviseDontneed(String pid, long start, long end) {
    Mm mm = process(pid).mm();
    requireMapped(mm, start, end);
    for (Vma v : mm.overlapping(start, end)) {
      zap.zapRange(mm, Math.max(start, v.start()), Math.min(end, v.end()), false);
    }
  }

  /**
   * {@code mremap(old, len, len, MREMAP_MAYMOVE)} of part of a region to a new place: aligned to
   * {@code align} if given, else deliberately not huge-aligned (so huge mappings in it split).
   */
  public Process.Region mremap(String pid, long start, long end, String newRegion, long align) {
    Process p = process(pid);
    Mm mm = p.mm();
    requireMapped(mm, start, end);
    long length = end - start;
    long page = 1L << pageShift;
    long target;
    if (align == 0 && thpCapable()) {
      // The contract: not huge-aligned unless asked. When top-down placement lands on a huge
      // boundary, take a gap one page larger and step off the boundary.
      target = mm.unmappedArea(length, page);
      if (target >= 0 && (target & (pmdSize - 1)) == 0) {
        target = mm.unmappedArea(length + page, page);
        if (target >= 0 && (target & (pmdSize - 1)) == 0) {
          target += page;
        }
      }
    } else {
      target = mm.unmappedArea(length, Math.max(align, page));
    }
    if (target < 0) {
      throw new MmException("ENOMEM", "no room to move " + length + " bytes");
    }
    splitAt(mm, start);
    splitAt(mm, end);
    new MoveRange(this).move(mm, start, end, target);
    Process.Region r = new Process.Region(target, target + length);
    p.regions().put(newRegion, r);
    return r;
  }

  // ---- accesses ---------------------------------------------------------------------------

  /**
   * CPU accesses to [start, end) every {@code step} bytes. Faults where nothing is mapped.
   *
   * @return false when the process was killed (SIGSEGV or OOM) during the accesses
   */
  public boolean touch(String pid, long start, long end, long step, boolean write) {
    Process p = process(pid);
    for (long va = start; va < end; va += step) {
      if (!faults.access(p, va, write)) {
        return false;
      }
      faults.charge(p.mm(), va, false);
    }
    return true;
  }

  /** Accesses at the given addresses, in order (random patterns). */
  public boolean touchAt(String pid, long[] addresses, boolean write) {
    Process p = process(pid);
    for (long va : addresses) {
      if (!faults.access(p, va, write)) {
        return false;
      }
      faults.charge(p.mm(), va, false);
    }
    return true;
  }

  /** memset of [start, end): every page written with {@code value} as its content. */
  public boolean fill(String pid, long start, long end, int value) {
    Process p = process(pid);
    long page = 1L << pageShift;
    for (long va = start; va < end; va += page) {
      long pfn = faults.writablePage(p, va);
      if (pfn < 0) {
        return false;
      }
      memory.setContent(pfn, value);
      faults.charge(p.mm(), va, true);
    }
    return true;
  }

  /**
   * Reads back [start, end) without faulting anything in: the first page whose content is not
   * {@code value}, as its offset from {@code start}, or -1 when all match. A page never written
   * (unmapped, zero page) reads 0; a swapped page reads what was written out.
   */
  public long check(String pid, long start, long end, int value) {
    Process p = process(pid);
    long page = 1L << pageShift;
    for (long va = start; va < end; va += page) {
      if (faults.readContent(p.mm(), va) != value) {
        return va - start;
      }
    }
    return -1;
  }

  /** What a read of {@code va} returns now. */
  public int contentAt(String pid, long va) {
    return faults.readContent(process(pid).mm(), va);
  }

  // ---- VMA surgery -----------------------------------------------------------------------

  /** Splits the VMA containing {@code addr} at it (and any huge mapping straddling it). */
  void splitAt(Mm mm, long addr) {
    Vma v = mm.find(addr);
    if (v == null || v.start() == addr) {
      return;
    }
    if (thpCapable() && (addr & (pmdSize - 1)) != 0) {
      split.splitPmdAt(mm, addr);
    }
    Vma upper =
        new Vma(mm, addr, v.end(), v.flags(), v.pgoff() + ((addr - v.start()) >>> pageShift));
    if (v.anonVma() != null) {
      upper.setAnonVma(v.anonVma());
      v.anonVma().vmas().add(upper);
    }
    v.setBounds(v.start(), addr, v.pgoff());
    mm.add(upper);
  }

  private void mergeRange(Mm mm, long start, long end) {
    for (Vma v : mm.overlapping(start - 1, end + 1)) {
      if (mm.find(v.start()) == v) {
        mergeAround(mm, v);
      }
    }
  }

  /** vma_merge: joins a VMA with compatible neighbours. */
  void mergeAround(Mm mm, Vma vma) {
    Vma prev = mm.endingAt(vma.start());
    if (prev != null && mergeable(prev, vma)) {
      absorb(mm, prev, vma);
      vma = prev;
    }
    Vma next = mm.find(vma.end());
    if (next != null && mergeable(vma, next)) {
      absorb(mm, vma, next);
    }
  }

  private boolean mergeable(Vma a, Vma b) {
    return a.end() == b.start()
        && a.flags() == b.flags()
        && (a.anonVma() == null || b.anonVma() == null || a.anonVma() == b.anonVma())
        && b.pgoff() == a.pgoff() + (a.length() >>> pageShift);
  }

  private void absorb(Mm mm, Vma low, Vma high) {
    mm.remove(high);
    if (low.anonVma() == null && high.anonVma() != null) {
      low.setAnonVma(high.anonVma());
      high.anonVma().vmas().add(low);
    }
    AnonVma.unlink(high);
    low.setBounds(low.start(), high.end(), low.pgoff());
  }

  private void requireMapped(Mm mm, long start, long end) {
    long at = start;
    for (Vma v : mm.overlapping(start, end)) {
      if (v.start() > at) {
        break;
      }
      at = v.end();
    }
    if (at < end) {
      throw new MmException("ENOMEM", String.format("[%x, %x) is not fully mapped", start, end));
    }
  }

  /**
   * {@code madvise(MADV_COLLAPSE)}: collapses every huge-aligned range now, ignoring {@code
   * enabled} and the max_ptes limits (but not VM_NOHUGEPAGE).
   *
   * @return a failure message, or {@code null}
   */
  public String madviseCollapse(String pid, long start, long end) {
    Mm mm = process(pid).mm();
    requireMapped(mm, start, end);
    if (khugepaged == null) {
      throw new MmException("EINVAL", "this architecture has no transparent huge pages");
    }
    return khugepaged.madviseCollapse(mm, start, end);
  }

  /** {@code madvise(MADV_PAGEOUT)}: reclaims the range's private pages to swap now. */
  public void madvisePageout(String pid, long start, long end) {
    Mm mm = process(pid).mm();
    requireMapped(mm, start, end);
    swapper.pageout(mm, start, end);
  }

  // ---- swap --------------------------------------------------------------------------------

  int swapContent(long slot) {
    return swapper.device.content(slot);
  }

  void swapRelease(long slot) {
    swapper.device.release(slot);
  }

  boolean swapDuplicate(long slot) {
    return swapper.device.duplicate(slot) >= 0;
  }

  boolean swapIn(Mm mm, Vma vma, long va, boolean write, int pteT, int pteI, long pte) {
    return swapper.swapIn(mm, vma, va, pteT, pteI, pte);
  }

  /** Free swap in bytes. */
  public long swapFreeBytes() {
    return swapper == null ? 0 : swapper.device.free() * swapper.device.slotBytes();
  }

  /** Swap slots in use. */
  public long swapUsedSlots() {
    return swapper.device.used();
  }

  // ---- lookups and views -----------------------------------------------------------------

  public Process process(String pid) {
    Process p = env.processes().get(pid);
    if (p == null) {
      throw new MmException("ESRCH", "no process " + pid);
    }
    return p;
  }

  /** Anonymous base pages mapped anywhere, each counted once (THP as 512), as nr_anon_pages. */
  public long anonPages() {
    return views().anonMapped()[0];
  }

  /** Huge pages mapped by a PMD anywhere, as nr_anon_transparent_hugepages. */
  public long anonHugePages() {
    return pmdOrder == 0 ? 0 : views().anonMapped()[1] >> pmdOrder;
  }

  public MmViews views() {
    return new MmViews(this);
  }

  /** The cost model charging this memory manager's work. */
  public CostModel cost() {
    return cost;
  }

  public PageTables tables() {
    return tables;
  }

  int gfpForDefrag(org.kmodel.api.thp.Defrag d) {
    return switch (d) {
      case DIRECT -> Gfp.MOVABLE | Gfp.TRANSHUGE | Gfp.DIRECT_COMPACT;
      case DEFER, NONE -> Gfp.MOVABLE | Gfp.TRANSHUGE;
    };
  }
}
