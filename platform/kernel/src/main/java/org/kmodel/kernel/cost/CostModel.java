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

  private static final long OP_INVALIDATE = 1;
  private static final long OP_CLEAR = 2;
  private static final long OP_FAULT = 3;
  private static final long OP_ACCESS = 4;
  private static final long OP_MEMSET = 5;

  /** Long words a recorded access takes before its path: op, asid, account, va, order, pa. */
  private static final int ACCESS_HEAD = 6;

  /** Whether a run's operations are being recorded for {@link #endRun} (fast mode only). */
  private boolean recording;

  /** Base pages under one page-table page: the most first touches one run can hold. */
  private int runTouches;

  /** The recorded operations of the current run, in order; sized at the first run. */
  private long[] log = new long[0];

  private int logLength;

  /**
   * The first touches the log begins with, recognised as they are recorded: the next operation a
   * touch expects (0 invalidation, 1 clearing, 2 fault, 3 access; -1 once the log has left the
   * pattern), how many touches are complete, and what each must share with the first.
   */
  private int touchState;

  /** What the run's touches are: {@link #OP_ACCESS} (a touch) or {@link #OP_MEMSET} (a fill). */
  private long touchKind;

  /** Whether the run's touches found their pages mapped (no fault), as a second pass does. */
  private boolean touchPresent;

  private int touchCount;
  private int touchAsid;
  private int touchAccount;
  private long touchPfn;

  /** Per fault of a run in closed form: address, physical address, leaf entry address. */
  private long[] runVa = new long[0];

  private long[] runPa = new long[0];
  private long closedFormTouches;
  private long[] runLeaf = new long[0];

  /** The upper-level entries every walk of the run reads, top first. */
  private long[] runUpper = new long[0];

  /**
   * Per walk level, the line-cache chunk a closed-form run last read there and its slot (-1: find
   * it again): the same entries are read touch after touch, and while nothing else probes their
   * sets their slots stay put.
   */
  private long[] trackedChunk = new long[0];

  private int[] trackedSlot = new int[0];
  private boolean background;

  /**
   * The page whose keys the last invalidation dropped (-1: none since a translation), so that the
   * translation right after a fault skips the lookups.
   */
  private long missPage = -1;

  private int missAsid;
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
    // Fast mode's buffers come with its first run; an explorer's kernels never need them.
    runTouches =
        levels.isEmpty() ? 1 : 1 << Math.min(16, levels.get(levels.size() - 1).indexBits());
    log = new long[0];
    logLength = 0;
    runVa = new long[0];
    mode(mode);
  }

  /**
   * While on, costs are counted as background work and not charged to the clock.
   *
   * @return whether it was on before, for callers that nest
   */
  public boolean background(boolean on) {
    settle();
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
    settle();
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
    if (recording) {
      recordAccess(OP_ACCESS, asid, account, va, order, pa, path);
      return;
    }
    exactAccess(asid, account, va, order, pa, path);
  }

  private void exactAccess(int asid, int account, long va, int order, long pa, long[] path) {
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
    if (recording) {
      recordAccess(OP_MEMSET, asid, account, va, order, pa, path);
      return;
    }
    exactMemset(asid, account, va, order, pa, path);
  }

  private void exactMemset(int asid, int account, long va, int order, long pa, long[] path) {
    double mmu = translate(asid, va, order, pa, path);
    double ns = memsetChunks(pa);
    charge(MEMSET, ns);
    record(account, mmu, ns);
  }

  // ---- runs (fast mode) ----------------------------------------------------------------------

  /**
   * The accesses that follow, up to {@link #endRun}, lie under one page-table page of one address
   * space. In fast mode they are recorded and charged together at the end: the first touches among
   * them in closed form, anything else one at a time in their order. Other modes charge as they go.
   */
  public void beginRun() {
    if (active && mode == CostMode.FAST && hostOrder < 0) {
      settle();
      if (runVa.length != runTouches) {
        int depth = shift.length;
        log = new long[(3 + 3 + 3 + ACCESS_HEAD + depth) * runTouches];
        runVa = new long[runTouches];
        runPa = new long[runTouches];
        runLeaf = new long[runTouches];
        runUpper = new long[depth];
        trackedChunk = new long[depth];
        trackedSlot = new int[depth];
      }
      recording = true;
    }
  }

  /** Charges what the run recorded; the state is then what exact mode leaves. */
  public void endRun() {
    if (recording) {
      recording = false;
      settle();
    }
  }

  /** Charges the recorded operations, if any. */
  private void settle() {
    if (logLength == 0) {
      return;
    }
    boolean was = recording;
    recording = false;
    int done = closedForm();
    replay(done, logLength);
    logLength = 0;
    recording = was;
  }

  private void ensureLog(int words) {
    if (logLength + words > log.length) {
      boolean was = recording;
      settle();
      recording = was;
      if (words > log.length) {
        log = new long[Math.max(words, 1024)];
      }
    }
  }

  private void record(long op, long a, long b) {
    ensureLog(3);
    if (touchState >= 0) {
      follow(op, a, b);
    }
    log[logLength++] = op;
    log[logLength++] = a;
    log[logLength++] = b;
  }

  /** One more invalidation, clearing or fault against the first-touch pattern. */
  private void follow(long op, long a, long b) {
    int t = touchCount;
    if (op == OP_INVALIDATE && touchState == 0 && t < runVa.length && !touchPresent) {
      if (t == 0) {
        touchAsid = (int) a;
      } else if (a != touchAsid || b >>> pageShift <= runVa[t - 1] >>> pageShift) {
        touchState = -1;
        return;
      }
      runVa[t] = b;
      touchState = 1;
    } else if (op == OP_CLEAR && touchState == 1 && b == 1) {
      touchPfn = a;
      touchState = 2;
    } else if (op == OP_FAULT && touchState == 2 && a == 0) {
      touchState = 3;
    } else {
      touchState = -1;
    }
  }

  private void recordAccess(
      long op, int asid, int account, long va, int order, long pa, long[] path) {
    int depth = shift.length;
    ensureLog(ACCESS_HEAD + depth);
    if (touchState >= 0) {
      followAccess(op, asid, account, va, order, pa, path);
    }
    long[] l = log;
    int at = logLength;
    l[at] = op;
    l[at + 1] = asid;
    l[at + 2] = account;
    l[at + 3] = va;
    l[at + 4] = order;
    l[at + 5] = pa;
    System.arraycopy(path, 0, l, at + ACCESS_HEAD, depth);
    logLength = at + ACCESS_HEAD + depth;
    if (touchState == 0 && touchCount > 1) {
      // A touch after the first: the run arrays hold all of it, the log need not.
      logLength = touchWords();
    }
  }

  /** The access that completes a first touch, or leaves the pattern. */
  private void followAccess(
      long op, int asid, int account, long va, int order, long pa, long[] path) {
    int t = touchCount;
    int leaf = leafLevel[0];
    if (t == 0) {
      touchKind = op;
      if (touchState == 0) {
        // No fault before it: a run of accesses to pages already mapped.
        touchPresent = true;
        touchAsid = asid;
      }
    }
    if (touchPresent && touchState == 0 && t < runVa.length) {
      if (t > 0 && va >>> pageShift <= runVa[t - 1] >>> pageShift) {
        touchState = -1;
        return;
      }
      runVa[t] = va;
      touchPfn = pa >>> pageShift;
      touchState = 3;
    }
    if (op != touchKind
        || touchState != 3
        || asid != touchAsid
        || va != runVa[t]
        || order != 0
        || pa >>> pageShift != touchPfn
        || leaf < 0) {
      touchState = -1;
      return;
    }
    if (t == 0) {
      touchAccount = account;
      System.arraycopy(path, 0, runUpper, 0, leaf);
    } else {
      boolean same = account == touchAccount;
      for (int i = 0; same && i < leaf; i++) {
        same = path[i] == runUpper[i];
      }
      if (!same) {
        touchState = -1;
        return;
      }
    }
    runPa[t] = pa;
    runLeaf[t] = path[leaf];
    touchCount = t + 1;
    touchState = 0;
  }

  /** Long words of the log one touch of the current run takes. */
  private int touchWords() {
    return (touchPresent ? 0 : 3 + 3 + 3) + ACCESS_HEAD + shift.length;
  }

  private int opLength(int at) {
    long op = log[at];
    return op == OP_ACCESS || op == OP_MEMSET ? ACCESS_HEAD + shift.length : 3;
  }

  /** Charges recorded operations {@code [from, to)} one at a time, as exact mode does. */
  private void replay(int from, int to) {
    long[] l = log;
    long[] path = new long[shift.length];
    for (int at = from; at < to; at += opLength(at)) {
      long op = l[at];
      if (op == OP_INVALIDATE) {
        exactInvalidate((int) l[at + 1], l[at + 2]);
      } else if (op == OP_CLEAR) {
        exactClear(l[at + 1], (int) l[at + 2]);
      } else if (op == OP_FAULT) {
        exactFault(l[at + 1] != 0);
      } else {
        System.arraycopy(l, at + ACCESS_HEAD, path, 0, path.length);
        if (op == OP_ACCESS) {
          exactAccess(
              (int) l[at + 1], (int) l[at + 2], l[at + 3], (int) l[at + 4], l[at + 5], path);
        } else {
          exactMemset(
              (int) l[at + 1], (int) l[at + 2], l[at + 3], (int) l[at + 4], l[at + 5], path);
        }
      }
    }
  }

  /**
   * Charges the first touches the recording began with — each an invalidation, the clearing of one
   * fresh base page, a base-page fault and an access to that page under one page-table page,
   * recognised as they were recorded — and returns where the log's other operations begin (0: there
   * were not two such touches). Of those touches the log keeps only the first; the run arrays hold
   * the rest.
   *
   * <p>The first touch runs exactly; it leaves the deepest walk cache holding the run's upper
   * levels, so every later walk starts below it and reads the same upper entries. For the others:
   * each key of the run is invalidated up front (a stale key then frees its slot earlier, which
   * changes no final content: an LRU set ends with its newest entries whenever the removals
   * happen), and only the keys a TLB array can still hold at the end are filled, in order (the last
   * {@code entries} of them; for a set-associative array also exact when page numbers step evenly,
   * since each set then sees its last {@code ways} keys among them). Counters move by the number of
   * touches. The line cache sees every operation at the byte count it would have had, fewer probes
   * where the page's set differs from the walk's.
   */
  private int closedForm() {
    int count = touchCount;
    int leaf = leafLevel[0];
    boolean present = touchPresent;
    int groupWords = touchWords();
    touchState = 0;
    touchCount = 0;
    touchPresent = false;
    if (count < 2 || background) {
      return 0;
    }
    replay(0, groupWords);
    if (!present) {
      firstTouches(touchAsid, touchAccount, count, leaf);
    } else if (!presentTouches(touchAsid, touchAccount, count, leaf)) {
      replayTouches(count, leaf);
    }
    return groupWords;
  }

  /** Touches 1 to {@code count - 1} of a run of mapped pages, one at a time from the run arrays. */
  private void replayTouches(int count, int leaf) {
    long[] path = new long[shift.length];
    System.arraycopy(runUpper, 0, path, 0, leaf);
    for (int i = 1; i < count; i++) {
      path[leaf] = runLeaf[i];
      if (touchKind == OP_MEMSET) {
        exactMemset(touchAsid, touchAccount, runVa[i], 0, runPa[i], path);
      } else {
        exactAccess(touchAsid, touchAccount, runVa[i], 0, runPa[i], path);
      }
    }
  }

  /**
   * Touches 1 to {@code count - 1} of a run of mapped pages in closed form when none of their
   * base-page keys is in a TLB (every one then misses both levels and walks, and the walk starts
   * below the deepest walk cache as in {@link #firstTouches}); false, with nothing charged, when
   * one is. The line cache sees each walk line and each data access or page write as exact mode
   * does, walk lines read touch after touch without a probe.
   */
  private boolean presentTouches(int asid, int account, int count, int leaf) {
    int touches = count - 1;
    boolean even = evenlySpaced(count);
    long stride = (runVa[2 % count] >>> pageShift) - (runVa[1] >>> pageShift);
    int o1 = l1Fit[0];
    int o2 = l2Fit[0];
    // The first touch must have walked: only then does the deepest walk cache hold the run's
    // upper levels.
    if (!walked
        || !even
        || o1 > 0
        || o2 > 0
        || held(o1 < 0 ? null : l1[0], asid, runVa[1] >>> pageShift, stride, touches)
        || held(o2 < 0 ? null : l2[0], asid, runVa[1] >>> pageShift, stride, touches)) {
      return false;
    }
    missPage = -1;
    boolean memset = touchKind == OP_MEMSET;
    int deepest = deepestWalkCache(leaf);
    int walkLines = leaf - deepest;
    double tlbNs = 0;
    double dataNs = 0;
    LineCache c = cache;
    java.util.Arrays.fill(trackedSlot, -1);
    for (int i = 1; i < count; i++) {
      double ns = walkOf(i, deepest, leaf, true);
      long pa = runPa[i];
      double data = 0;
      if (memset) {
        data = memsetChunks(pa);
      } else {
        data = latencyNs[c.access(pa >>> LineCache.CHUNK_SHIFT, LineCache.line(pa))];
      }
      // The data's probe may have displaced a walk line of its set.
      int dataSet = c.setOf(pa >>> LineCache.CHUNK_SHIFT);
      for (int level = deepest + 1; level <= leaf; level++) {
        if (trackedSlot[level] >= 0 && c.setOf(trackedChunk[level]) == dataSet) {
          java.util.Arrays.fill(trackedSlot, -1);
          break;
        }
      }
      tlbNs += ns;
      dataNs += data;
      walked = true;
      record(account, ns, data);
    }
    fillLast(o2 < 0 ? null : l2[0], o2, asid, count, even);
    fillLast(o1 < 0 ? null : l1[0], o1, asid, count, even);
    accesses += touches;
    tlbL1Misses += touches;
    tlbL2Misses += touches;
    walkRefTotal += (long) touches * walkRefs[0];
    walkMemRefs += (long) touches * walkLines;
    closedFormTouches += touches;
    charge(TLB, tlbNs);
    charge(memset ? MEMSET : ACCESS, dataNs);
    return true;
  }

  /**
   * The walk of touch {@code i} of a closed-form run below walk level {@code deepest}: its lines
   * read in order, each through its known slot when {@code tracked} allows and the slot is known,
   * else probed (which may displace another tracked chunk of its set, so all are found again).
   * Returns the walk's nanoseconds.
   */
  private double walkOf(int i, int deepest, int leaf, boolean tracked) {
    LineCache c = cache;
    double ns = walkStartNs;
    for (int level = deepest + 1; level <= leaf; level++) {
      long entry = level == leaf ? runLeaf[i] : runUpper[level];
      long chunk = entry >>> LineCache.CHUNK_SHIFT;
      int slot = trackedSlot[level];
      int served;
      if (tracked && slot >= 0 && trackedChunk[level] == chunk) {
        served = c.accessSlot(slot, LineCache.line(entry));
      } else {
        served = c.access(chunk, LineCache.line(entry));
        java.util.Arrays.fill(trackedSlot, -1);
        trackedChunk[level] = chunk;
        trackedSlot[level] = c.slotOf(chunk);
      }
      ns += latencyNs[served];
    }
    return ns;
  }

  /** The deepest page-table level above {@code leaf} that has a walk cache, or -1. */
  private int deepestWalkCache(int leaf) {
    for (int i = leaf - 1; i >= 0; i--) {
      if (walkCache[i] != null) {
        return i;
      }
    }
    return -1;
  }

  /** A memset's writes of the page at {@code pa}, chunk by chunk: their nanoseconds. */
  private double memsetChunks(long pa) {
    long first = (pa >>> pageShift) * chunksPerPage;
    double ns = 0;
    for (int k = 0; k < chunksPerPage; k++) {
      ns += pageWriteNs[cache.writePage(first + k)];
    }
    return ns;
  }

  /** Whether {@code array} holds a key of the run's base pages. */
  private static boolean held(TlbArray array, int asid, long firstVpn, long stride, int n) {
    return array != null && array.holdsRun(asid, 0, firstVpn, stride, n);
  }

  /** Touches 1 to {@code count - 1} of the run in closed form (touch 0 has run exactly). */
  private void firstTouches(int asid, int account, int count, int leaf) {
    int touches = count - 1;
    boolean memset = touchKind == OP_MEMSET;
    missPage = -1;
    boolean even = evenlySpaced(count);
    long stride = (runVa[2 % count] >>> pageShift) - (runVa[1] >>> pageShift);
    for (int order : tlbOrders) {
      if (order == 0 && even) {
        long first = runVa[1] >>> pageShift;
        dropRun(l1[0], asid, first, stride, touches);
        dropRun(l2[0], asid, first, stride, touches);
        continue;
      }
      long previous = -1;
      for (int i = 1; i < count; i++) {
        long vpn = runVa[i] >>> (pageShift + order);
        if (vpn != previous) {
          long key = TlbArray.key(asid, order, vpn);
          if (l1[order] != null) {
            l1[order].invalidate(key);
          }
          if (l2[order] != null) {
            l2[order].invalidate(key);
          }
          previous = vpn;
        }
      }
    }
    int deepest = deepestWalkCache(leaf);
    int walkLines = leaf - deepest;
    long walkBytes = 64L * walkLines;
    double tlbNs = 0;
    double dataNs = 0;
    LineCache c = cache;
    java.util.Arrays.fill(trackedSlot, -1);
    for (int i = 1; i < count; i++) {
      long pa = runPa[i];
      long dataChunk = pa >>> LineCache.CHUNK_SHIFT;
      int dataSet = c.setOf(dataChunk);
      boolean apart =
          chunksPerPage == 1 && c.setOf(runLeaf[i] >>> LineCache.CHUNK_SHIFT) != dataSet;
      for (int level = deepest + 1; apart && level < leaf; level++) {
        apart = c.setOf(runUpper[level] >>> LineCache.CHUNK_SHIFT) != dataSet;
      }
      long start = c.now();
      double data;
      if (apart) {
        data =
            memset
                ? pageWriteNs[c.writeThenWrite(dataChunk, walkBytes)]
                : latencyNs[c.writeThenAccess(dataChunk, LineCache.line(pa), walkBytes)];
        c.at(start + LineCache.CHUNK_BYTES);
      } else {
        c.writePages((pa >>> pageShift) * chunksPerPage, chunksPerPage);
        data = 0;
      }
      double ns = walkOf(i, deepest, leaf, apart);
      if (apart) {
        c.at(start + LineCache.CHUNK_BYTES + walkBytes + (memset ? LineCache.CHUNK_BYTES : 64));
      } else if (memset) {
        data = memsetChunks(pa);
        java.util.Arrays.fill(trackedSlot, -1);
      } else {
        data = latencyNs[c.access(dataChunk, LineCache.line(pa))];
        java.util.Arrays.fill(trackedSlot, -1);
      }
      tlbNs += ns;
      dataNs += data;
      walked = true;
      record(account, ns, data);
    }
    fillLast(l2[l2Fit[0] < 0 ? 0 : l2Fit[0]], l2Fit[0], asid, count, even);
    fillLast(l1[l1Fit[0] < 0 ? 0 : l1Fit[0]], l1Fit[0], asid, count, even);
    accesses += touches;
    tlbL1Misses += touches;
    tlbL2Misses += touches;
    walkRefTotal += (long) touches * walkRefs[0];
    walkMemRefs += (long) touches * walkLines;
    faultsBase += touches;
    closedFormTouches += touches;
    charge(FAULT, touches * faultNs);
    charge(CLEAR, (double) ((long) touches << pageShift) * clearNsPerByte);
    charge(TLB, tlbNs);
    charge(memset ? MEMSET : ACCESS, dataNs);
  }

  /**
   * Fills the keys of touches 1 to {@code count - 1} into {@code array} (of page order {@code
   * order}; none when negative), skipping those it could not hold at the end.
   */
  private void fillLast(TlbArray array, int order, int asid, int count, boolean even) {
    if (order < 0 || array == null) {
      return;
    }
    int first = 1;
    int keep = array.entries();
    if (count - 1 > keep && even) {
      first = count - keep;
    }
    for (int i = first; i < count; i++) {
      array.insert(TlbArray.key(asid, order, runVa[i] >>> (pageShift + order)));
    }
  }

  /** Drops the base-page keys of touches 1 to {@code count - 1} from {@code array}, if any. */
  private static void dropRun(TlbArray array, int asid, long firstVpn, long stride, int n) {
    if (array != null) {
      array.invalidateRun(asid, 0, firstVpn, stride, n);
    }
  }

  /** Whether the base pages of touches 1 to {@code count - 1} step evenly. */
  private boolean evenlySpaced(int count) {
    long step = (runVa[2 % count] >>> pageShift) - (runVa[1] >>> pageShift);
    for (int i = 2; i < count; i++) {
      if ((runVa[i] >>> pageShift) - (runVa[i - 1] >>> pageShift) != step) {
        return false;
      }
    }
    return step > 0;
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
    settle();
    return account < accountWalks.length ? accountWalks[account] : 0;
  }

  /** Nanoseconds of TLB misses (second-level hits and walks) charged to this slot so far. */
  public long accountMmuNanos(int account) {
    settle();
    return account < accountMmuNs.length ? Math.round(accountMmuNs[account]) : 0;
  }

  /** Nanoseconds of accesses, MMU time included, charged to this slot so far. */
  public long accountAccessNanos(int account) {
    settle();
    return account < accountAccessNs.length ? Math.round(accountAccessNs[account]) : 0;
  }

  /** The translation's cost: 0 on a first-level hit. Sets {@link #walked}. */
  private double translate(int asid, long va, int order, long pa, long[] path) {
    accesses++;
    walked = false;
    int tlbOrder = hostOrder < 0 ? order : Math.min(order, hostOrder);
    int o1 = l1Fit[tlbOrder];
    int o2 = l2Fit[tlbOrder];
    // Right after a fault dropped this page's keys, both lookups are known to miss.
    boolean missed = missAsid == asid && missPage == va >>> pageShift;
    missPage = -1;
    TlbArray first = o1 < 0 ? null : l1[o1];
    long key1 = o1 < 0 ? 0 : TlbArray.key(asid, o1, va >>> (pageShift + o1));
    if (!missed && first != null && first.lookup(key1)) {
      return 0;
    }
    tlbL1Misses++;
    TlbArray second = o2 < 0 ? null : l2[o2];
    long key2 = o2 == o1 ? key1 : o2 < 0 ? 0 : TlbArray.key(asid, o2, va >>> (pageShift + o2));
    if (!missed && second != null && second.lookup(key2)) {
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
    if (recording) {
      record(OP_INVALIDATE, asid, va);
      return;
    }
    exactInvalidate(asid, va);
  }

  private void exactInvalidate(int asid, long va) {
    for (int order : tlbOrders) {
      long key = TlbArray.key(asid, order, va >>> (pageShift + order));
      TlbArray a = l1[order];
      if (a != null && a.holdsOrder(order)) {
        a.invalidate(key);
      }
      a = l2[order];
      if (a != null && a.holdsOrder(order)) {
        a.invalidate(key);
      }
    }
    missAsid = asid;
    missPage = va >>> pageShift;
  }

  /**
   * A range of {@code pages} base pages from {@code va} changes its mapping (a collapse, a split):
   * every TLB entry over it goes, as Linux's {@code flush_tlb_range}.
   */
  public void invalidateRange(int asid, long va, int pages) {
    settle();
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
    if (recording) {
      record(OP_FAULT, huge ? 1 : 0, 0);
      return;
    }
    exactFault(huge);
  }

  private void exactFault(boolean huge) {
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
    if (recording) {
      record(OP_CLEAR, pfn, pages);
      return;
    }
    exactClear(pfn, pages);
  }

  private void exactClear(long pfn, int pages) {
    charge(CLEAR, (double) ((long) pages << pageShift) * clearNsPerByte);
    written(pfn, pages);
  }

  /** A copy into {@code pages} frames from {@code dst}; they end up in the caches. */
  public void copy(long dst, int pages) {
    settle();
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
    settle();
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
    settle();
    if (!active) {
      return;
    }
    charge(SWAP, swapInNs);
  }

  /**
   * A hash of the TLBs, walk caches and line cache — which entries each holds and in what recency
   * order — for tests that compare two modes; 0 before an architecture is attached.
   */
  public long stateDigest() {
    settle();
    if (profile == null) {
      return 0;
    }
    long h = cache.digest();
    java.util.Set<TlbArray> seen =
        java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    for (TlbArray[] arrays : new TlbArray[][] {l1, l2, walkCache, hostWalkCache}) {
      for (TlbArray a : arrays) {
        h = h * 31 + (a == null || !seen.add(a) ? 0 : a.digest());
      }
    }
    return h;
  }

  /** First touches fast mode has charged in closed form so far. */
  public long closedFormTouches() {
    settle();
    return closedFormTouches;
  }

  /** Everything counted so far. */
  public PhaseCosts totals() {
    settle();
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
