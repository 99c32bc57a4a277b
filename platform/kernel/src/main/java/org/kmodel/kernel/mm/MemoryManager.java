package org.kmodel.kernel.mm;

import org.kmodel.api.counter.Counter;
import org.kmodel.api.knob.ReadOnlyKnob;
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
 * <p>This class is the facade: it checks arguments, places mappings and hands the work to the paths
 * {@link MmPaths} wires for the pinned machine ({@link UserAccess} and {@link Faults} for accesses,
 * {@link Zap} for unmapping, {@link VmaSurgery} for VMA boundaries, {@link ForkCopy}, {@link
 * MoveRange}, {@link Swapper}, ...). What outlives a machine rebuilt before the first process —
 * vmstat events, per-size THP statistics, the THP generation switches, khugepaged — is built here
 * once.
 */
public final class MemoryManager {
  private final MmEnvironment env;
  private final VmEvents ev;
  private final MthpStats mthp = new MthpStats();
  private final LinuxRelease release;
  private Khugepaged khugepaged;
  private MmPaths paths;
  private boolean batchRuns = true;
  private int nextAccount;

  public MemoryManager(MmEnvironment env) {
    this.env = env;
    this.ev = new VmEvents(env.counters());
    this.release = new LinuxRelease(env.release());
    env.counters().gauge("nr_anon_pages", this::anonPages);
    env.counters().gauge("nr_anon_transparent_hugepages", this::anonHugePages);
    env.counters()
        .gauge("nr_page_table_pages", () -> paths == null ? 0 : paths.machine.tables.live());
    env.counters().gauge("nr_swapcached", this::swapCachedPages);
  }

  /**
   * Takes the machine an architecture pinned (at boot, or again before the first process when an
   * architecture of another geometry replaces it): every size the paths use comes from it. THP
   * counters, khugepaged's files and khugepaged itself appear once a machine with transparent huge
   * pages is pinned.
   */
  /**
   * Whether sequential accesses ({@link #touch}, {@link #fill}) go a page-table page at a time (one
   * walk per run, the same results) rather than one access at a time; on unless the kernel command
   * line says {@code kmodel.batch=0}, which exists to prove the two agree.
   */
  public void batchRuns(boolean on) {
    batchRuns = on;
  }

  public void boot(Machine machine) {
    if (!env.processes().isEmpty()) {
      throw new IllegalStateException("the machine cannot change under live processes");
    }
    paths = new MmPaths(machine, env, ev, mthp, release);
    mthp.register(
        env.knobs(),
        machine.thpCapable() ? machine.pteFolioOrders | (1L << machine.pmdOrder) : 0,
        machine.pageShift,
        machine.memory::anonFolios,
        paths.deferredSplit::queued);
    if (khugepaged != null) {
      khugepaged.attach(machine, paths.collapse, paths.promotion);
    } else if (machine.thpCapable()) {
      startKhugepaged(machine);
    }
  }

  /** The machine pinned at boot, or {@code null} before an architecture is attached. */
  public Machine machine() {
    return paths == null ? null : paths.machine;
  }

  /** The paths of the pinned machine, or {@code null} before one is pinned. */
  MmPaths paths() {
    return paths;
  }

  private void startKhugepaged(Machine machine) {
    ev.enableThp(env.counters());
    Counter collapsed = new Counter("pages_collapsed");
    Counter scans = new Counter("full_scans");
    String dir = "/sys/kernel/mm/transparent_hugepage/khugepaged/";
    env.knobs()
        .register(
            KnobTree.KERNEL,
            new ReadOnlyKnob(dir + "pages_collapsed", () -> Long.toString(collapsed.get())));
    env.knobs()
        .register(
            KnobTree.KERNEL,
            new ReadOnlyKnob(dir + "full_scans", () -> Long.toString(scans.get())));
    khugepaged =
        new Khugepaged(env.thpPolicy(), env.clock(), env.cost(), env.events(), collapsed, scans);
    khugepaged.attach(machine, paths.collapse, paths.promotion);
    khugepaged.sleepUntil(env.clock().nowNanos() + 10_000_000L);
    env.engine().spawn(khugepaged);
  }

  /** Base pages held zeroed in the pre-zeroed huge-page pool: free memory set aside. */
  public long prezeroedPages() {
    return paths == null ? 0 : paths.prezeroed.pages();
  }

  /** The khugepaged thread, or {@code null} on an architecture without huge pages. */
  public Khugepaged khugepaged() {
    return khugepaged;
  }

  /** Whether the last process that died on an access died of SIGSEGV (not an OOM kill). */
  public boolean lastKillWasSegv() {
    return env.processes().lastKillWasSegv();
  }

  private ThpPolicy policy() {
    return env.thpPolicy().get();
  }

  // ---- processes --------------------------------------------------------------------------

  /** A new process with an empty address space ({@code fork}+{@code exec} of a fresh program). */
  public Process spawn(String pid) {
    if (env.processes().get(pid) != null) {
      throw new MmException("EEXIST", "process " + pid + " already exists");
    }
    Machine machine = paths.machine;
    Mm mm = new Mm(machine.pageSize, Mm.mmapBase(machine.geometry.virtualAddressBits()));
    int root = paths.pages.allocTable();
    if (root < 0) {
      throw new MmException("ENOMEM", "no memory for the page-table root of " + pid);
    }
    mm.root = root;
    mm.account = nextAccount++;
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
    if (!paths.fork.copy(parent.mm(), child.mm())) {
      exit(childPid);
      throw new MmException("ENOMEM", "fork of " + parentPid + " ran out of memory");
    }
    child.regions().putAll(parent.regions());
    // copy_huge_pmd takes a reference for the child on every huge zero PMD it copies; a parent
    // holding one may map it still, so the child is taken to hold one too.
    child.mm().hugeZeroRef = parent.mm().hugeZeroRef;
    return child;
  }

  /** {@code exit()}: unmaps everything and frees the page tables. */
  public void exit(String pid) {
    paths.exit.exit(process(pid));
  }

  // ---- mappings ---------------------------------------------------------------------------

  /**
   * {@code mmap(NULL, length, prot, MAP_PRIVATE|MAP_ANONYMOUS)}: places a new anonymous VMA
   * top-down, aligned to {@code align} when given — and to the huge page size where the release
   * aligns large anonymous mappings (6.7+: a length of at least the huge page size; 6.12+: a
   * multiple of it) — and names the range.
   */
  public Process.Region mmapAnonymous(
      String pid, String region, long length, long align, long prot) {
    Process p = process(pid);
    Machine machine = paths.machine;
    long pageSize = machine.pageSize;
    if (length <= 0 || length % pageSize != 0) {
      throw new MmException("EINVAL", "length " + length + " is not a positive page multiple");
    }
    long a = Math.max(align, pageSize);
    if (align == 0 && machine.thpCapable() && release.thpAligns(length, machine.pmdSize)) {
      a = machine.pmdSize;
    }
    long start = p.mm().unmappedArea(length, a);
    if (start < 0) {
      throw new MmException("ENOMEM", "no room for " + length + " bytes in " + pid);
    }
    Vma vma = p.mm().insert(start, length, prot, start >>> machine.pageShift);
    paths.vmas.mergeAround(p.mm(), vma);
    Process.Region r = new Process.Region(start, start + length);
    p.regions().put(region, r);
    if (machine.thpCapable() && policy() != null && policy().khugepagedEligible(vma)) {
      p.mm().khugepagedRegistered = true;
    }
    return r;
  }

  /** {@code munmap(start, length)}. */
  public void munmap(String pid, long start, long end) {
    Mm mm = process(pid).mm();
    paths.vmas.splitAt(mm, start);
    paths.vmas.splitAt(mm, end);
    for (Vma v : mm.overlapping(start, end)) {
      paths.zap.zapRange(mm, v.start(), v.end(), false);
      AnonVma.unlink(v);
      mm.remove(v);
    }
    paths.zap.freeUnusedTables(mm, start, end);
  }

  /** {@code mprotect(start, length, prot)}. */
  public void mprotect(String pid, long start, long end, long prot) {
    Mm mm = process(pid).mm();
    requireMapped(mm, start, end);
    paths.vmas.splitAt(mm, start);
    paths.vmas.splitAt(mm, end);
    for (Vma v : mm.overlapping(start, end)) {
      long keep = v.flags() & ~(VmFlags.READ | VmFlags.WRITE | VmFlags.EXEC);
      v.setFlags(keep | prot);
      if ((prot & VmFlags.WRITE) == 0) {
        paths.protect.wrprotectRange(mm, v.start(), v.end());
      }
    }
    paths.vmas.mergeRange(mm, start, end);
  }

  /** {@code madvise(MADV_HUGEPAGE / MADV_NOHUGEPAGE)}: sets or clears the VMA flag. */
  public void madviseHugepage(String pid, long start, long end, boolean huge) {
    Mm mm = process(pid).mm();
    requireMapped(mm, start, end);
    paths.vmas.splitAt(mm, start);
    paths.vmas.splitAt(mm, end);
    for (Vma v : mm.overlapping(start, end)) {
      long f = v.flags();
      v.setFlags(
          huge
              ? (f | VmFlags.HUGEPAGE) & ~VmFlags.NOHUGEPAGE
              : (f | VmFlags.NOHUGEPAGE) & ~VmFlags.HUGEPAGE);
    }
    if (huge && paths.machine.thpCapable()) {
      mm.khugepagedRegistered = true;
    }
    paths.vmas.mergeRange(mm, start, end);
  }

  /**
   * {@code madvise(MADV_DONTFORK / MADV_DOFORK)}: sets or clears {@code VM_DONTCOPY}, so that fork
   * leaves the range out of the child (or copies it again).
   */
  public void madviseDontfork(String pid, long start, long end, boolean dontfork) {
    Mm mm = process(pid).mm();
    requireMapped(mm, start, end);
    paths.vmas.splitAt(mm, start);
    paths.vmas.splitAt(mm, end);
    for (Vma v : mm.overlapping(start, end)) {
      v.setFlags(dontfork ? v.flags() | Vma.DONTCOPY : v.flags() & ~Vma.DONTCOPY);
    }
    paths.vmas.mergeRange(mm, start, end);
  }

  /**
   * {@code madvise(MADV_POPULATE_READ / MADV_POPULATE_WRITE)} (5.14+): faults every page of the
   * range in as a read (the zero page, the huge zero page, a swap-in) or a write (breaking COW)
   * would, without accessing the memory. As Linux's {@code madvise_populate}: a page outside any
   * VMA is ENOMEM, a VMA that does not allow the access EINVAL ({@code check_vma_flags} under
   * {@code FOLL_MADV_POPULATE}), both after the pages before it were populated.
   */
  public void madvisePopulate(String pid, long start, long end, boolean write) {
    Process p = process(pid);
    Mm mm = p.mm();
    long page = paths.machine.pageSize;
    for (long va = start; va < end; va += page) {
      Vma vma = mm.find(va);
      if (vma == null) {
        throw new MmException("ENOMEM", String.format("%#x is not mapped", va));
      }
      if ((vma.flags() & (write ? VmFlags.WRITE : VmFlags.READ)) == 0) {
        throw new MmException(
            "EINVAL", String.format("%#x is not %s", va, write ? "writable" : "readable"));
      }
      long leaf = paths.walk.leaf(mm, va);
      if ((!Pte.present(leaf) || (write && !Pte.writable(leaf)))
          && !paths.access.access(p, va, write)) {
        throw new MmException("ENOMEM", pid + " was killed populating " + String.format("%#x", va));
      }
    }
  }

  /**
   * {@code pin_user_pages(FOLL_PIN [| FOLL_WRITE] [| FOLL_LONGTERM])} over [start, end), held under
   * {@code name} until {@link #unpin} or the process's exit.
   */
  public void pin(String pid, String name, long start, long end, boolean write, boolean longterm) {
    paths.gup.pin(process(pid), name, start, end, write, longterm);
  }

  /** {@code unpin_user_pages} of the pin {@code name}. */
  public void unpin(String name) {
    paths.gup.unpin(name);
  }

  /** What a read through the pin {@code name} at byte {@code offset} of its range sees. */
  public int pinContent(String name, long offset) {
    return paths.gup.read(name, offset);
  }

  /** Pages in the swap cache (meminfo SwapCached). */
  public long swapCachedPages() {
    return paths == null ? 0 : paths.swapCache.pages();
  }

  /** {@code madvise(MADV_DONTNEED)}: drops the pages; a partly covered huge page is split. */
  public void madviseDontneed(String pid, long start, long end) {
    Mm mm = process(pid).mm();
    requireMapped(mm, start, end);
    for (Vma v : mm.overlapping(start, end)) {
      paths.zap.zapRange(mm, Math.max(start, v.start()), Math.min(end, v.end()), false);
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
    Machine machine = paths.machine;
    long length = end - start;
    long page = machine.pageSize;
    long target;
    if (align == 0 && machine.thpCapable()) {
      // The contract: not huge-aligned unless asked. When top-down placement lands on a huge
      // boundary, take a gap one page larger and step off the boundary.
      long pmdSize = machine.pmdSize;
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
    paths.vmas.splitAt(mm, start);
    paths.vmas.splitAt(mm, end);
    paths.move.move(mm, start, end, target);
    Process.Region r = new Process.Region(target, target + length);
    p.regions().put(newRegion, r);
    return r;
  }

  private static void requireMapped(Mm mm, long start, long end) {
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
    if (khugepaged == null || !paths.machine.thpCapable()) {
      throw new MmException("EINVAL", "this architecture has no transparent huge pages");
    }
    if (!release.madvCollapse) {
      throw new MmException("EINVAL", "MADV_COLLAPSE came with Linux 6.1, not " + release.version);
    }
    return khugepaged.madviseCollapse(mm, start, end);
  }

  /** {@code madvise(MADV_PAGEOUT)}: reclaims the range's private pages to swap now. */
  public void madvisePageout(String pid, long start, long end) {
    Mm mm = process(pid).mm();
    requireMapped(mm, start, end);
    if (!release.madvPageout) {
      throw new MmException("EINVAL", "MADV_PAGEOUT came with Linux 5.4, not " + release.version);
    }
    paths.swapper.pageout(mm, start, end);
  }

  // ---- accesses ---------------------------------------------------------------------------

  /**
   * CPU accesses to [start, end) every {@code step} bytes. Faults where nothing is mapped.
   *
   * @return false when the process was killed (SIGSEGV or OOM) during the accesses
   */
  public boolean touch(String pid, long start, long end, long step, boolean write) {
    Process p = process(pid);
    UserAccess cpu = paths.access;
    for (long va = start; va < end; ) {
      if (batchRuns) {
        long next = cpu.run(p, va, end, step, write, false, 0);
        if (next == UserAccess.DIED) {
          return false;
        }
        if (next != va) {
          va = next;
          continue;
        }
      }
      if (!cpu.access(p, va, write)) {
        return false;
      }
      cpu.charge(p.mm(), va, false);
      va += step;
    }
    return true;
  }

  /** Accesses at the given addresses, in order (random patterns). */
  public boolean touchAt(String pid, long[] addresses, boolean write) {
    Process p = process(pid);
    UserAccess cpu = paths.access;
    for (long va : addresses) {
      if (!cpu.access(p, va, write)) {
        return false;
      }
      cpu.charge(p.mm(), va, false);
    }
    return true;
  }

  /** memset of [start, end): every page written with {@code value} as its content. */
  public boolean fill(String pid, long start, long end, int value) {
    Process p = process(pid);
    UserAccess cpu = paths.access;
    PhysicalMemory memory = paths.machine.memory;
    long page = paths.machine.pageSize;
    for (long va = start; va < end; ) {
      if (batchRuns) {
        long next = cpu.run(p, va, end, page, true, true, value);
        if (next == UserAccess.DIED) {
          return false;
        }
        if (next != va) {
          va = next;
          continue;
        }
      }
      long pfn = cpu.writablePage(p, va);
      if (pfn < 0) {
        return false;
      }
      memory.setContent(pfn, value);
      cpu.charge(p.mm(), va, true);
      va += page;
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
    UserAccess cpu = paths.access;
    long page = paths.machine.pageSize;
    for (long va = start; va < end; va += page) {
      if (cpu.readContent(p.mm(), va) != value) {
        return va - start;
      }
    }
    return -1;
  }

  /** What a read of {@code va} returns now. */
  public int contentAt(String pid, long va) {
    return paths.access.readContent(process(pid).mm(), va);
  }

  // ---- swap --------------------------------------------------------------------------------

  /** Free swap in bytes. */
  public long swapFreeBytes() {
    return paths == null ? 0 : paths.swap.free() * paths.swap.slotBytes();
  }

  /** Swap slots in use. */
  public long swapUsedSlots() {
    return paths.swap.used();
  }

  // ---- lookups and views -----------------------------------------------------------------

  public Process process(String pid) {
    return env.processes().require(pid);
  }

  /** Anonymous base pages mapped anywhere, each counted once (THP as 512), as nr_anon_pages. */
  public long anonPages() {
    return paths == null ? 0 : views().anonMapped()[0];
  }

  /** Huge pages mapped by a PMD anywhere, as nr_anon_transparent_hugepages. */
  public long anonHugePages() {
    if (paths == null || !paths.machine.thpCapable()) {
      return 0;
    }
    return views().anonMapped()[1] >> paths.machine.pmdOrder;
  }

  public MmViews views() {
    return paths.views;
  }

  /** The cost model charging this memory manager's work. */
  public CostModel cost() {
    return env.cost();
  }

  public PageTables tables() {
    return paths == null ? null : paths.machine.tables;
  }
}
