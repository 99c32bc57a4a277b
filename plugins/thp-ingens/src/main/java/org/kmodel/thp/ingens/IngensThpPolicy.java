package org.kmodel.thp.ingens;

import java.util.ArrayList;
import java.util.List;
import org.kmodel.api.Plugin;
import org.kmodel.api.PluginContext;
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
 * An Ingens-like transparent-huge-page policy, after Kwon et al., "Coordinated and Efficient Huge
 * Page Management with Ingens" (OSDI'16). Knobs under {@code /sys/kernel/mm/ingens/} ({@link
 * IngensSysfs}).
 *
 * <ul>
 *   <li><b>No huge page at fault.</b> A fault cannot see how much of its 2M range will be used (the
 *       range is empty when its PMD is), so every fault maps a base page: no fault pays for
 *       clearing 2M, and no untouched memory is bloated into a huge page.
 *   <li><b>Asynchronous, utilisation-based promotion.</b> Each background pass scans every address
 *       space and collapses ranges populated up to {@code util_threshold} ({@link
 *       UtilisationRule}), through the kernel's collapse without direct compaction.
 *   <li><b>Fairness.</b> Each pass samples and clears the accessed bits of every range, counts each
 *       process's huge pages and idle huge pages ({@link IdleTracker}), and gives each promotion to
 *       the process with the lowest share-normalised, idleness-penalised holding ({@link
 *       FairShare}). Every process has an equal share: the model has no notion of priority to
 *       derive unequal ones from.
 *   <li><b>Fragmentation awareness.</b> The pass's promotion budget shrinks linearly with the free
 *       memory fragmentation index above {@code fmfi_threshold} ({@link FragmentationThrottle}).
 *       Every promotion attempt, failed or not, counts against it; a failure to get a huge block
 *       ends the pass, since none is left for the other candidates either.
 * </ul>
 *
 * <p>Each pass visits every address space, so each counts as a full scan; it then sleeps {@code
 * scan_sleep_millisecs}. MADV_COLLAPSE stays the kernel's: it asks {@link #khugepagedEligible},
 * which follows {@code enabled}, and {@link #khugepagedTuning}, whose {@code max_ptes_none} is the
 * utilisation threshold's complement. On an architecture without PMD huge pages the policy
 * registers nothing and answers base pages.
 */
@Component(
    service = ThpPolicy.class,
    scope = ServiceScope.PROTOTYPE,
    property = {Plugin.NAME_PROPERTY + "=thp-ingens", "service.ranking:Integer=50"})
public final class IngensThpPolicy implements ThpPolicy, PromotionPolicy {
  /** What a kernel without THP would run: nothing to scan, khugepaged's default sleeps. */
  private static final KhugepagedTuning NO_THP_TUNING =
      KhugepagedTuning.builder().scanSleepMillis(10_000).allocSleepMillis(60_000).build();

  /** Every address space has this share: equal shares. */
  private static final long EQUAL_SHARE = 1;

  private IngensSysfs sysfs;
  private IdleTracker idle;
  private int hpagePmdOrder;

  @Override
  public void attach(PluginContext context) {
    List<Integer> thpOrders = context.geometry().thpOrders();
    if (thpOrders.isEmpty()) {
      sysfs = null;
      idle = null;
      return;
    }
    hpagePmdOrder = thpOrders.get(0);
    sysfs = new IngensSysfs(context.knobs());
    idle = new IdleTracker();
    String mode = context.bootParameter("transparent_hugepage");
    if (mode != null && !sysfs.enabled.set(mode)) {
      context.event("warning", "transparent_hugepage= cannot parse, ignored");
    }
  }

  @Override
  public long faultOrders(VmaView vma, long address) {
    return 0;
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
    return sysfs != null && UtilisationRule.eligible(vma, sysfs.enabled.index());
  }

  /**
   * Linux's defaults for a PMD of this size, except that {@code max_ptes_none} admits exactly the
   * holes the utilisation threshold does and the sleeps are this policy's.
   */
  @Override
  public KhugepagedTuning khugepagedTuning() {
    if (sysfs == null) {
      return NO_THP_TUNING;
    }
    int pages = 1 << hpagePmdOrder;
    long sleep = sysfs.scanSleepMillisecs.get();
    return KhugepagedTuning.builder()
        .pagesToScan(sysfs.promotionsPerPass.get() << hpagePmdOrder)
        .scanSleepMillis(sleep)
        .allocSleepMillis(sleep)
        .maxPtesNone(pages - UtilisationRule.populatedNeeded(pages, sysfs.utilThreshold.get()))
        .maxPtesSwap(pages / 8)
        .maxPtesShared(pages / 2)
        .defrag(true)
        .build();
  }

  @Override
  public long backgroundPass(PromotionContext context) {
    if (sysfs == null) {
      context.fullScanDone();
      return IDLE_SLEEP_NANOS;
    }
    List<AddressSpaceView> spaces = context.addressSpaces();
    List<ProcessShare> shares = new ArrayList<>(spaces.size());
    for (int i = 0; i < spaces.size(); i++) {
      shares.add(scan(context, i, spaces.get(i)));
    }
    idle.endPass();
    promote(context, spaces, shares);
    context.fullScanDone();
    return sysfs.scanSleepMillisecs.get() * 1_000_000L;
  }

  /**
   * Samples and clears the accessed bits of every PMD range of the address space's anonymous VMAs,
   * and sorts the ranges into huge pages held (idle or not) and promotion candidates.
   */
  private ProcessShare scan(PromotionContext context, int index, AddressSpaceView space) {
    ProcessShare share = new ProcessShare(index, space.pid(), EQUAL_SHARE);
    int enabled = sysfs.enabled.index();
    long util = sysfs.utilThreshold.get();
    long size = context.hugePageSize();
    for (VmaView vma : space.vmas()) {
      if (!vma.anonymous()) {
        continue;
      }
      for (long start = (vma.start() + size - 1) & -size;
          start + size <= vma.end();
          start += size) {
        RangeStats range = context.rangeStats(space, start, true);
        if (range.huge()) {
          share.holds(idle.sample(space.pid(), start, range.accessed() > 0) > 0);
        } else if (UtilisationRule.candidate(range, enabled, util)) {
          share.candidate(start);
        }
      }
    }
    return share;
  }

  /** Promotes candidates, fairest first, within the pass's budget. */
  private void promote(
      PromotionContext context, List<AddressSpaceView> spaces, List<ProcessShare> shares) {
    int fmfi = context.freeBlocks().unusableIndex(hpagePmdOrder);
    long budget =
        FragmentationThrottle.budget(
            sysfs.promotionsPerPass.get(), fmfi, sysfs.fmfiThreshold.get());
    long penalty = sysfs.idlePenalty.get();
    for (; budget > 0; budget--) {
      ProcessShare next = FairShare.next(shares, penalty);
      if (next == null) {
        return;
      }
      long start = next.takeCandidate();
      PromotionResult result = context.promote(spaces.get(next.index()), start, false);
      switch (result) {
        case PROMOTED -> {
          sysfs.promoted++;
          next.holds(false);
        }
        case ALREADY_HUGE -> next.holds(false);
        case ALLOC_FAILED -> {
          sysfs.promoteFailed++;
          return;
        }
        default -> sysfs.promoteFailed++;
      }
    }
  }

  /** Ingens has no bloat recovery: it frees nothing under pressure. */
  @Override
  public long shrink(PromotionContext context, long wanted) {
    return 0;
  }
}
