package org.kmodel.examples.thp;

import java.util.List;
import org.kmodel.api.Plugin;
import org.kmodel.api.PluginContext;
import org.kmodel.api.knob.LongKnob;
import org.kmodel.api.mm.VmFlags;
import org.kmodel.api.mm.VmaView;
import org.kmodel.api.thp.Defrag;
import org.kmodel.api.thp.KhugepagedTuning;
import org.kmodel.api.thp.ThpPolicy;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ServiceScope;

/**
 * Transparent huge pages only where a program asked for them, and only when it first touches the
 * memory: a write fault in an area marked {@code MADV_HUGEPAGE} (and not {@code MADV_NOHUGEPAGE})
 * tries the architecture's largest THP order, compacting if it must; every other fault gets a base
 * page, and khugepaged never collapses anything. It is Linux's {@code enabled=madvise} with {@code
 * defrag=madvise} and khugepaged switched off, as one policy with a single switch: {@code
 * /sys/kernel/mm/thp_fault_only/enabled} ({@code 1} on, {@code 0} base pages everywhere; anything
 * else is EINVAL).
 *
 * <p>Ranked 10, below thp-linux's 100: in an installation that has both, it takes the slot only
 * when a scenario pins it or swaps to it. On an architecture without THP orders the policy
 * registers no knob and answers "base pages", as the kernel never asks it anything there.
 */
@Component(
    service = ThpPolicy.class,
    scope = ServiceScope.PROTOTYPE,
    property = {Plugin.NAME_PROPERTY + "=thp-fault-only", "service.ranking:Integer=10"})
public final class FaultOnlyThpPolicy implements ThpPolicy {
  /** The policy's one knob. */
  public static final String ENABLED = "/sys/kernel/mm/thp_fault_only/enabled";

  /**
   * The policy has no background pass of its own, so its khugepaged only counts empty passes; this
   * tuning matters to MADV_COLLAPSE alone, which may not compact (defrag off).
   */
  private static final KhugepagedTuning IDLE =
      KhugepagedTuning.builder()
          .pagesToScan(4096)
          .scanSleepMillis(10_000)
          .allocSleepMillis(60_000)
          .build();

  private LongKnob enabled;

  /** The fault-order mask of the largest THP order; 0 without THP. */
  private long hugeOrders;

  @Override
  public void attach(PluginContext context) {
    List<Integer> thpOrders = context.geometry().thpOrders();
    if (thpOrders.isEmpty()) {
      enabled = null;
      hugeOrders = 0;
      return;
    }
    hugeOrders = 1L << thpOrders.get(0);
    enabled = context.knobs().register(new LongKnob(ENABLED, 0, 1, 1));
  }

  @Override
  public long faultOrders(VmaView vma, long address) {
    return madvised(vma) ? hugeOrders : 0;
  }

  /** The area asked for huge pages: direct compaction is worth its latency there. */
  @Override
  public Defrag faultDefrag(VmaView vma) {
    return madvised(vma) ? Defrag.DIRECT : Defrag.NONE;
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
    return IDLE;
  }

  private boolean madvised(VmaView vma) {
    return hugeOrders != 0
        && enabled.get() == 1
        && vma.anonymous()
        && vma.hasFlag(VmFlags.HUGEPAGE)
        && !vma.hasFlag(VmFlags.NOHUGEPAGE);
  }
}
