package org.kmodel.kernel;

import com.google.inject.Guice;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.kmodel.api.Slot;
import org.kmodel.api.arch.Architecture;
import org.kmodel.api.fs.FileSystemType;
import org.kmodel.api.fs.RelocationStrategy;
import org.kmodel.api.mm.PageAllocator;
import org.kmodel.api.thp.ThpPolicy;
import org.kmodel.kernel.counter.CounterRegistry;
import org.kmodel.kernel.event.EventLog;
import org.kmodel.kernel.knob.KnobTree;
import org.kmodel.kernel.mm.MemoryManager;
import org.kmodel.kernel.mm.PhysicalMemory;
import org.kmodel.kernel.mm.ProcessTable;
import org.kmodel.kernel.mm.boot.FailPageAlloc;
import org.kmodel.kernel.mm.boot.Fragmentation;
import org.kmodel.kernel.sim.Engine;
import org.kmodel.kernel.sim.SimClock;
import org.kmodel.kernel.slot.PluginSlot;
import org.kmodel.kernel.slot.SlotTable;

/**
 * One simulated machine: the authoritative state (frames, processes, counters, knobs) and the
 * plugin slots the policies sit in (rule 4: state in the kernel, strategy in plugins). Built by
 * Guice from {@link KernelModule}; use it from one thread, the simulation thread, except for {@link
 * SlotTable#offer}, which any thread may call.
 */
@Singleton
public final class Kernel {
  /** The order of the frame table's compound pages: 2 MiB with 4 KiB frames. */
  static final int HUGE_ORDER = 9;

  private final KernelConfig config;
  private final BootParameters boot;
  private final SimClock clock;
  private final Engine engine;
  private final EventLog events;
  private final CounterRegistry counters;
  private final KnobTree knobs;
  private final SlotTable slots;
  private final ProcessTable processes;
  private final PhysicalMemory memory;
  private final FailPageAlloc failPageAlloc;
  private final MemoryManager mm;
  private final org.kmodel.kernel.fs.FsSupport fs;
  private final PluginSlot<Architecture> arch;
  private final PluginSlot<PageAllocator> allocator;
  private final PluginSlot<ThpPolicy> thp;
  private final PluginSlot<FileSystemType> filesystem;
  private final PluginSlot<RelocationStrategy> relocation;

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
    this.memory =
        new PhysicalMemory(
            config.memoryBytes(),
            KernelConfig.PAGE_SHIFT,
            !"0".equals(boot.get("kmodel.content")),
            HUGE_ORDER);
    this.arch = slots.slot(Slot.ARCH, Architecture.class);
    this.allocator = slots.slot(Slot.ALLOCATOR, PageAllocator.class);
    this.thp = slots.slot(Slot.THP_POLICY, ThpPolicy.class);
    this.filesystem = slots.slot(Slot.FILESYSTEM, FileSystemType.class);
    this.relocation = slots.slot(Slot.RELOCATION, RelocationStrategy.class);
    bootFragmentation(config);
    this.failPageAlloc =
        new FailPageAlloc(
            new SplittableRandom(config.seed() ^ 0x6661696cL),
            notice -> events.record("fault-injection", notice));
    failPageAlloc.register(knobs.viewFor(KnobTree.KERNEL));
    String fail = boot.get("fail_page_alloc");
    if (fail != null && !failPageAlloc.setup(fail)) {
      events.record("warning", "fail_page_alloc=" + fail + " cannot parse, ignored");
    }
    this.mm = new MemoryManager(this);
    this.fs = new org.kmodel.kernel.fs.FsSupport(this);
    slots.setContextFactory(new KernelPluginContext(this));
    slots.setVeto(this::vetoSwap);
    slots.onSwap(
        slot -> {
          if (slot == Slot.ARCH) {
            mm.architectureChanged(arch.get());
          }
        });
    counters.gauge("nr_free_pages", memory::freeFrames);
  }

  /** Builds a kernel with Guice. */
  public static Kernel create(KernelConfig config) {
    return Guice.createInjector(new KernelModule(config)).getInstance(Kernel.class);
  }

  /** Scatters unmovable pages, or lays out an imported buddyinfo, before any allocator attaches. */
  private void bootFragmentation(KernelConfig config) {
    if (config.buddyinfo() != null) {
      Fragmentation.imported(memory, config.buddyinfo(), config.seed())
          .ifPresent(
              why -> {
                throw new IllegalArgumentException(why);
              });
    } else if (config.fragmentation() > 0) {
      Fragmentation.synthetic(memory, config.fragmentation(), config.seed());
    }
  }

  /** Linux's fail_page_alloc fault injection, consulted by every page allocation. */
  public FailPageAlloc failPageAlloc() {
    return failPageAlloc;
  }

  private String vetoSwap(Slot slot, org.kmodel.api.Plugin incoming) {
    if (slot != Slot.ARCH) {
      return null;
    }
    Architecture next = (Architecture) incoming;
    if (next.geometry().pageShift() != KernelConfig.PAGE_SHIFT) {
      return "its base page shift " + next.geometry().pageShift() + " differs from the machine's";
    }
    Architecture now = arch.get();
    if (now != null && !processes.isEmpty() && !now.geometry().equals(next.geometry())) {
      return "processes have page tables of " + now.machine() + "'s geometry";
    }
    return null;
  }

  /**
   * Slots a step touching memory needs: an architecture, an allocator, and — when the architecture
   * maps transparent huge pages — a THP policy.
   */
  public List<Slot> memorySlots() {
    List<Slot> need = new ArrayList<>(List.of(Slot.ARCH, Slot.ALLOCATOR));
    Architecture a = arch.get();
    if (a != null && !a.thpOrders().isEmpty()) {
      need.add(Slot.THP_POLICY);
    }
    return need;
  }

  /** {@code /proc/meminfo} fields this kernel tracks, in kB, in Linux's order. */
  public Map<String, Long> meminfo() {
    Map<String, Long> m = new LinkedHashMap<>();
    long kbPerFrame = (1L << KernelConfig.PAGE_SHIFT) / 1024;
    long[] anon = mm.views().anonMapped();
    m.put("MemTotal", memory.frameCount() * kbPerFrame);
    m.put("MemFree", memory.freeFrames() * kbPerFrame);
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

  public PhysicalMemory memory() {
    return memory;
  }

  public MemoryManager mm() {
    return mm;
  }

  /** The filesystem made by a scenario's mkfs, and its invariant reports. */
  public org.kmodel.kernel.fs.FsSupport fs() {
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
