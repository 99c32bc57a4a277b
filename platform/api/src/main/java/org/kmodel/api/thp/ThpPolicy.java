package org.kmodel.api.thp;

import org.kmodel.api.Plugin;
import org.kmodel.api.SlotId;
import org.kmodel.api.mm.VmaView;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A transparent-huge-page policy, registered in the {@code thp-policy} slot. It decides; the kernel
 * does: the kernel checks the mechanics (private anonymous VMA, empty PMD slot, the aligned huge
 * range inside the VMA, an architecture with huge leaves) and asks the policy only what Linux's
 * knobs and heuristics decide.
 *
 * <p>The kernel calls none of these methods on an architecture without transparent huge pages
 * (empty {@link org.kmodel.api.machine.MachineGeometry#thpOrders()}). All methods are called on the
 * simulation thread. {@link #faultOrders} and {@link #faultDefrag} are on the fault hot path: they
 * must not allocate and should read plain fields.
 *
 * <p>Since 2.1 a policy may also run background promotion and demotion ({@link #backgroundPass})
 * and answer memory pressure ({@link #shrink}), through the kernel's {@link PromotionContext}. A
 * policy that implements neither does no background collapsing: the kernel's thread named
 * khugepaged then only counts empty passes. {@link #khugepagedEligible} and {@link
 * #khugepagedTuning} still govern {@code MADV_COLLAPSE}, which the kernel performs for every
 * policy.
 */
@ConsumerType
public interface ThpPolicy extends Plugin {

  /**
   * The sleep of a pass that has nothing to do: khugepaged's default {@code scan_sleep_millisecs}.
   */
  long IDLE_SLEEP_NANOS = 10_000_000_000L;

  /** The slot THP policies fill. */
  SlotId<ThpPolicy> SLOT = SlotId.of("thp-policy", ThpPolicy.class);

  /**
   * Orders the kernel may try for a write fault at {@code address}, as a bit mask (bit {@code n}
   * set = try order {@code n}). The kernel tries, largest first, the set orders it can map there:
   * the geometry's THP order at the PMD when the aligned huge range lies in the VMA and its PMD is
   * empty; else PTE-mapped folios of orders 2 up to below the PMD order whose aligned range lies in
   * the VMA with every PTE empty (multi-size THP; a folio as large as a contiguous span of the
   * geometry is mapped with the contiguous hint). Then it falls back to a base page. 0 means base
   * pages only.
   */
  long faultOrders(VmaView vma, long address);

  /** How hard a huge allocation at fault time may try, for this VMA. */
  Defrag faultDefrag(VmaView vma);

  /** Whether a read fault on an eligible empty huge range maps the shared huge zero page. */
  boolean useHugeZeroPage();

  /** Whether khugepaged may collapse ranges of this VMA. */
  boolean khugepagedEligible(VmaView vma);

  /** khugepaged's parameters for its next pass. */
  KhugepagedTuning khugepagedTuning();

  /**
   * One pass of the policy's background thread (shown as {@code khugepaged} in events and costs):
   * scan, promote, demote, pre-zero, as the policy decides. Its work is background time. Called
   * first about 10 ms of simulated time after boot, then each time the sleep it returned is over; a
   * policy swapped in mid-run gets the next pass.
   *
   * <p>The default does nothing but count the pass as a full scan.
   *
   * @return simulated nanoseconds to sleep before the next pass; values below one millisecond are
   *     raised to it
   * @since 2.1
   */
  default long backgroundPass(PromotionContext context) {
    context.fullScanDone();
    return IDLE_SLEEP_NANOS;
  }

  /**
   * Memory pressure: a base-page allocation failed even after the pre-zeroed pool was given back.
   * The policy may demote huge pages and free what they hold (bloat recovery) before the kernel
   * reclaims to swap and, failing that, kills a process. Runs on the faulting task, but its work is
   * charged as background time as a shrinker's would be.
   *
   * <p>The default frees nothing.
   *
   * @param wanted base pages the kernel would like back
   * @return base pages freed
   * @since 2.1
   */
  default long shrink(PromotionContext context, long wanted) {
    return 0;
  }
}
