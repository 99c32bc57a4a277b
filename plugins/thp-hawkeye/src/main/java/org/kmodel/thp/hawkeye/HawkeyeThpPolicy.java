package org.kmodel.thp.hawkeye;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.kmodel.api.Plugin;
import org.kmodel.api.PluginContext;
import org.kmodel.api.machine.FrameTable;
import org.kmodel.api.machine.MachineGeometry;
import org.kmodel.api.mm.VmFlags;
import org.kmodel.api.mm.VmaView;
import org.kmodel.api.thp.AddressSpaceView;
import org.kmodel.api.thp.Defrag;
import org.kmodel.api.thp.KhugepagedTuning;
import org.kmodel.api.thp.PromotionContext;
import org.kmodel.api.thp.PromotionPolicy;
import org.kmodel.api.thp.PromotionResult;
import org.kmodel.api.thp.RangeStats;
import org.kmodel.api.thp.ThpPolicy;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ServiceScope;

/**
 * A HawkEye-like transparent-huge-page policy, after Panwar, Bansal and Gopinath, "HawkEye:
 * Efficient Fine-grained OS Support for Huge Pages", ASPLOS'19.
 *
 * <ul>
 *   <li>At fault, huge pages wherever {@code enabled} allows them (as Linux's {@code always}), but
 *       never with direct compaction: a fault takes a free huge block or falls back, and the
 *       background thread promotes later. Reads of untouched memory map the huge zero page, which
 *       HawkEye kept from Linux and which costs no memory.
 *   <li>Each background pass (in khugepaged's place) keeps the kernel's pool of pre-zeroed huge
 *       pages topped up, rate-limited, so that a huge fault costs no clearing.
 *   <li>It samples the accessed bits of every base-page range of an eligible VMA, keeps the
 *       coverage per process in buckets, and promotes the hottest ranges first, the process with
 *       the highest measured MMU overhead first ({@link PromotionQueue}).
 *   <li>Memory bloat is recovered ({@link BloatRecovery}) when memory in use passes a high
 *       watermark (down to a low one) and whenever the kernel is short of base pages ({@link
 *       #shrink}).
 * </ul>
 *
 * <p>Knobs and statistics are under {@code /sys/kernel/mm/hawkeye/} ({@link HawkeyeSysfs}). On an
 * architecture without PMD huge pages the policy registers nothing and answers base pages.
 */
@Component(
    service = ThpPolicy.class,
    scope = ServiceScope.PROTOTYPE,
    property = {Plugin.NAME_PROPERTY + "=thp-hawkeye", "service.ranking:Integer=40"})
public final class HawkeyeThpPolicy implements ThpPolicy, PromotionPolicy {
  /** khugepaged on a kernel without THP: nothing to scan, and Linux's default sleeps. */
  private static final KhugepagedTuning NO_THP_TUNING =
      KhugepagedTuning.builder().scanSleepMillis(10_000).allocSleepMillis(60_000).build();

  private final Stats stats = new Stats();
  private HawkeyeSysfs sysfs;
  private long hpagePmdOrders;
  private int hpagePmdNr;
  private long totalPages;
  private Map<String, AccessCoverage> coverage = new HashMap<>();

  @Override
  public void attach(PluginContext context) {
    MachineGeometry geometry = context.geometry();
    List<Integer> thpOrders = geometry.thpOrders();
    if (thpOrders.isEmpty()) {
      sysfs = null;
      hpagePmdOrders = 0;
      return;
    }
    int order = thpOrders.get(0);
    hpagePmdOrders = 1L << order;
    hpagePmdNr = 1 << order;
    FrameTable frames = context.frames();
    totalPages = frames == null ? 0 : frames.frameCount();
    sysfs = new HawkeyeSysfs(context.knobs(), hpagePmdNr, stats);
  }

  /** The PMD order where {@code enabled} allows this VMA; HawkEye has no smaller folio sizes. */
  @Override
  public long faultOrders(VmaView vma, long address) {
    return khugepagedEligible(vma) ? hpagePmdOrders : 0;
  }

  /**
   * Never direct compaction: HawkEye keeps fault latency low and leaves contiguity to background
   * promotion.
   */
  @Override
  public Defrag faultDefrag(VmaView vma) {
    return Defrag.NONE;
  }

  @Override
  public boolean useHugeZeroPage() {
    return hpagePmdOrders != 0 && sysfs.enabled.index() != HawkeyeSysfs.ENABLED_NEVER;
  }

  @Override
  public boolean khugepagedEligible(VmaView vma) {
    if (hpagePmdOrders == 0 || !vma.anonymous() || vma.hasFlag(VmFlags.NOHUGEPAGE)) {
      return false;
    }
    int mode = sysfs.enabled.index();
    return mode == HawkeyeSysfs.ENABLED_ALWAYS
        || (mode == HawkeyeSysfs.ENABLED_MADVISE && vma.hasFlag(VmFlags.HUGEPAGE));
  }

  /**
   * What {@code MADV_COLLAPSE} uses: Linux's khugepaged limits, with HawkEye's pass size and sleep.
   */
  @Override
  public KhugepagedTuning khugepagedTuning() {
    if (sysfs == null) {
      return NO_THP_TUNING;
    }
    return KhugepagedTuning.builder()
        .pagesToScan(sysfs.promotionsPerPass.get() * hpagePmdNr)
        .scanSleepMillis(sysfs.scanSleepMillisecs.get())
        .allocSleepMillis(60_000)
        .maxPtesNone(hpagePmdNr - 1)
        .maxPtesSwap(hpagePmdNr / 8)
        .maxPtesShared(hpagePmdNr / 2)
        .defrag(true)
        .build();
  }

  /**
   * Recovers bloat above the high watermark, promotes within what is left below it, tops up the
   * pre-zeroed pool, and counts the pass as a full scan: every pass visits every address space.
   */
  @Override
  public long backgroundPass(PromotionContext context) {
    if (sysfs == null) {
      context.fullScanDone();
      return IDLE_SLEEP_NANOS;
    }
    long headroom = Long.MAX_VALUE;
    if (totalPages > 0) {
      long used = totalPages - freePages(context);
      long highPercent = sysfs.bloatHighWatermark.get();
      long high = totalPages * highPercent / 100;
      if (used > high) {
        long low = totalPages * Math.min(sysfs.bloatLowWatermark.get(), highPercent) / 100;
        used -=
            BloatRecovery.recover(context, used - low, (int) sysfs.bloatZeroThreshold.get(), stats);
      }
      headroom = high - used;
    }
    promote(context, headroom);
    prezero(context);
    context.fullScanDone();
    return sysfs.scanSleepMillisecs.get() * 1_000_000L;
  }

  /** Memory pressure: split the most bloated huge pages and free their zero-filled pages. */
  @Override
  public long shrink(PromotionContext context, long wanted) {
    if (sysfs == null) {
      return 0;
    }
    return BloatRecovery.recover(context, wanted, (int) sysfs.bloatZeroThreshold.get(), stats);
  }

  /**
   * Samples every eligible range, then promotes in {@link PromotionQueue}'s order, at most {@code
   * promotions_per_pass}, and none that would take memory in use past the high watermark ({@code
   * headroom} base pages away): promoting a sparse range fills its holes, which is bloat.
   */
  private void promote(PromotionContext context, long headroom) {
    List<AddressSpaceView> spaces = context.addressSpaces();
    PromotionQueue queue = sample(context, spaces);
    long budget = sysfs.promotionsPerPass.get();
    long room = headroom;
    for (PromotionQueue.Candidate c : queue.order()) {
      if (budget == 0) {
        return;
      }
      if (c.growth() > room) {
        continue;
      }
      PromotionResult r = context.promote(spaces.get(c.process()), c.start(), false);
      if (r == PromotionResult.ALLOC_FAILED) {
        return;
      }
      if (r == PromotionResult.PROMOTED) {
        stats.promotedOne();
        budget--;
        room -= c.growth();
      }
    }
  }

  /** One sample of every eligible range that is not huge yet, into a queue. */
  private PromotionQueue sample(PromotionContext context, List<AddressSpaceView> spaces) {
    long huge = context.hugePageSize();
    PromotionQueue queue = new PromotionQueue(hpagePmdNr);
    Map<String, AccessCoverage> live = new HashMap<>();
    for (AddressSpaceView space : spaces) {
      AccessCoverage c = coverage.get(space.pid());
      if (c == null) {
        c = new AccessCoverage();
      }
      live.put(space.pid(), c);
      long[] spent = c.startPass(space.mmuNanos(), space.accessNanos());
      int process = queue.addProcess(spent[0], spent[1]);
      for (VmaView vma : space.vmas()) {
        if (!khugepagedEligible(vma)) {
          continue;
        }
        for (long start = HugeRanges.first(vma, huge); start + huge <= vma.end(); start += huge) {
          RangeStats r = context.rangeStats(space, start, true);
          if (r.huge() || !r.hasTable()) {
            continue;
          }
          int covered = c.sample(start, r.accessed());
          if (covered > 0) {
            queue.add(
                new PromotionQueue.Candidate(process, start, covered, r.pages() - r.present()));
          }
        }
      }
      c.endPass();
    }
    coverage = live;
    return queue;
  }

  /** Tops the pool up towards {@code prezero_target}, at most {@code prezero_per_pass} a pass. */
  private void prezero(PromotionContext context) {
    if (sysfs.enabled.index() == HawkeyeSysfs.ENABLED_NEVER) {
      return;
    }
    long missing = sysfs.prezeroTarget.get() - context.prezeroed();
    int blocks = (int) Math.min(Math.max(missing, 0), sysfs.prezeroPerPass.get());
    if (blocks > 0) {
      stats.prezeroed(context.prezero(blocks));
    }
  }

  /** Free memory as {@code MemFree} counts it: the allocator's free blocks and the pool. */
  private long freePages(PromotionContext context) {
    return context.freeBlocks().freePages() + (long) context.prezeroed() * hpagePmdNr;
  }
}
