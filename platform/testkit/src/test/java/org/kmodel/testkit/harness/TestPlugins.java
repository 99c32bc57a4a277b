package org.kmodel.testkit.harness;

import org.kmodel.api.PluginContext;
import org.kmodel.api.knob.LongKnob;
import org.kmodel.api.machine.FrameTable;
import org.kmodel.api.mm.PageAllocator;
import org.kmodel.api.mm.VmaView;
import org.kmodel.api.thp.Defrag;
import org.kmodel.api.thp.KhugepagedTuning;
import org.kmodel.api.thp.ThpPolicy;

/**
 * Small plugins for the harness's own tests: the test kit may not depend on the shipped plugins,
 * which take it as a test dependency.
 */
final class TestPlugins {
  private TestPlugins() {}

  /** Naturally aligned first fit over a boolean per frame: slow, simple, correct. */
  static final class FirstFit implements PageAllocator {
    private boolean[] free;

    @Override
    public void attach(PluginContext context) {
      FrameTable frames = context.frames();
      free = new boolean[(int) frames.frameCount()];
      for (int i = 0; i < free.length; i++) {
        free[i] = frames.isFree(i);
      }
    }

    @Override
    public int maxOrder() {
      return 10;
    }

    @Override
    public long allocate(int order, int gfp) {
      int n = 1 << order;
      for (int pfn = 0; pfn + n <= free.length; pfn += n) {
        boolean ok = true;
        for (int i = 0; i < n && ok; i++) {
          ok = free[pfn + i];
        }
        if (ok) {
          java.util.Arrays.fill(free, pfn, pfn + n, false);
          return pfn;
        }
      }
      return NO_FRAME;
    }

    @Override
    public void free(long pfn, int order) {
      java.util.Arrays.fill(free, (int) pfn, (int) pfn + (1 << order), true);
    }

    @Override
    public long freeBlocks(int order) {
      long n = 0;
      for (boolean f : free) {
        n += order == 0 && f ? 1 : 0;
      }
      return n;
    }
  }

  /** Huge pages at fault everywhere while {@code /sys/kernel/mm/test_thp/enabled} is 1. */
  static class AlwaysHuge implements ThpPolicy {
    static final String ENABLED = "/sys/kernel/mm/test_thp/enabled";
    private LongKnob enabled;
    private long orders;

    @Override
    public void attach(PluginContext context) {
      orders = 1L << context.geometry().thpOrders().get(0);
      enabled = context.knobs().register(new LongKnob(ENABLED, 0, 1, 1));
    }

    @Override
    public long faultOrders(VmaView vma, long address) {
      return enabled.get() == 1 ? orders : 0;
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
      return KhugepagedTuning.builder().scanSleepMillis(10_000).allocSleepMillis(60_000).build();
    }
  }

  /** The same policy starting with huge pages off. */
  static final class NeverHuge extends AlwaysHuge {
    @Override
    public long faultOrders(VmaView vma, long address) {
      return 0;
    }
  }
}
