package org.kmodel.kernel.cost;

import java.net.URL;
import java.util.List;
import java.util.function.Consumer;
import org.kmodel.api.machine.MachineGeometry;
import org.kmodel.api.machine.PageTableLevel;
import org.kmodel.kernel.scenario.value.Sizes;

/**
 * Charges simulated time for what the memory manager does: TLB lookups and page walks (native or
 * two-dimensional), data accesses at the latency of the cache level holding the line, bulk writes
 * at the bandwidth of where the lines were, page faults, clearing, copying and swap-in.
 *
 * <p>The parameters are a {@link CpuProfile} fitted to the machine's geometry. Costs accumulate as
 * fractional nanoseconds; the runner {@link #drainNanos() drains} whole nanoseconds into the
 * simulated clock after each step. Work a kernel thread does ({@link #background}) is counted but
 * never charged to the clock.
 *
 * <p>Nothing here allocates per access or per fault: TLBs, walk caches and the line cache are
 * primitive arrays sized at attach. Sizes come from the geometry: a TLB entry of order {@code o}
 * covers {@code 1 << (pageShift + o)} bytes, whatever the base page. The line cache keeps its own
 * granule, {@link LineCache#CHUNK_BYTES}, independent of the MMU's pages.
 */
public final class CostModel {
  private static final int MAX_ORDER = 31;
  private static final long HOST_SPACE = 1L << 62;
  private static final int FAULT = 0;
  private static final int CLEAR = 1;
  private static final int COPY = 2;
  private static final int MEMSET = 3;
  private static final int ACCESS = 4;
  private static final int TLB = 5;
  private static final int SWAP = 6;
  private static final int BACKGROUND = 7;

  private final String requested;
  private final CpuProfiles profiles;
  private final long nestedHostPageSize;
  private final Consumer<String> notes;

  private CpuProfile profile;
  private CostMode mode = CostMode.EXACT;

  /** Whether anything is charged: a profile fits and the mode is not off. */
  private boolean active;

  private int pageShift;
  private int chunksPerPage;
  private int[] shift;
  private final int[] leafLevel = new int[MAX_ORDER + 1];
  private final int[] walkRefs = new int[MAX_ORDER + 1];
  private int hostOrder = -1;
  private int hostLeaf;
  private TlbArray[] l1;
  private TlbArray[] l2;

  /**
   * Per page order, the order of the entry each TLB level caches it as: itself when an array holds
   * that size, else the largest smaller size one does (a TLB splinters a mapping it cannot hold, as
   * the Neoverse N1's L1 DTLB does with 32M and 1G), -1 when none does.
   */
  private final int[] l1Fit = new int[MAX_ORDER + 1];

  private final int[] l2Fit = new int[MAX_ORDER + 1];
  private int[] tlbOrders;
  private final double[] l2HitNs = new double[MAX_ORDER + 1];
  private TlbArray[] walkCache;
  private TlbArray[] hostWalkCache;
  private LineCache cache;
  private final double[] latencyNs = new double[4];
  private final double[] pageWriteNs = new double[4];
  private double walkStartNs;
  private double faultNs;
  private double hugeFaultNs;
  private double clearNsPerByte;
  private double copyNsPerByte;
  private double swapInNs;

  private boolean background;
  private double pending;
  private final double[] nanos = new double[8];
  private long accesses;
  private long tlbL1Misses;
  private long tlbL2Misses;
  private long walkRefTotal;
  private long walkMemRefs;
  private long faultsBase;
  private long faultsHuge;
  private boolean walked;
  private long[] accountWalks = new long[8];
  private double[] accountMmuNs = new double[8];
  private double[] accountAccessNs = new double[8];

  /**
   * @param requested the profile the scenario names (a name or a file path), or {@code null} for
   *     the architecture's default
   * @param profiles where profiles are looked up by name
   * @param nestedHostPageSize host page size when running as a guest (a size the architecture
   *     maps), 0 natively
   * @param notes receives one line for each profile decision worth an event
   */
  public CostModel(
      String requested, CpuProfiles profiles, long nestedHostPageSize, Consumer<String> notes) {
    this.requested = requested;
    this.profiles = profiles;
    this.nestedHostPageSize = nestedHostPageSize;
    this.notes = notes;
  }

  /** How much of the model runs. */
  public CostMode mode() {
    return mode;
  }

  /**
   * Sets how much of the model runs. Exact and fast keep the same state, so either can follow the
   * other at any point; off stops charging and leaves the state as it was.
   */
  public void mode(CostMode m) {
    mode = java.util.Objects.requireNonNull(m, "mode");
    active = profile != null && m != CostMode.OFF;
  }

  /** The fitted profile in use, or {@code null} before an architecture is attached. */
  public CpuProfile profile() {
    return profile;
  }

  /**
   * The TLB reach of the fitted profile on this machine: per array and per page size it can hold
   * here, first level first, smallest size first; empty before an architecture is attached.
   */
  public java.util.List<TlbReach> reach() {
    java.util.List<TlbReach> out = new java.util.ArrayList<>();
    if (profile == null) {
      return out;
    }
    for (CpuProfile.TlbSpec t : profile.tlbs()) {
      for (int shift : t.pageShifts().stream().sorted().toList()) {
        out.add(new TlbReach(t.name(), t.level(), 1L << shift, t.entries()));
      }
    }
    return out;
  }

  /** The host page order under nested paging, or -1 natively. */
  public int hostOrder() {
    return hostOrder;
  }

  /**
   * Fits the profile to a newly attached architecture and starts with empty TLBs and caches. A
   * profile for another architecture gives way to the new architecture's default, with a note.
   *
   * @param machine the architecture's {@code machine()} name
   * @param g the machine's geometry
   * @param archProfiles the profiles the architecture ships
   * @param defaultProfile the architecture's default profile name
   * @throws IllegalArgumentException when the requested profile does not exist or is malformed, or
   *     the nested host page size is one the geometry cannot map
   */
  public void attach(
      String machine, MachineGeometry g, List<URL> archProfiles, String defaultProfile) {
    profile = null;
    active = false;
    CpuProfile wanted = profiles.load(requested != null ? requested : defaultProfile, archProfiles);
    CpuProfile fitted;
    try {
      fitted = wanted.fitTo(machine, g);
    } catch (IllegalArgumentException e) {
      try {
        fitted = profiles.load(defaultProfile, archProfiles).fitTo(machine, g);
        notes.accept(e.getMessage() + "; the cost model uses " + fitted.name());
      } catch (IllegalArgumentException none) {
        notes.accept(e.getMessage() + "; no CPU profile fits, so nothing is charged");
        return;
      }
    }
    List<PageTableLevel> levels = g.levels();
    pageShift = g.pageShift();
    chunksPerPage = (int) Math.max(1, g.pageSize() / LineCache.CHUNK_BYTES);
    shift = new int[levels.size()];
    for (int i = 0; i < levels.size(); i++) {
      shift[i] = levels.get(i).shift();
    }
    java.util.Arrays.fill(leafLevel, -1);
    for (int order = 0; order <= MAX_ORDER; order++) {
      leafLevel[order] = g.levelIndexFor(order);
    }
    hostOrder = -1;
    if (nestedHostPageSize != 0) {
      int order = Long.numberOfTrailingZeros(nestedHostPageSize) - pageShift;
      if (order < 0 || order > MAX_ORDER || leafLevel[order] < 0 || g.isContiguous(order)) {
        throw new IllegalArgumentException(
            machine
                + " cannot map host pages of "
                + Sizes.format(nestedHostPageSize)
                + " (it maps "
                + g.leafOrders().stream().map(o -> Sizes.format(1L << (pageShift + o))).toList()
                + ")");
      }
      hostOrder = order;
      hostLeaf = leafLevel[order];
    }
    for (int order = 0; order <= MAX_ORDER; order++) {
      if (leafLevel[order] >= 0) {
        int guest = g.walkReferences(order);
        walkRefs[order] =
            hostOrder < 0 ? guest : (guest + 1) * (g.walkReferences(hostOrder) + 1) - 1;
      }
    }
    l1 = new TlbArray[MAX_ORDER + 1];
    l2 = new TlbArray[MAX_ORDER + 1];
    for (CpuProfile.TlbSpec t : fitted.tlbs()) {
      TlbArray array = TlbArray.of(t.entries(), t.ways());
      for (int pageShiftOfArray : t.pageShifts()) {
        int order = pageShiftOfArray - pageShift;
        (t.level() == 1 ? l1 : l2)[order] = array;
        if (t.level() == 2) {
          l2HitNs[order] = fitted.nanos(t.hitCycles());
        }
      }
    }
    tlbOrders =
        java.util.stream.IntStream.rangeClosed(0, MAX_ORDER)
            .filter(o -> l1[o] != null || l2[o] != null)
            .toArray();
    int fit1 = -1;
    int fit2 = -1;
    for (int order = 0; order <= MAX_ORDER; order++) {
      fit1 = l1[order] != null ? order : fit1;
      fit2 = l2[order] != null ? order : fit2;
      l1Fit[order] = fit1;
      l2Fit[order] = fit2;
    }
    walkCache = new TlbArray[levels.size()];
    hostWalkCache = new TlbArray[levels.size()];
    for (int i = 0; i < levels.size(); i++) {
      Integer entries = fitted.walkCache().get(levels.get(i).name());
      if (entries != null) {
        walkCache[i] = TlbArray.of(entries, entries);
        hostWalkCache[i] = TlbArray.of(entries, entries);
      }
    }
    cache = new LineCache(fitted.l1d().bytes(), fitted.l2().bytes(), fitted.llc().bytes());
    latencyNs[LineCache.L1] = fitted.nanos(fitted.l1d().latencyCycles());
    latencyNs[LineCache.L2] = fitted.nanos(fitted.l2().latencyCycles());
    latencyNs[LineCache.LLC] = fitted.nanos(fitted.llc().latencyCycles());
    latencyNs[LineCache.MEMORY] = fitted.memory().latencyNs();
    pageWriteNs[LineCache.L1] = LineCache.CHUNK_BYTES / fitted.l1d().bandwidthGbs();
    pageWriteNs[LineCache.L2] = LineCache.CHUNK_BYTES / fitted.l2().bandwidthGbs();
    pageWriteNs[LineCache.LLC] = LineCache.CHUNK_BYTES / fitted.llc().bandwidthGbs();
    pageWriteNs[LineCache.MEMORY] = LineCache.CHUNK_BYTES / fitted.memory().bandwidthGbs();
    walkStartNs = fitted.nanos(fitted.walkStartCycles());
    faultNs = fitted.fault().fixedNs();
    hugeFaultNs = fitted.fault().hugeFixedNs();
    clearNsPerByte = 1 / fitted.fault().clearGbs();
    copyNsPerByte = 1 / fitted.memory().copyGbs();
    swapInNs = fitted.fault().swapInUs() * 1000;
    this.profile = fitted;
    mode(mode);
  }

  /**
   * While on, costs are counted as background work and not charged to the clock.
   *
   * @return whether it was on before, for callers that nest
   */
  public boolean background(boolean on) {
    boolean was = background;
    background = on;
    return was;
  }

  private void charge(int bucket, double ns) {
    if (background) {
      nanos[BACKGROUND] += ns;
    } else {
      nanos[bucket] += ns;
      pending += ns;
    }
  }

  /** Whole nanoseconds charged since the last drain; the fraction carries over. */
  public long drainNanos() {
    long whole = (long) pending;
    pending -= whole;
    return whole;
  }

  /**
   * One CPU access to {@code va}, mapped by a leaf of {@code order} at physical address {@code pa}:
   * the TLB, on a miss the walk, then the data line.
   *
   * @param account the address space's accounting slot ({@link #accountWalks} and the rest)
   * @param path the physical address of the page-table entry read at each level, top first
   */
  public void access(int asid, int account, long va, int order, long pa, long[] path) {
    if (!active) {
      return;
    }
    double mmu = translate(asid, va, order, pa, path);
    double data = latencyNs[cache.access(pa >>> LineCache.CHUNK_SHIFT, LineCache.line(pa))];
    charge(ACCESS, data);
    record(account, mmu, data);
  }

  /**
   * A base page of a memset at {@code pa}: one translation, then the page written at the bandwidth
   * of where each of its line-cache chunks was.
   */
  public void memsetPage(int asid, int account, long va, int order, long pa, long[] path) {
    if (!active) {
      return;
    }
    double mmu = translate(asid, va, order, pa, path);
    long chunk = (pa >>> pageShift) * chunksPerPage;
    double ns = 0;
    for (int i = 0; i < chunksPerPage; i++) {
      ns += pageWriteNs[cache.writePage(chunk + i)];
    }
    charge(MEMSET, ns);
    record(account, mmu, ns);
  }

  /** Per address space: walks, MMU and access time, for policies that weigh MMU overhead. */
  private void record(int account, double mmu, double data) {
    if (account >= accountMmuNs.length) {
      int n = Math.max(account + 1, accountMmuNs.length * 2);
      accountWalks = java.util.Arrays.copyOf(accountWalks, n);
      accountMmuNs = java.util.Arrays.copyOf(accountMmuNs, n);
      accountAccessNs = java.util.Arrays.copyOf(accountAccessNs, n);
    }
    if (walked) {
      accountWalks[account]++;
    }
    accountMmuNs[account] += mmu;
    accountAccessNs[account] += mmu + data;
  }

  /** Page walks charged to this accounting slot so far. */
  public long accountWalks(int account) {
    return account < accountWalks.length ? accountWalks[account] : 0;
  }

  /** Nanoseconds of TLB misses (second-level hits and walks) charged to this slot so far. */
  public long accountMmuNanos(int account) {
    return account < accountMmuNs.length ? Math.round(accountMmuNs[account]) : 0;
  }

  /** Nanoseconds of accesses, MMU time included, charged to this slot so far. */
  public long accountAccessNanos(int account) {
    return account < accountAccessNs.length ? Math.round(accountAccessNs[account]) : 0;
  }

  /** The translation's cost: 0 on a first-level hit. Sets {@link #walked}. */
  private double translate(int asid, long va, int order, long pa, long[] path) {
    accesses++;
    walked = false;
    int tlbOrder = hostOrder < 0 ? order : Math.min(order, hostOrder);
    int o1 = l1Fit[tlbOrder];
    int o2 = l2Fit[tlbOrder];
    TlbArray first = o1 < 0 ? null : l1[o1];
    long key1 = o1 < 0 ? 0 : TlbArray.key(asid, o1, va >>> (pageShift + o1));
    if (first != null && first.lookup(key1)) {
      return 0;
    }
    tlbL1Misses++;
    TlbArray second = o2 < 0 ? null : l2[o2];
    long key2 = o2 == o1 ? key1 : o2 < 0 ? 0 : TlbArray.key(asid, o2, va >>> (pageShift + o2));
    if (second != null && second.lookup(key2)) {
      double ns = l2HitNs[o2];
      charge(TLB, ns);
      if (first != null) {
        first.insert(key1);
      }
      return ns;
    }
    tlbL2Misses++;
    walked = true;
    double ns = walk(asid, va, order, pa, path);
    charge(TLB, ns);
    if (second != null) {
      second.insert(key2);
    }
    if (first != null) {
      first.insert(key1);
    }
    return ns;
  }

  /** A page walk: the paging-structure caches, then one reference per remaining level. */
  private double walk(int asid, long va, int order, long pa, long[] path) {
    int leaf = leafLevel[order];
    walkRefTotal += walkRefs[order];
    int start = 0;
    for (int i = leaf - 1; i >= 0; i--) {
      TlbArray wc = walkCache[i];
      if (wc != null && wc.lookup(pwcKey(asid, va, i))) {
        start = i + 1;
        break;
      }
    }
    for (int i = start; i < leaf; i++) {
      if (walkCache[i] != null) {
        walkCache[i].insert(pwcKey(asid, va, i));
      }
    }
    double ns = walkStartNs;
    for (int level = start; level <= leaf; level++) {
      long entry = path[level];
      if (hostOrder >= 0) {
        ns += hostWalk(entry);
      }
      walkMemRefs++;
      ns += latencyNs[cache.access(entry >>> LineCache.CHUNK_SHIFT, LineCache.line(entry))];
    }
    if (hostOrder >= 0) {
      ns += hostWalk(pa);
    }
    return ns;
  }

  private long pwcKey(int asid, long va, int level) {
    return ((long) asid << 40) ^ ((long) level << 36) ^ (va >>> shift[level]);
  }

  /**
   * The host's walk translating guest-physical {@code gpa}: host tables are laid out linearly by
   * guest-physical address, so neighbouring guest frames share host page-table lines.
   */
  private double hostWalk(long gpa) {
    int start = 0;
    for (int i = hostLeaf - 1; i >= 0; i--) {
      TlbArray wc = hostWalkCache[i];
      if (wc != null && wc.lookup(((long) i << 56) ^ (gpa >>> shift[i]))) {
        start = i + 1;
        break;
      }
    }
    for (int i = start; i < hostLeaf; i++) {
      if (hostWalkCache[i] != null) {
        hostWalkCache[i].insert(((long) i << 56) ^ (gpa >>> shift[i]));
      }
    }
    double ns = 0;
    for (int level = start; level <= hostLeaf; level++) {
      long entryAddress = (gpa >>> shift[level]) << 3;
      long chunk = HOST_SPACE | ((long) level << 54) | (entryAddress >>> LineCache.CHUNK_SHIFT);
      walkMemRefs++;
      ns += latencyNs[cache.access(chunk, LineCache.line(entryAddress))];
    }
    return ns;
  }

  /** A fault is about to install a new translation at {@code va}: drop any stale TLB entry. */
  public void invalidate(int asid, long va) {
    if (!active) {
      return;
    }
    for (int order : tlbOrders) {
      long key = TlbArray.key(asid, order, va >>> (pageShift + order));
      if (l1[order] != null) {
        l1[order].invalidate(key);
      }
      if (l2[order] != null) {
        l2[order].invalidate(key);
      }
    }
  }

  /**
   * A range of {@code pages} base pages from {@code va} changes its mapping (a collapse, a split):
   * every TLB entry over it goes, as Linux's {@code flush_tlb_range}.
   */
  public void invalidateRange(int asid, long va, int pages) {
    if (!active) {
      return;
    }
    if (pages <= 0) {
      return;
    }
    long last = va + ((long) (pages - 1) << pageShift);
    // Each entry size once per page it covers, not once per base page: invalidations commute.
    for (int order : tlbOrders) {
      int s = pageShift + order;
      for (long vpn = va >>> s; vpn <= last >>> s; vpn++) {
        long key = TlbArray.key(asid, order, vpn);
        if (l1[order] != null) {
          l1[order].invalidate(key);
        }
        if (l2[order] != null) {
          l2[order].invalidate(key);
        }
      }
    }
  }

  /** One page fault's fixed cost, by the size of the mapping it ended in. */
  public void fault(boolean huge) {
    if (!active) {
      return;
    }
    if (huge) {
      faultsHuge++;
      charge(FAULT, hugeFaultNs);
    } else {
      faultsBase++;
      charge(FAULT, faultNs);
    }
  }

  /** {@code clear_page} of {@code pages} frames from {@code pfn}; they end up in the caches. */
  public void clear(long pfn, int pages) {
    if (!active) {
      return;
    }
    charge(CLEAR, (double) ((long) pages << pageShift) * clearNsPerByte);
    written(pfn, pages);
  }

  /** A copy into {@code pages} frames from {@code dst}; they end up in the caches. */
  public void copy(long dst, int pages) {
    if (!active) {
      return;
    }
    charge(COPY, (double) ((long) pages << pageShift) * copyNsPerByte);
    written(dst, pages);
  }

  private void written(long pfn, int pages) {
    cache.writePages(pfn * chunksPerPage, (long) pages * chunksPerPage);
  }

  /**
   * A kernel thread reads {@code fullPages} pages through to the end and {@code firstLines} pages
   * only to their first line, as {@code memchr_inv} does looking for a non-zero byte: zero-filled
   * pages cost a whole read at memory bandwidth, the others one line's latency.
   */
  public void scanForZeros(long fullPages, long firstLines) {
    if (!active) {
      return;
    }
    charge(
        ACCESS,
        (double) (fullPages << pageShift) * copyNsPerByte
            + firstLines * latencyNs[LineCache.MEMORY]);
  }

  /** One page read back from swap. */
  public void swapIn() {
    if (!active) {
      return;
    }
    charge(SWAP, swapInNs);
  }

  /** Everything counted so far. */
  public PhaseCosts totals() {
    return new PhaseCosts(
        accesses,
        tlbL1Misses,
        tlbL2Misses,
        walkRefTotal,
        walkMemRefs,
        faultsBase,
        faultsHuge,
        Math.round(nanos[FAULT]),
        Math.round(nanos[CLEAR]),
        Math.round(nanos[COPY]),
        Math.round(nanos[MEMSET]),
        Math.round(nanos[ACCESS]),
        Math.round(nanos[TLB]),
        Math.round(nanos[SWAP]),
        Math.round(nanos[BACKGROUND]));
  }
}
