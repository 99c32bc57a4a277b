package org.kmodel.kernel.mm;

import java.util.HashMap;
import java.util.Map;
import org.kmodel.kernel.mm.swap.SwapDevice;

/**
 * The swap cache ({@code swapper_spaces}): pages read in from a slot and kept, keyed by the slot,
 * so that a second fault on the slot — the other side of a fork — finds the page instead of reading
 * it again. The cache holds one count on its slot, as Linux's {@code SWAP_HAS_CACHE} does, so a
 * slot stays allocated while its page is cached even when no page-table entry names it any more.
 *
 * <p>Only pages that may still be shared are kept: a page read for one process alone (its swap
 * entry was exclusive) leaves the cache at once, as Linux's {@code should_try_to_free_swap} frees
 * it on a write fault; the model frees it on a read fault too, so a cached page is never mapped
 * writable and is always clean (see {@code SwapIn}).
 */
final class SwapCache {
  private final PhysicalMemory memory;
  private final SwapDevice device;
  private final Map<Long, Long> pageOfSlot = new HashMap<>();
  private final Map<Long, Long> slotOfPage = new HashMap<>();

  SwapCache(PhysicalMemory memory, SwapDevice device) {
    this.memory = memory;
    this.device = device;
  }

  /** The page cached for {@code slot}, or -1. */
  long lookup(long slot) {
    Long pfn = pageOfSlot.get(slot);
    return pfn == null ? -1 : pfn;
  }

  /** The slot the cached page {@code pfn} belongs to, or {@link SwapDevice#NO_SLOT}. */
  long slotOf(long pfn) {
    Long slot = slotOfPage.get(pfn);
    return slot == null ? SwapDevice.NO_SLOT : slot;
  }

  /**
   * Adds {@code pfn} as the page of {@code slot} ({@code add_to_swap_cache}), taking the cache's
   * count on the slot; false when the slot's count cannot grow (the page is then not cached).
   */
  boolean add(long slot, long pfn) {
    if (pageOfSlot.containsKey(slot) || device.duplicate(slot) < 0) {
      return false;
    }
    pageOfSlot.put(slot, pfn);
    slotOfPage.put(pfn, slot);
    memory.set(pfn, PhysicalMemory.SWAPCACHE);
    return true;
  }

  /**
   * Removes {@code pfn} from the cache ({@code delete_from_swap_cache}) and gives its count on the
   * slot back; returns the slot.
   */
  long delete(long pfn) {
    Long slot = slotOfPage.remove(pfn);
    if (slot == null) {
      throw new IllegalStateException("frame " + pfn + " is not in the swap cache");
    }
    pageOfSlot.remove(slot);
    memory.clear(pfn, PhysicalMemory.SWAPCACHE);
    device.release(slot);
    return slot;
  }

  /**
   * Page-table entries that name the slot of the cached page {@code pfn}: the slot's count without
   * the cache's own ({@code __swap_count}).
   */
  int swapCount(long pfn) {
    return device.count(slotOf(pfn)) - 1;
  }

  /** Pages in the cache (meminfo {@code SwapCached}, vmstat {@code nr_swapcached}). */
  long pages() {
    return pageOfSlot.size();
  }

  /** Every cached page by slot, for the invariant checker. */
  Map<Long, Long> entries() {
    return java.util.Collections.unmodifiableMap(pageOfSlot);
  }
}
