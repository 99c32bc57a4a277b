package org.kmodel.thp.linux;

import java.util.List;
import org.kmodel.api.Plugin;
import org.kmodel.api.PluginContext;
import org.kmodel.api.machine.MachineGeometry;
import org.kmodel.api.mm.VmFlags;
import org.kmodel.api.mm.VmaView;
import org.kmodel.api.thp.Defrag;
import org.kmodel.api.thp.KhugepagedTuning;
import org.kmodel.api.thp.PromotionContext;
import org.kmodel.api.thp.PromotionPolicy;
import org.kmodel.api.thp.ThpPolicy;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ServiceScope;

/**
 * The transparent-huge-page policy of Linux: the {@code enabled} and {@code defrag} modes, the huge
 * zero page and khugepaged's tunables, read from the same sysfs files.
 *
 * <p>Fault orders follow 6.8's multi-size THP ({@code thp_vma_allowable_orders}): every order from
 * 2 to the PMD order has its own {@code hugepages-<size>kB/enabled}, which may inherit the
 * top-level {@code enabled}; by default only the PMD size is on, through {@code inherit}.
 * khugepaged and the huge zero page stay PMD-sized, as in Linux; khugepaged's scan order and
 * collapse rules are this policy's ({@link LinuxKhugepaged}), run in the kernel's background thread
 * through the promotion SPI. Under memory pressure 6.12's underused-THP shrinker splits huge pages
 * that are mostly zeros ({@link UnderusedThpShrinker}). On an architecture without PMD huge pages
 * the policy registers nothing and answers "base pages" everywhere, as a Linux kernel on which
 * {@code has_transparent_hugepage()} is false has no {@code transparent_hugepage} directory at all.
 *
 * <p>The fault-path decisions compare the knobs' list positions, never their words, so that a fault
 * costs a few field reads.
 */
@Component(
    service = ThpPolicy.class,
    scope = ServiceScope.PROTOTYPE,
    property = {Plugin.NAME_PROPERTY + "=thp-linux", "service.ranking:Integer=100"})
public final class LinuxThpPolicy implements ThpPolicy, PromotionPolicy {
  /** khugepaged on a kernel without THP: nothing to scan, and the default sleeps between passes. */
  private static final KhugepagedTuning NO_THP_TUNING =
      KhugepagedTuning.builder().scanSleepMillis(10_000).allocSleepMillis(60_000).build();

  private ThpSysfs sysfs;
  private LinuxKhugepaged khugepaged;
  private UnderusedThpShrinker underused;

  /** The fault-order mask of the PMD order, or 0 when the architecture has no PMD huge pages. */
  private long hpagePmdOrders;

  private int hpagePmdOrder;

  /**
   * The orders {@code hugepages-<size>kB/enabled} allows for every VMA and for madvised ones, as of
   * the settings they were read from: a fault asks per 4 KiB page, and the knobs rarely change.
   */
  private long ordersAlways;

  private long ordersMadvise;
  private int settingsTop = -1;
  private int[] settingsPerSize = new int[0];

  @Override
  public void attach(PluginContext context) {
    MachineGeometry geometry = context.geometry();
    List<Integer> thpOrders = geometry.thpOrders();
    if (thpOrders.isEmpty()) {
      sysfs = null;
      khugepaged = null;
      underused = null;
      hpagePmdOrders = 0;
      return;
    }
    hpagePmdOrder = thpOrders.get(0);
    sysfs =
        new ThpSysfs(context.knobs(), context.kernelVersion(), geometry.pageShift(), hpagePmdOrder);
    settingsTop = -1;
    khugepaged =
        new LinuxKhugepaged(context.counters(), LinuxKhugepaged.Rules.of(context.kernelVersion()));
    underused = new UnderusedThpShrinker(context.counters());
    hpagePmdOrders = 1L << hpagePmdOrder;
    setupTransparentHugepage(context);
  }

  /** Every order whose {@code hugepages-<size>kB/enabled} allows this VMA. */
  @Override
  public long faultOrders(VmaView vma, long address) {
    if (hpagePmdOrders == 0 || !vma.anonymous() || vma.hasFlag(VmFlags.NOHUGEPAGE)) {
      return 0;
    }
    int top = sysfs.enabled.index();
    if (top != settingsTop || !sameSettings()) {
      readSettings(top);
    }
    return vma.hasFlag(VmFlags.HUGEPAGE) ? ordersAlways | ordersMadvise : ordersAlways;
  }

  private boolean sameSettings() {
    int[] seen = settingsPerSize;
    for (int order = ThpSysfs.MIN_ORDER; order <= hpagePmdOrder; order++) {
      if (sysfs.perSize[order].index() != seen[order]) {
        return false;
      }
    }
    return true;
  }

  private void readSettings(int top) {
    int[] seen = new int[hpagePmdOrder + 1];
    long always = 0;
    long madvise = 0;
    for (int order = ThpSysfs.MIN_ORDER; order <= hpagePmdOrder; order++) {
      int mode = sysfs.perSize[order].index();
      seen[order] = mode;
      if (mode == ThpSysfs.PER_SIZE_INHERIT) {
        mode =
            top == ThpSysfs.ENABLED_ALWAYS
                ? ThpSysfs.PER_SIZE_ALWAYS
                : top == ThpSysfs.ENABLED_MADVISE ? ThpSysfs.PER_SIZE_MADVISE : -1;
      }
      if (mode == ThpSysfs.PER_SIZE_ALWAYS) {
        always |= 1L << order;
      } else if (mode == ThpSysfs.PER_SIZE_MADVISE) {
        madvise |= 1L << order;
      }
    }
    ordersAlways = always;
    ordersMadvise = madvise;
    settingsPerSize = seen;
    settingsTop = top;
  }

  /** {@code vma_thp_gfp_mask}: how hard the huge allocation may try, by {@code defrag}. */
  @Override
  public Defrag faultDefrag(VmaView vma) {
    if (hpagePmdOrders == 0) {
      return Defrag.NONE;
    }
    boolean madvised = vma.hasFlag(VmFlags.HUGEPAGE);
    return switch (sysfs.defrag.index()) {
      case ThpSysfs.DEFRAG_ALWAYS -> Defrag.DIRECT;
      case ThpSysfs.DEFRAG_DEFER -> Defrag.DEFER;
      case ThpSysfs.DEFRAG_DEFER_MADVISE -> madvised ? Defrag.DIRECT : Defrag.DEFER;
      case ThpSysfs.DEFRAG_MADVISE -> madvised ? Defrag.DIRECT : Defrag.NONE;
      default -> Defrag.NONE;
    };
  }

  @Override
  public boolean useHugeZeroPage() {
    return hpagePmdOrders != 0 && sysfs.useZeroPage.get() == 1;
  }

  /** khugepaged collapses PMD-sized ranges only, where the PMD size is allowed. */
  @Override
  public boolean khugepagedEligible(VmaView vma) {
    return hpagePmdOrders != 0
        && vma.anonymous()
        && !vma.hasFlag(VmFlags.NOHUGEPAGE)
        && sizeAllows(hpagePmdOrder, vma);
  }

  @Override
  public KhugepagedTuning khugepagedTuning() {
    return sysfs == null ? NO_THP_TUNING : sysfs.khugepagedTuning();
  }

  /** A pass of khugepaged: Linux's scan order and collapse rules ({@link LinuxKhugepaged}). */
  @Override
  public long backgroundPass(PromotionContext context) {
    if (khugepaged == null) {
      context.fullScanDone();
      return IDLE_SLEEP_NANOS;
    }
    return khugepaged.pass(context, this::khugepagedEligible, sysfs.khugepagedTuning());
  }

  /** The underused-THP shrinker, when {@code shrink_underused} is on (6.12+: off before). */
  @Override
  public long shrink(PromotionContext context, long wanted) {
    if (underused == null || sysfs.shrinkUnderused.get() == 0) {
      return 0;
    }
    return underused.shrink(context, wanted, sysfs.khugepagedTuning().maxPtesNone());
  }

  /**
   * Whether the size of {@code order} may back this VMA: its own file, or the top-level {@code
   * enabled} when it says {@code inherit}; {@code madvise} needs MADV_HUGEPAGE.
   */
  private boolean sizeAllows(int order, VmaView vma) {
    int mode = sysfs.perSize[order].index();
    if (mode == ThpSysfs.PER_SIZE_INHERIT) {
      int top = sysfs.enabled.index();
      return top == ThpSysfs.ENABLED_ALWAYS
          || (top == ThpSysfs.ENABLED_MADVISE && vma.hasFlag(VmFlags.HUGEPAGE));
    }
    return mode == ThpSysfs.PER_SIZE_ALWAYS
        || (mode == ThpSysfs.PER_SIZE_MADVISE && vma.hasFlag(VmFlags.HUGEPAGE));
  }

  /** {@code setup_transparent_hugepage}: the {@code transparent_hugepage=} boot parameter. */
  private void setupTransparentHugepage(PluginContext context) {
    String mode = context.bootParameter("transparent_hugepage");
    if (mode != null && !sysfs.enabled.set(mode)) {
      context.event("warning", "transparent_hugepage= cannot parse, ignored");
    }
  }
}
