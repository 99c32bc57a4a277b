package org.kmodel.api.thp;

import java.util.List;
import org.kmodel.api.mm.VmaView;
import org.osgi.annotation.versioning.ProviderType;

/**
 * One process's address space as a THP policy's background thread sees it. Valid only during the
 * {@link PromotionContext} call that returned it.
 */
@ProviderType
public interface AddressSpaceView {

  /** The process's name ({@code spawn: NAME} in a scenario). */
  String pid();

  /** The VMAs in address order. */
  List<? extends VmaView> vmas();

  /** Resident anonymous memory in base pages, huge pages counted by their base pages. */
  long anonPages();

  /** PMD-mapped huge pages mapped by this address space. */
  long hugePages();

  /**
   * Page walks (second-level TLB misses) the cost model counted for this address space since it was
   * created; 0 when the cost model is off.
   */
  long tlbMisses();

  /**
   * Simulated nanoseconds this address space has spent in page walks and second-level TLB hits: the
   * MMU overhead HawkEye estimates from hardware counters. 0 when the cost model is off.
   */
  long mmuNanos();

  /** Simulated nanoseconds of all memory accesses of this address space, MMU time included. */
  long accessNanos();
}
