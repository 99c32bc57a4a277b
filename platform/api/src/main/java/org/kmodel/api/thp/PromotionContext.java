package org.kmodel.api.thp;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * What a THP policy's background thread sees and may do: the kernel's mechanisms for promotion
 * (collapsing a PMD-sized range into one huge page), demotion (splitting a huge page, optionally
 * freeing its zero-filled base pages) and a pool of pre-zeroed huge pages, with the statistics a
 * policy decides from. The kernel implements it and hands it to {@link
 * PromotionPolicy#backgroundPass} and {@link PromotionPolicy#shrink}; it is valid only during that
 * call, on the simulation thread.
 *
 * <p>Inside {@link PromotionPolicy#shrink} the context only reads and frees: {@link #promote}
 * answers {@link PromotionResult#ALLOC_FAILED} and {@link #prezero} adds nothing, since the
 * shrinker runs in the middle of an allocation that must not see its address space change under it.
 *
 * <p>Every cost the calls incur (copying, clearing, swap-in) is charged as background time: counted
 * in the run's {@code background_ns}, never added to the simulated clock. Ranges are the
 * architecture's PMD size ({@link org.kmodel.api.machine.MachineGeometry#thpOrders()} first entry)
 * and aligned to it; a misaligned address is an {@link IllegalArgumentException}.
 */
@ProviderType
public interface PromotionContext {

  /** Simulated time in nanoseconds since boot. */
  long nowNanos();

  /** The PMD size in bytes: the size of every range this context reports and promotes. */
  long hugePageSize();

  /**
   * The live address spaces, in the order their processes were created (the order Linux's
   * khugepaged visits its mm slots). A fresh list each call; views are valid during the call.
   */
  List<AddressSpaceView> addressSpaces();

  /** Free blocks of each order now, with the fragmentation indices computed from them. */
  FreeBlocks freeBlocks();

  /**
   * What the page tables hold for the huge range at {@code start}: its PTE kinds, accessed and
   * zero-filled pages. With {@code clearAccessed} the accessed bits read are cleared afterwards, so
   * that the next sample counts only pages touched since (the idle-page tracking Ingens and HawkEye
   * use). The returned object is reused by the next call: copy what must outlive it.
   *
   * @throws IllegalArgumentException when {@code start} is not aligned to {@link #hugePageSize()}
   */
  RangeStats rangeStats(AddressSpaceView space, long start, boolean clearAccessed);

  /**
   * Collapses the huge range at {@code start} into one PMD-mapped huge page (Linux's {@code
   * collapse_huge_page}): allocates it (compacting directly when {@code directCompact}), swaps in
   * swapped pages, copies present pages, zero-fills holes, frees the old pages. The policy has
   * already decided the range qualifies; the kernel refuses only what it cannot do (no VMA covering
   * the range or not anonymous, no page table, a pinned page, already huge). A success counts
   * {@code khugepaged/pages_collapsed} and {@code thp_collapse_alloc}.
   */
  PromotionResult promote(AddressSpaceView space, long start, boolean directCompact);

  /**
   * Demotes the PMD-mapped huge page at {@code start}: splits the mapping and the page into base
   * pages ({@code thp_split_pmd}, {@code thp_split_page}). With {@code dropZeroFilled}, base pages
   * whose content is all zeros are then unmapped and freed, their PTEs pointing at the shared zero
   * page (as Linux 6.12's underused-THP split does), so a read still sees zeros and a write faults
   * in a fresh page.
   *
   * @return the base pages freed, or -1 when no PMD-mapped huge page is there (or it is mapped more
   *     than once)
   */
  int demote(AddressSpaceView space, long start, boolean dropZeroFilled);

  /**
   * Takes up to {@code blocks} free blocks of the PMD order from the allocator and zeroes them in
   * the background into the pre-zeroed pool. A huge-page fault takes its page from the pool first
   * and then costs no clearing. Under memory pressure the kernel gives pool pages back to the
   * allocator before it reclaims. The pool counts as free memory in {@code MemFree}.
   *
   * @return how many blocks were added (fewer when no free block of the order is left)
   */
  int prezero(int blocks);

  /** Blocks in the pre-zeroed pool now. */
  int prezeroed();

  /** Gives up to {@code blocks} pool blocks back to the allocator; returns how many. */
  int releasePrezeroed(int blocks);

  /**
   * Records that the policy's scanner has gone past the last address space and starts over: what
   * {@code khugepaged/full_scans} counts, and what a scenario's {@code khugepaged: {full_scans: N}}
   * step waits for. A scanner with nothing to scan should still count its passes, or such a step
   * would wait for ever (the kernel gives up on it after a bounded number of passes).
   */
  void fullScanDone();
}
