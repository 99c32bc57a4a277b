package org.kmodel.kernel.mm;

import java.util.ArrayList;
import java.util.List;
import org.kmodel.api.counter.Counter;
import org.kmodel.api.mm.PageAllocator;
import org.kmodel.api.mm.VmaView;
import org.kmodel.api.thp.AddressSpaceView;
import org.kmodel.api.thp.FreeBlocks;
import org.kmodel.api.thp.PromotionContext;
import org.kmodel.api.thp.PromotionPolicy;
import org.kmodel.api.thp.PromotionResult;
import org.kmodel.api.thp.RangeStats;
import org.kmodel.api.thp.ThpPolicy;
import org.kmodel.kernel.cost.CostModel;
import org.kmodel.kernel.event.EventLog;
import org.kmodel.kernel.sim.SimClock;
import org.kmodel.kernel.slot.PluginSlot;

/**
 * The kernel's side of the promotion SPI for one pinned machine: what a THP policy's background
 * thread and shrinker may read and do ({@link PromotionContext}). The decisions are the policy's;
 * the mechanisms — {@link RangeScan}, {@link Collapse}, {@link HugeSplit}, the {@link PrezeroPool}
 * — are the kernel's, and every cost they incur is background time.
 */
final class Promotion implements PromotionContext {
  /** Base pages a policy's shrinker is asked for per try, as Linux's SWAP_CLUSTER_MAX. */
  private static final long SHRINK_BATCH = 32;

  private final Machine machine;
  private final ProcessTable processes;
  private final SimClock clock;
  private final CostModel cost;
  private final PluginSlot<PageAllocator> allocator;
  private final PluginSlot<ThpPolicy> policy;
  private final PageWalk walk;
  private final RangeScan scan;
  private final Collapse collapse;
  private final HugeSplit split;
  private final ZeroPages zeroPages;
  private final FolioPut folios;
  private final ContPte cont;
  private final PrezeroPool pool;
  private final EventLog events;
  private Counter pagesCollapsed;
  private Counter fullScans;
  private boolean shrinking;

  Promotion(
      Machine machine,
      ProcessTable processes,
      SimClock clock,
      CostModel cost,
      PluginSlot<PageAllocator> allocator,
      PluginSlot<ThpPolicy> policy,
      PageWalk walk,
      Collapse collapse,
      HugeSplit split,
      ZeroPages zeroPages,
      FolioPut folios,
      ContPte cont,
      PrezeroPool pool,
      EventLog events) {
    this.machine = machine;
    this.processes = processes;
    this.clock = clock;
    this.cost = cost;
    this.allocator = allocator;
    this.policy = policy;
    this.walk = walk;
    this.scan = new RangeScan(machine, walk, cost);
    this.collapse = collapse;
    this.split = split;
    this.zeroPages = zeroPages;
    this.folios = folios;
    this.cont = cont;
    this.pool = pool;
    this.events = events;
  }

  /** The counters khugepaged's files show; they outlive a machine rebuilt before any process. */
  void counters(Counter pagesCollapsed, Counter fullScans) {
    this.pagesCollapsed = pagesCollapsed;
    this.fullScans = fullScans;
  }

  /**
   * The policy's shrinker, from the allocator's slow path: true when it freed something. A
   * shrinker's own allocations do not call it again; one that throws has freed nothing, and an
   * event says so.
   */
  boolean shrink() {
    if (!(policy.get() instanceof PromotionPolicy p) || shrinking || !machine.thpCapable()) {
      return false;
    }
    shrinking = true;
    boolean wasBackground = cost.background(true);
    try {
      return p.shrink(this, SHRINK_BATCH) > 0;
    } catch (RuntimeException e) {
      events.record(
          "warning", "THP policy " + p.getClass().getName() + " failed in its shrinker: " + e);
      return false;
    } finally {
      cost.background(wasBackground);
      shrinking = false;
    }
  }

  @Override
  public long nowNanos() {
    return clock.nowNanos();
  }

  @Override
  public long hugePageSize() {
    return machine.pmdSize;
  }

  @Override
  public List<AddressSpaceView> addressSpaces() {
    List<AddressSpaceView> out = new ArrayList<>();
    for (Process p : processes.all()) {
      out.add(new Space(p));
    }
    return out;
  }

  @Override
  public FreeBlocks freeBlocks() {
    PageAllocator a = allocator.get();
    int max = a == null ? 0 : a.maxOrder();
    long[] blocks = new long[max + 1];
    for (int o = 0; a != null && o <= max; o++) {
      blocks[o] = a.freeBlocks(o);
    }
    return new FreeBlocks(blocks);
  }

  @Override
  public RangeStats rangeStats(AddressSpaceView space, long start, boolean clearAccessed) {
    return scan.scan(mmOf(space), start, clearAccessed);
  }

  @Override
  public PromotionResult promote(AddressSpaceView space, long start, boolean directCompact) {
    Mm mm = mmOf(space);
    requireAligned(start);
    if (shrinking) {
      return PromotionResult.ALLOC_FAILED;
    }
    Vma vma = mm.find(start);
    if (vma == null || !vma.anonymous() || start + machine.pmdSize > vma.end()) {
      return PromotionResult.NOT_ANONYMOUS;
    }
    Collapse.Result r = collapse.collapse(mm, vma, start, directCompact, false);
    return switch (r) {
      case SUCCEED -> {
        pagesCollapsed.inc();
        yield PromotionResult.PROMOTED;
      }
      case ALREADY_HUGE -> PromotionResult.ALREADY_HUGE;
      case NO_TABLE -> PromotionResult.NO_TABLE;
      case PINNED -> PromotionResult.PINNED;
      case ALLOC_FAILED -> PromotionResult.ALLOC_FAILED;
      case SWAPIN_FAILED -> PromotionResult.SWAPIN_FAILED;
      case READ_ONLY -> throw new IllegalStateException("only MADV_COLLAPSE checks writability");
    };
  }

  @Override
  public int demote(AddressSpaceView space, long start, boolean dropZeroFilled) {
    Mm mm = mmOf(space);
    requireAligned(start);
    PageTables t = machine.tables;
    int pmdT = walk.pmdTable(mm, start, false);
    if (pmdT < 0) {
      return -1;
    }
    int pmdI = t.index(t.pmdLevel(), start);
    long pmd = t.get(pmdT, pmdI);
    if (!Pte.isHuge(pmd) || Pte.isZero(pmd)) {
      return -1;
    }
    PhysicalMemory mem = machine.memory;
    long head = Pte.payload(pmd);
    if (mem.entireMapcount(head) != 1 || mem.subpagesMapped(head) != 0) {
      return -1;
    }
    cost.invalidateRange(mm.root, start, 1 << machine.pmdOrder);
    split.splitPmd(mm, pmdT, pmdI, start);
    split.splitCompound(head);
    return dropZeroFilled ? dropZeroFilled(mm, (int) Pte.payload(t.get(pmdT, pmdI))) : 0;
  }

  /**
   * Points the PTEs of zero-filled private pages at the shared zero page and frees the pages, as
   * Linux 6.12's {@code try_to_map_unused_to_zeropage}; without a zero page they are unmapped.
   */
  private int dropZeroFilled(Mm mm, int pteT) {
    PhysicalMemory mem = machine.memory;
    if (!mem.tracksContent()) {
      return 0;
    }
    PageTables t = machine.tables;
    long zero = zeroPages.zeroPage();
    int n = 1 << machine.pmdOrder;
    int freed = 0;
    for (int i = 0; i < n; i++) {
      long pte = t.get(pteT, i);
      if (!Pte.present(pte) || Pte.isZero(pte)) {
        continue;
      }
      long pfn = Pte.payload(pte);
      if (mem.content(pfn) != PhysicalMemory.ZERO_CONTENT || mem.mapcount(pfn) != 1) {
        continue;
      }
      cont.unfold(pteT, i);
      t.set(pteT, i, zero < 0 ? Pte.NONE : Pte.zero(zero, false));
      mm.anonRss--;
      mem.decMapcount(pfn);
      folios.putPage(pfn);
      freed++;
    }
    cont.refoldRange(pteT, 0, n);
    return freed;
  }

  @Override
  public int prezero(int blocks) {
    if (shrinking) {
      return 0;
    }
    boolean wasBackground = cost.background(true);
    try {
      return blocks <= 0 ? 0 : pool.fill(blocks, policy.get());
    } finally {
      cost.background(wasBackground);
    }
  }

  @Override
  public int prezeroed() {
    return pool.size();
  }

  @Override
  public int releasePrezeroed(int blocks) {
    return blocks <= 0 ? 0 : pool.release(blocks);
  }

  @Override
  public void fullScanDone() {
    fullScans.inc();
  }

  private void requireAligned(long start) {
    if ((start & (machine.pmdSize - 1)) != 0) {
      throw new IllegalArgumentException(
          "0x" + Long.toHexString(start) + " is not aligned to the huge page size");
    }
  }

  private Mm mmOf(AddressSpaceView space) {
    if (!(space instanceof Space s)) {
      throw new IllegalArgumentException("not an address space of this kernel: " + space);
    }
    if (processes.get(s.process.pid()) != s.process) {
      throw new IllegalArgumentException("process " + s.process.pid() + " has exited");
    }
    return s.process.mm();
  }

  /** A process as the policy sees it. */
  private final class Space implements AddressSpaceView {
    private final Process process;

    Space(Process process) {
      this.process = process;
    }

    @Override
    public String pid() {
      return process.pid();
    }

    @Override
    public List<? extends VmaView> vmas() {
      return process.mm().vmas();
    }

    @Override
    public long anonPages() {
      Mm mm = process.mm();
      return mm.anonRss + (mm.hugeRss << machine.pmdOrder);
    }

    @Override
    public long hugePages() {
      return process.mm().hugeRss;
    }

    @Override
    public long tlbMisses() {
      return cost.accountWalks(process.mm().account);
    }

    @Override
    public long mmuNanos() {
      return cost.accountMmuNanos(process.mm().account);
    }

    @Override
    public long accessNanos() {
      return cost.accountAccessNanos(process.mm().account);
    }

    @Override
    public String toString() {
      return "address space of " + process.pid();
    }
  }
}
