package org.kmodel.kernel.mm;

import org.kmodel.kernel.mm.swap.SwapDevice;

/**
 * The memory manager's paths for one pinned machine, wired once when {@link MemoryManager#boot}
 * takes the machine: each path is given the collaborators it uses and nothing more, and every size
 * it reads is a final field taken from the machine. A machine rebuilt before the first process gets
 * new paths, with an empty anon_vma registry, deferred-split queue and swap device and no zero
 * pages.
 *
 * <p>Who uses whom (arrows point at what is used; every one also reads the {@link Machine}, and the
 * cost model, vmstat events, the release's switches and the policy slot where it charges, counts or
 * asks):
 *
 * <pre>
 * UserAccess       → Faults, FatalSignals, PageWalk, SwapDevice
 * Faults           → CowFaults, SwapIn, AnonFolios, ZeroPages, PageWalk, Pages, ContPte,
 *                    PrezeroPool
 * CowFaults        → HugeSplit, FolioPut, AnonFolios, Pages, ContPte, SwapCache
 * FatalSignals     → ExitMmap → Zap, ZeroPages
 * Zap              → HugeSplit, FolioPut, PageWalk, Pages, ContPte, SwapDevice
 * MoveRange        → Zap, VmaSurgery, HugeSplit, PageWalk, Pages, ContPte
 * ForkCopy         → AnonFolios, HugeSplit, PageWalk, Pages, ContPte, SwapDevice
 * Gup              → UserAccess, CowFaults, FolioPut, PageWalk
 * ChangeProtection → PageWalk, ContPte
 * VmaSurgery       → HugeSplit
 * Swapper          → HugeSplit, FolioPut, Rmap, PageWalk, ContPte, SwapDevice, SwapCache
 * Promotion        → Collapse, HugeSplit, ZeroPages, FolioPut, ContPte, PrezeroPool, PageWalk
 * Collapse         → SwapIn, AnonFolios, FolioPut, PageWalk, Pages
 * HugeSplit        → Rmap, ZeroPages, PageWalk, Pages, ContPte, AnonVmas, DeferredSplitQueue
 * SwapIn           → AnonFolios, Pages, SwapDevice, SwapCache
 * AnonFolios       → Pages, AnonVmas
 * FolioPut         → Pages, DeferredSplitQueue, SwapCache
 * Rmap             → PageWalk, ContPte, AnonVmas
 * MmViews          → PageWalk
 * DebugVmChecks    → ContPte, ZeroPages, SwapDevice, SwapCache
 * PageWalk, ZeroPages → Pages ⇢ (Shrinker, DirectReclaim) ⇢ HugeSplit, ZeroPages, PrezeroPool,
 *                                                        Promotion, Swapper
 * </pre>
 *
 * <p>The one cycle is Linux's own: the allocator's slow path splits deferred folios and swaps pages
 * out, and both of those allocate and free. {@link Pages} sees them only as {@link Pages.Shrinker}
 * and {@link Pages.DirectReclaim}, which this class implements by handing on to {@link HugeSplit},
 * the {@link PrezeroPool}, the policy's shrinker through {@link Promotion} and {@link Swapper} once
 * they exist.
 */
final class MmPaths {
  final Machine machine;
  final Pages pages;
  final PageWalk walk;
  final SwapDevice swap;
  final SwapCache swapCache;
  final Gup gup;
  final UserAccess access;
  final Zap zap;
  final ChangeProtection protect;
  final VmaSurgery vmas;
  final ExitMmap exit;
  final ForkCopy fork;
  final MoveRange move;
  final Swapper swapper;
  final Collapse collapse;
  final PrezeroPool prezeroed;
  final Promotion promotion;
  final MmViews views;
  final DebugVmChecks debugVm;
  final DeferredSplitQueue deferredSplit;
  private final HugeSplit split;
  private final ZeroPages zeroPages;

  MmPaths(Machine machine, MmEnvironment env, VmEvents ev, MthpStats mthp, LinuxRelease release) {
    this.machine = machine;
    AnonVmas anonVmas = new AnonVmas();
    this.deferredSplit = new DeferredSplitQueue();
    this.prezeroed = new PrezeroPool(machine, env.allocator(), env.failPageAlloc(), env.cost());
    this.pages =
        new Pages(
            machine,
            env.failPageAlloc(),
            env.allocator(),
            this::shrinkSlab,
            prezeroed,
            this::shrinkPolicy,
            this::directReclaim);
    this.walk = new PageWalk(machine, pages);
    this.swap =
        SwapDevice.ofBytes(
            env.swapBytes(),
            machine.pageSize,
            machine.thpCapable() ? 1 << machine.pmdOrder : SwapDevice.BASE_CLUSTER_SLOTS);
    this.zeroPages = new ZeroPages(machine, pages, ev, env.processes());
    ContPte cont = new ContPte(machine);
    Rmap rmap = new Rmap(machine, anonVmas, walk, cont, env.cost());
    machine.memory.setMigrationHook(rmap::migrate);
    this.swapCache = new SwapCache(machine.memory, swap);
    FolioPut folios = new FolioPut(machine, pages, deferredSplit, swapCache, ev, mthp);
    this.split =
        new HugeSplit(
            machine, walk, pages, zeroPages, cont, rmap, anonVmas, deferredSplit, ev, mthp);
    AnonFolios anon = new AnonFolios(machine, pages, anonVmas, env.allocator());
    SwapIn swapIn = new SwapIn(machine, pages, anon, swap, swapCache, env.cost(), ev);
    this.swapper =
        new Swapper(machine, swap, walk, split, folios, rmap, cont, release, swapCache, ev, mthp);
    this.zap = new Zap(machine, walk, pages, split, cont, folios, swap);
    CowFaults cow =
        new CowFaults(
            machine,
            pages,
            anon,
            folios,
            split,
            cont,
            release,
            env.thpPolicy(),
            env.cost(),
            ev,
            swapCache,
            mthp);
    Faults faults =
        new Faults(
            machine,
            walk,
            pages,
            zeroPages,
            anon,
            cont,
            swapIn,
            cow,
            env.thpPolicy(),
            env.cost(),
            ev,
            mthp,
            prezeroed,
            release);
    this.exit = new ExitMmap(zap, env.processes(), folios);
    FatalSignals signals = new FatalSignals(machine, env.processes(), exit, env.events(), ev);
    this.access = new UserAccess(machine, walk, faults, signals, swap, env.cost(), ev);
    this.protect = new ChangeProtection(machine, walk, cont);
    this.vmas = new VmaSurgery(machine, split);
    this.fork = new ForkCopy(machine, walk, pages, cont, swap, anon, split, env.cost());
    this.gup = new Gup(machine, walk, access, cow, folios, ev);
    this.move = new MoveRange(machine, walk, pages, split, cont, zap, vmas);
    this.collapse = new Collapse(machine, walk, pages, anon, swapIn, folios, env.cost(), ev);
    this.promotion =
        new Promotion(
            machine,
            env.processes(),
            env.clock(),
            env.cost(),
            env.allocator(),
            env.thpPolicy(),
            walk,
            collapse,
            split,
            zeroPages,
            folios,
            cont,
            prezeroed,
            env.events());
    this.views = new MmViews(machine, walk, env.processes());
    this.debugVm =
        new DebugVmChecks(
            machine, env.processes(), env.allocator(), swap, swapCache, cont, zeroPages, prezeroed);
  }

  /** The shrinkers of memory the kernel holds: the huge zero page and the deferred-split queue. */
  private boolean shrinkSlab() {
    return zeroPages.shrinkHugeZero() | split.shrinkDeferred();
  }

  private boolean shrinkPolicy() {
    return promotion != null && promotion.shrink();
  }

  private int directReclaim() {
    return swapper.reclaim();
  }
}
