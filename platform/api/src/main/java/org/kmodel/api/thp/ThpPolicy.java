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
 * <p>A policy that also works in the background — promotion, demotion, pre-zeroing, bloat recovery
 * — implements {@link PromotionPolicy} as well (since 2.1). One that does not does no background
 * collapsing: the kernel's thread named khugepaged then only counts empty passes. {@link
 * #khugepagedEligible} and {@link #khugepagedTuning} still govern {@code MADV_COLLAPSE}, which the
 * kernel performs for every policy.
 */
@ConsumerType
public interface ThpPolicy extends Plugin {

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
}
