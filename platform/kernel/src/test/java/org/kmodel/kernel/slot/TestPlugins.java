package org.kmodel.kernel.slot;

import java.util.List;
import java.util.function.Supplier;
import org.kmodel.api.PluginContext;
import org.kmodel.api.arch.Architecture;
import org.kmodel.api.knob.ChoiceKnob;
import org.kmodel.api.machine.MachineGeometry;
import org.kmodel.api.machine.PageTableLevel;
import org.kmodel.api.mm.PageAllocator;
import org.kmodel.api.mm.VmaView;
import org.kmodel.api.thp.Defrag;
import org.kmodel.api.thp.KhugepagedTuning;
import org.kmodel.api.thp.ThpPolicy;
import org.kmodel.kernel.Kernel;

/** Small hand-written plugins for kernel tests. */
public final class TestPlugins {
  private TestPlugins() {}

  /** x86-64's: four levels, 2M PMD leaves for THP, 1G PUD leaves by reservation. */
  public static final MachineGeometry FOUR_LEVEL =
      MachineGeometry.builder()
          .levels(
              PageTableLevel.table("PGD", 39, 9),
              PageTableLevel.leaf("PUD", 30, 9),
              PageTableLevel.leaf("PMD", 21, 9),
              PageTableLevel.leaf("PTE", 12, 9))
          .thpOrders(9)
          .reservationOrders(18)
          .build();

  /** Three levels of 4K tables, base pages only. */
  public static final MachineGeometry THREE_LEVEL =
      MachineGeometry.builder()
          .levels(
              PageTableLevel.table("PGD", 30, 9),
              PageTableLevel.table("PMD", 21, 9),
              PageTableLevel.leaf("PTE", 12, 9))
          .build();

  /** arm64 with 4K pages: L0..L3, 1G and 2M blocks, spans of 16 PTEs (64K) and 16 PMDs (32M). */
  public static final MachineGeometry ARM64_4K =
      MachineGeometry.builder()
          .levels(
              PageTableLevel.table("L0", 39, 9),
              PageTableLevel.leaf("L1", 30, 9),
              PageTableLevel.leaf("L2", 21, 9).withContiguous(16),
              PageTableLevel.leaf("L3", 12, 9).withContiguous(16))
          .thpOrders(9)
          .build();

  /** arm64 with 16K pages: L0 of 2 entries, 32M blocks, spans of 128 PTEs (2M). */
  public static final MachineGeometry ARM64_16K =
      MachineGeometry.builder()
          .levels(
              PageTableLevel.table("L0", 47, 1),
              PageTableLevel.table("L1", 36, 11),
              PageTableLevel.leaf("L2", 25, 11).withContiguous(32),
              PageTableLevel.leaf("L3", 14, 11).withContiguous(128))
          .thpOrders(11)
          .maxPageOrder(11)
          .build();

  /** arm64 with 64K pages: three levels, 512M blocks, spans of 32 PTEs (2M). */
  public static final MachineGeometry ARM64_64K =
      MachineGeometry.builder()
          .levels(
              PageTableLevel.table("L1", 42, 6),
              PageTableLevel.leaf("L2", 29, 13).withContiguous(32),
              PageTableLevel.leaf("L3", 16, 13).withContiguous(32))
          .thpOrders(13)
          .maxPageOrder(13)
          .build();

  /** Fills a kernel's arch slot with {@code geometry}, then the allocator and THP-policy slots. */
  public static void fill(
      Kernel kernel,
      String machine,
      MachineGeometry geometry,
      Supplier<PageAllocator> allocator,
      Supplier<ThpPolicy> policy) {
    kernel
        .slots()
        .offer(
            SlotUpdate.added(
                new ManualProvider(Architecture.SLOT, machine, 1, () -> arch(machine, geometry))));
    kernel
        .slots()
        .offer(SlotUpdate.added(new ManualProvider(PageAllocator.SLOT, "ff", 1, allocator)));
    kernel.slots().offer(SlotUpdate.added(new ManualProvider(ThpPolicy.SLOT, "p", 1, policy)));
    kernel.slots().applyPending();
  }

  /**
   * Fills a kernel's arch (x86-64 geometry, THP order 9), allocator and THP-policy ({@link
   * KnobPolicy}) slots by hand and applies them.
   */
  public static void fillX86(Kernel kernel, Supplier<PageAllocator> allocator) {
    kernel
        .slots()
        .offer(
            SlotUpdate.added(
                new ManualProvider(Architecture.SLOT, "x86", 1, () -> arch("x86_64", FOUR_LEVEL))));
    kernel
        .slots()
        .offer(SlotUpdate.added(new ManualProvider(PageAllocator.SLOT, "ff", 1, allocator)));
    kernel
        .slots()
        .offer(SlotUpdate.added(new ManualProvider(ThpPolicy.SLOT, "p", 1, KnobPolicy::new)));
    kernel.slots().applyPending();
  }

  /** An architecture with a given geometry. */
  public static Architecture arch(String machine, MachineGeometry g) {
    return new Architecture() {
      @Override
      public String machine() {
        return machine;
      }

      @Override
      public MachineGeometry geometry() {
        return g;
      }
    };
  }

  /**
   * A THP policy with one choice knob, {@code enabled}, under the kernel's path: the PMD order at
   * fault unless it says {@code never}.
   */
  public static class KnobPolicy implements ThpPolicy {
    public static final String ENABLED = "/sys/kernel/mm/transparent_hugepage/enabled";
    public ChoiceKnob enabled;
    private long pmdOrders;
    public int attaches;
    public int detaches;
    private final List<String> choices;

    public KnobPolicy() {
      this(List.of("always", "madvise", "never"));
    }

    public KnobPolicy(List<String> choices) {
      this.choices = choices;
    }

    @Override
    public void attach(PluginContext context) {
      attaches++;
      enabled = context.knobs().register(new ChoiceKnob(ENABLED, choices, choices.get(0)));
      List<Integer> thp = context.geometry().thpOrders();
      pmdOrders = thp.isEmpty() ? 0 : 1L << thp.get(0);
    }

    @Override
    public void detach() {
      detaches++;
    }

    @Override
    public long faultOrders(VmaView vma, long address) {
      return enabled.get().equals("never") ? 0 : pmdOrders;
    }

    @Override
    public Defrag faultDefrag(VmaView vma) {
      return Defrag.NONE;
    }

    @Override
    public boolean useHugeZeroPage() {
      return false;
    }

    @Override
    public boolean khugepagedEligible(VmaView vma) {
      return false;
    }

    @Override
    public KhugepagedTuning khugepagedTuning() {
      return KhugepagedTuning.builder()
          .pagesToScan(4096)
          .scanSleepMillis(10000)
          .allocSleepMillis(60000)
          .maxPtesNone(511)
          .maxPtesSwap(64)
          .maxPtesShared(256)
          .defrag(true)
          .build();
    }
  }

  /** A THP policy that offers the fault orders of a mask set by the test, for every VMA. */
  public static final class OrdersPolicy extends KnobPolicy {
    public long orders;

    @Override
    public long faultOrders(VmaView vma, long address) {
      return orders;
    }
  }

  /** A THP policy whose attach throws. */
  public static final class BrokenPolicy extends KnobPolicy {
    @Override
    public void attach(PluginContext context) {
      throw new IllegalStateException("cannot start");
    }
  }

  /**
   * A first-fit allocator over the frame table, naturally aligned blocks: simple and slow, for
   * kernel tests that need real frames without the buddy bundle.
   */
  public static final class FirstFitAllocator implements PageAllocator {
    private org.kmodel.api.machine.FrameTable frames;
    private boolean[] free;
    private long hint;

    @Override
    public void attach(PluginContext context) {
      frames = context.frames();
      free = new boolean[(int) frames.frameCount()];
      for (int i = 0; i < free.length; i++) {
        free[i] = frames.isFree(i);
      }
    }

    @Override
    public int maxOrder() {
      return 13;
    }

    @Override
    public long allocate(int order, int gfp) {
      int n = 1 << order;
      for (long tried = 0, pfn = hint & -n; tried < free.length; tried += n, pfn += n) {
        if (pfn + n > free.length) {
          pfn = 0;
        }
        boolean ok = true;
        for (int i = 0; i < n && ok; i++) {
          ok = free[(int) pfn + i];
        }
        if (ok) {
          for (int i = 0; i < n; i++) {
            free[(int) pfn + i] = false;
          }
          hint = pfn + n;
          return pfn;
        }
      }
      return NO_FRAME;
    }

    @Override
    public void free(long pfn, int order) {
      for (int i = 0; i < (1 << order); i++) {
        free[(int) pfn + i] = true;
      }
    }

    @Override
    public long freeBlocks(int order) {
      if (order != 0) {
        return 0;
      }
      long n = 0;
      for (boolean f : free) {
        n += f ? 1 : 0;
      }
      return n;
    }
  }

  /** An allocator that never finds memory: enough to fill the slot in kernel tests. */
  public static final class EmptyAllocator implements PageAllocator {
    @Override
    public void attach(PluginContext context) {}

    @Override
    public int maxOrder() {
      return 10;
    }

    @Override
    public long allocate(int order, int gfp) {
      return NO_FRAME;
    }

    @Override
    public void free(long pfn, int order) {}

    @Override
    public long freeBlocks(int order) {
      return 0;
    }
  }
}
