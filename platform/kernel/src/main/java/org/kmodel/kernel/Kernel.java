package org.kmodel.kernel;

import com.google.inject.Guice;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.kmodel.api.Plugin;
import org.kmodel.api.SlotId;
import org.kmodel.api.arch.Architecture;
import org.kmodel.api.fs.FileSystemType;
import org.kmodel.api.fs.RelocationStrategy;
import org.kmodel.api.machine.MachineGeometry;
import org.kmodel.api.mm.PageAllocator;
import org.kmodel.api.thp.ThpPolicy;
import org.kmodel.kernel.cost.CostModel;
import org.kmodel.kernel.counter.CounterRegistry;
import org.kmodel.kernel.event.EventLog;
import org.kmodel.kernel.fs.FsSupport;
import org.kmodel.kernel.knob.KnobTree;
import org.kmodel.kernel.mm.Machine;
import org.kmodel.kernel.mm.MemoryManager;
import org.kmodel.kernel.mm.MmEnvironment;
import org.kmodel.kernel.mm.PhysicalMemory;
import org.kmodel.kernel.mm.ProcessTable;
import org.kmodel.kernel.mm.boot.FailPageAlloc;
import org.kmodel.kernel.mm.boot.Fragmentation;
import org.kmodel.kernel.scenario.value.Sizes;
import org.kmodel.kernel.sim.Engine;
import org.kmodel.kernel.sim.SimClock;
import org.kmodel.kernel.slot.PluginSlot;
import org.kmodel.kernel.slot.SlotTable;
import org.kmodel.kernel.slot.Slots;

/**
 * One simulated machine: the authoritative state (frames, processes, counters, knobs) and the
 * plugin slots the policies sit in (rule 4: state in the kernel, strategy in plugins). Built by
 * Guice from {@link KernelModule}, or by hand the same way ({@link #assemble}); use it from one
 * thread, the simulation thread, except for {@link SlotTable#offer}, which any thread may call.
 *
 * <p>The machine has no frames until an architecture is attached: its geometry is pinned then, and
 * the frame table, page tables, swap device and cost model are built for it. The allocator and the
 * THP policy wait for that moment (their slots stay empty until it comes). An architecture of
 * another geometry may replace the first one until a process exists; the machine is then built
 * again and the allocator and policy attached to it afresh.
 */
@Singleton
public final class Kernel {
  private final KernelConfig config;
  private final BootParameters boot;
  private final SimClock clock;
  private final Engine engine;
  private final EventLog events;
  private final CounterRegistry counters;
  private final KnobTree knobs;
  private final SlotTable slots;
  private final ProcessTable processes;
  private final FailPageAlloc failPageAlloc;
  private final CostModel cost;
  private final MemoryManager mm;
  private final FsSupport fs;
  private final PluginSlot<Architecture> arch;
  private final PluginSlot<PageAllocator> allocator;
  private final PluginSlot<ThpPolicy> thp;
  private final PluginSlot<FileSystemType> filesystem;
  private final PluginSlot<RelocationStrategy> relocation;
  private Machine machine;
  private BasePage refusedBasePage;
  private String bootProblem;

  @Inject
  Kernel(
      KernelConfig config,
      SimClock clock,
      Engine engine,
      EventLog events,
      CounterRegistry counters,
      KnobTree knobs,
      SlotTable slots,
      ProcessTable processes) {
    this.config = config;
    this.boot = new BootParameters(config.commandLine());
    this.clock = clock;
    this.engine = engine;
    this.events = events;
    this.counters = counters;
    this.knobs = knobs;
    this.slots = slots;
    this.processes = processes;
    this.arch = slots.slot(Architecture.SLOT);
    this.allocator = slots.slot(PageAllocator.SLOT);
    this.thp = slots.slot(ThpPolicy.SLOT);
    this.filesystem = slots.slot(FileSystemType.SLOT);
    this.relocation = slots.slot(RelocationStrategy.SLOT);
    this.failPageAlloc =
        new FailPageAlloc(
            new SplittableRandom(config.seed() ^ 0x6661696cL),
            notice -> events.record("fault-injection", notice));
    failPageAlloc.register(knobs.viewFor(KnobTree.KERNEL));
    String fail = boot.get("fail_page_alloc");
    if (fail != null && !failPageAlloc.setup(fail)) {
      events.record("warning", "fail_page_alloc=" + fail + " cannot parse, ignored");
    }
    this.cost =
        new CostModel(
            config.cpu(),
            config.cpuProfiles(),
            config.nestedHostPageSize(),
            note -> events.record("cost", note));
    cost.mode(config.cost());
    this.mm =
        new MemoryManager(
            new MmEnvironment(
                counters,
                knobs,
                events,
                clock,
                engine,
                processes,
                allocator,
                thp,
                failPageAlloc,
                config.swapBytes(),
                cost,
                config.kernel()));
    mm.batchRuns(!"0".equals(boot.get("kmodel.batch")));
    this.fs = new FsSupport(filesystem, relocation, events, clock);
    slots.setContextFactory(new KernelPluginContext(this));
    slots.setVeto(this::vetoSwap);
    slots.setReadiness(slot -> machine != null || !Slots.MACHINE_BOUND.contains(slot));
    slots.onSwap(
        slot -> {
          if (slot.equals(Architecture.SLOT) && arch.get() != null) {
            boolean rebuilt = pinMachine(arch.get());
            slots.reattachMachineBound(!rebuilt);
          }
        });
    counters.gauge(
        "nr_free_pages",
        () -> machine == null ? 0 : machine.memory.freeFrames() + mm.prezeroedPages());
  }

  /**
   * Builds a kernel with Guice.
   *
   * @throws com.google.inject.ProvisionException wrapping what the construction threw
   */
  public static Kernel create(KernelConfig config) {
    return Guice.createInjector(new KernelModule(config)).getInstance(Kernel.class);
  }

  /**
   * Builds the kernel {@link #create} builds — the objects {@link KernelModule} binds, each made
   * once, in the order Guice makes them — by hand. An injector costs more than the rest of a small
   * kernel's boot; the explorer builds a kernel per interleaving.
   *
   * @throws IllegalArgumentException as the construction throws it, unwrapped
   */
  public static Kernel assemble(KernelConfig config) {
    SimClock clock = new SimClock();
    Engine engine = new Engine(clock);
    EventLog events = new EventLog(clock);
    CounterRegistry counters = new CounterRegistry();
    KnobTree knobs = new KnobTree();
    SlotTable slots = new SlotTable(events, knobs);
    return new Kernel(config, clock, engine, events, counters, knobs, slots, new ProcessTable());
  }

  /**
   * Builds the machine for the attached architecture's geometry, unless one of that geometry is
   * already built: frames, boot-time fragmentation, page tables, swap; then fits the cost model.
   * Returns whether a machine was built.
   */
  private boolean pinMachine(Architecture a) {
    MachineGeometry g = a.geometry();
    boolean build = machine == null || !machine.geometry.equals(g);
    if (build) {
      Machine next =
          new Machine(
              a.machine(), g, config.memoryBytes(), !"0".equals(boot.get("kmodel.content")));
      String problem = bootFragmentation(next.memory);
      if (problem != null) {
        bootProblem = problem;
        events.record("warning", problem);
      }
      machine = next;
      mm.boot(next);
      events.record(
          "machine",
          String.format(
              "%s: %s base pages, %d frames, THP %s, page tables %s",
              a.machine(),
              Sizes.format(next.pageSize),
              next.memory.frameCount(),
              next.thpCapable() ? Sizes.format(next.pmdSize) : "none",
              g.levels().stream().map(l -> l.name()).toList()),
          Map.of("arch", a.machine(), "page_size", next.pageSize));
    }
    try {
      cost.attach(a.machine(), g, a.cpuProfiles(), a.defaultCpuProfile());
    } catch (IllegalArgumentException e) {
      bootProblem = e.getMessage();
      events.record("warning", e.getMessage());
    }
    return build;
  }

  /**
   * Scatters unmovable pages, or lays out an imported buddyinfo, before any allocator attaches.
   * Returns why an imported layout does not fit, or {@code null}.
   */
  private String bootFragmentation(PhysicalMemory memory) {
    if (config.buddyinfo() != null) {
      return Fragmentation.imported(memory, config.buddyinfo(), config.seed()).orElse(null);
    }
    if (config.fragmentation() > 0) {
      Fragmentation.synthetic(memory, config.fragmentation(), config.seed());
    }
    return null;
  }

  /**
   * What went wrong pinning the machine that the scenario must hear about as bad input (a CPU
   * profile that does not exist or does not fit, a buddyinfo that does not fit), or {@code null}.
   */
  public String bootProblem() {
    return bootProblem;
  }

  /** Linux's fail_page_alloc fault injection, consulted by every page allocation. */
  public FailPageAlloc failPageAlloc() {
    return failPageAlloc;
  }

  /**
   * An architecture is refused when its geometry cannot hold the machine's memory, or differs from
   * the pinned geometry while processes have page tables.
   */
  private String vetoSwap(SlotId<?> slot, Plugin incoming) {
    if (!slot.equals(Architecture.SLOT)) {
      return null;
    }
    Architecture next = (Architecture) incoming;
    MachineGeometry g;
    try {
      g = next.geometry();
    } catch (RuntimeException e) {
      return "its geometry cannot be read: " + e;
    }
    if (g == null) {
      return "it has no geometry";
    }
    long page = g.pageSize();
    if (config.memoryBytes() % page != 0) {
      refusedBasePage = new BasePage(page, next.machine());
      return "the machine's memory, "
          + Sizes.format(config.memoryBytes())
          + ", is not a multiple of its "
          + Sizes.format(page)
          + " base page";
    }
    if (machine != null && !processes.isEmpty() && !machine.geometry.equals(g)) {
      return "processes have page tables of " + machine.arch + "'s geometry";
    }
    return null;
  }

  /** A base page: its size and the architecture whose page it is. */
  public record BasePage(long bytes, String arch) {
    /** The page as messages name it, e.g. {@code the 64K base page of aarch64}. */
    @Override
    public String toString() {
      return "the " + Sizes.format(bytes) + " base page of " + arch;
    }
  }

  /**
   * The base page a scenario's sizes are measured in: the pinned machine's; before a machine is
   * pinned, that of the last architecture refused because the machine's memory is not a whole
   * number of its pages (so that the scenario can be told which of its sizes is wrong); else null.
   */
  public BasePage basePage() {
    return machine != null ? new BasePage(machine.pageSize, machine.arch) : refusedBasePage;
  }

  /**
   * Slots a step touching memory needs: an architecture, an allocator, and — when the pinned
   * machine maps transparent huge pages — a THP policy.
   */
  public List<SlotId<?>> memorySlots() {
    List<SlotId<?>> need = new ArrayList<>(List.of(Architecture.SLOT, PageAllocator.SLOT));
    if (machine != null && machine.thpCapable()) {
      need.add(ThpPolicy.SLOT);
    }
    return need;
  }

  /** {@code /proc/meminfo} fields this kernel tracks, in kB, in Linux's order. */
  public Map<String, Long> meminfo() {
    Map<String, Long> m = new LinkedHashMap<>();
    if (machine == null) {
      m.put("MemTotal", 0L);
      m.put("MemFree", 0L);
      m.put("SwapCached", 0L);
      m.put("AnonPages", 0L);
      m.put("PageTables", 0L);
      m.put("SwapTotal", config.swapBytes() / 1024);
      m.put("SwapFree", config.swapBytes() / 1024);
      m.put("AnonHugePages", 0L);
      return m;
    }
    long kbPerFrame = machine.pageSize / 1024;
    PhysicalMemory memory = machine.memory;
    long[] anon = mm.views().anonMapped();
    m.put("MemTotal", memory.frameCount() * kbPerFrame);
    m.put("MemFree", (memory.freeFrames() + mm.prezeroedPages()) * kbPerFrame);
    m.put("SwapCached", mm.swapCachedPages() * kbPerFrame);
    m.put("AnonPages", anon[0] * kbPerFrame);
    m.put("PageTables", (mm.tables() == null ? 0 : mm.tables().live()) * kbPerFrame);
    m.put("SwapTotal", config.swapBytes() / 1024);
    m.put("SwapFree", mm.swapFreeBytes() / 1024);
    m.put("AnonHugePages", anon[1] * kbPerFrame);
    return m;
  }

  /** {@code /proc/meminfo} as Linux prints it. */
  public String procMeminfo() {
    StringBuilder sb = new StringBuilder();
    meminfo().forEach((k, v) -> sb.append(String.format("%-16s%8d kB%n", k + ":", v)));
    return sb.toString();
  }

  /**
   * {@code /proc/buddyinfo} as Linux prints it (one Normal zone), or empty without an allocator.
   */
  public String procBuddyinfo() {
    PageAllocator a = allocator.get();
    if (a == null) {
      return "";
    }
    StringBuilder sb = new StringBuilder("Node 0, zone   Normal ");
    for (int order = 0; order <= a.maxOrder(); order++) {
      sb.append(String.format("%6d ", a.freeBlocks(order)));
    }
    return sb.append('\n').toString();
  }

  /** Detaches every plugin; the kernel is not used afterwards. */
  public void shutdown() {
    slots.detachAll();
  }

  public KernelConfig config() {
    return config;
  }

  public BootParameters bootParameters() {
    return boot;
  }

  public SimClock clock() {
    return clock;
  }

  public Engine engine() {
    return engine;
  }

  public EventLog events() {
    return events;
  }

  public CounterRegistry counters() {
    return counters;
  }

  public KnobTree knobTree() {
    return knobs;
  }

  public SlotTable slots() {
    return slots;
  }

  public ProcessTable processes() {
    return processes;
  }

  /** The frame table, or {@code null} before an architecture has pinned the machine. */
  public PhysicalMemory memory() {
    return machine == null ? null : machine.memory;
  }

  /** The machine the architecture pinned, or {@code null} before one is attached. */
  public Machine machine() {
    return machine;
  }

  /** The pinned geometry, or {@code null} before an architecture is attached. */
  public MachineGeometry geometry() {
    return machine == null ? null : machine.geometry;
  }

  /** The cost model charging the memory manager's work. */
  public CostModel cost() {
    return cost;
  }

  public MemoryManager mm() {
    return mm;
  }

  /** The filesystem made by a scenario's mkfs, and its invariant reports. */
  public FsSupport fs() {
    return fs;
  }

  public PluginSlot<Architecture> architecture() {
    return arch;
  }

  public PluginSlot<PageAllocator> allocator() {
    return allocator;
  }

  public PluginSlot<ThpPolicy> thpPolicy() {
    return thp;
  }

  public PluginSlot<FileSystemType> filesystem() {
    return filesystem;
  }

  public PluginSlot<RelocationStrategy> relocation() {
    return relocation;
  }
}
