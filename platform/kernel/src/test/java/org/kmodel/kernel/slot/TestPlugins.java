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

  /** A THP policy with one choice knob, {@code enabled}, under the kernel's path. */
  public static class KnobPolicy implements ThpPolicy {
    public static final String ENABLED = "/sys/kernel/mm/transparent_hugepage/enabled";
    public ChoiceKnob enabled;
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
    }

    @Override
    public void detach() {
      detaches++;
    }

    @Override
    public long faultOrders(VmaView vma, long address) {
      return enabled.get().equals("never") ? 0 : 1L << 9;
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
