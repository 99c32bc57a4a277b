package org.kmodel.kernel.mm;

import org.kmodel.api.mm.Gfp;
import org.kmodel.api.mm.PageAllocator;
import org.kmodel.kernel.mm.boot.FailPageAlloc;
import org.kmodel.kernel.slot.PluginSlot;

/**
 * {@code alloc_pages} and {@code free_pages} as the memory manager's paths call them: fault
 * injection ({@code fail_page_alloc}) first, then the allocator plugin, and when a base page cannot
 * be had the slow path — the deferred-split shrinker, the THP policy's shrinker, then direct
 * reclaim, retrying after each — before giving up; the frame table records what each block is used
 * for. Blocks held in the pre-zeroed pool go back to the allocator before any of that, for a
 * request of any order. Also page-table pages ({@code pte_alloc_one} / {@code pte_free}): a table
 * of the pool backed by one frame.
 *
 * <p>The slow path reaches the shrinker and reclaim through {@link Shrinker} and {@link
 * DirectReclaim}: both split and swap out pages, and so allocate and free through this class.
 */
final class Pages {
  /**
   * A shrinker as the slow path sees it: the huge zero page's and the deferred-split queue's
   * ({@code shrink_huge_zero_page_scan}, {@code deferred_split_scan}), the THP policy's.
   */
  interface Shrinker {
    /** Frees what it can; false when it freed nothing (nothing to retry for). */
    boolean shrink();
  }

  /** Direct reclaim ({@code try_to_free_pages}) as the slow path sees it. */
  interface DirectReclaim {
    /** Frees up to SWAP_CLUSTER_MAX pages; returns how many it freed. */
    int reclaim();
  }

  private final PhysicalMemory memory;
  private final PageTables tables;
  private final FailPageAlloc failPageAlloc;
  private final PluginSlot<PageAllocator> allocator;
  private final Shrinker deferredSplit;
  private final PrezeroPool prezeroed;
  private final Shrinker policy;
  private final DirectReclaim reclaim;

  Pages(
      Machine machine,
      FailPageAlloc failPageAlloc,
      PluginSlot<PageAllocator> allocator,
      Shrinker deferredSplit,
      PrezeroPool prezeroed,
      Shrinker policy,
      DirectReclaim reclaim) {
    this.memory = machine.memory;
    this.tables = machine.tables;
    this.failPageAlloc = failPageAlloc;
    this.allocator = allocator;
    this.deferredSplit = deferredSplit;
    this.prezeroed = prezeroed;
    this.policy = policy;
    this.reclaim = reclaim;
  }

  /**
   * Allocates a block of {@code order} and marks it in use as {@code kind}.
   *
   * @return the first frame, or {@link PageAllocator#NO_FRAME}
   */
  long allocPages(int order, int gfp, short kind) {
    if (failPageAlloc.shouldFail(order, gfp)) {
      return PageAllocator.NO_FRAME;
    }
    PageAllocator a = allocator.get();
    long pfn;
    if (prezeroed.size() > 0 && Gfp.has(gfp, Gfp.DIRECT_COMPACT)) {
      // Pooled blocks are free memory: take them back before paying for compaction.
      int noCompact = gfp & ~Gfp.DIRECT_COMPACT;
      pfn = a.allocate(order, noCompact);
      while (pfn < 0 && prezeroed.release(1) > 0) {
        pfn = a.allocate(order, noCompact);
      }
      if (pfn < 0) {
        pfn = a.allocate(order, gfp);
      }
    } else {
      pfn = a.allocate(order, gfp);
      while (pfn < 0 && prezeroed.release(1) > 0) {
        pfn = a.allocate(order, gfp);
      }
    }
    if (pfn < 0 && order == 0) {
      if (deferredSplit.shrink()) {
        pfn = a.allocate(order, gfp);
      }
      while (pfn < 0 && policy.shrink()) {
        pfn = a.allocate(order, gfp);
      }
      while (pfn < 0 && reclaim.reclaim() > 0) {
        pfn = a.allocate(order, gfp);
      }
    }
    if (pfn < 0) {
      return PageAllocator.NO_FRAME;
    }
    memory.markInUse(pfn, order, kind);
    return pfn;
  }

  void freePages(long pfn, int order) {
    memory.markFree(pfn, order);
    allocator.get().free(pfn, order);
  }

  /** A page-table page: its table id, or -1 when no frame could be had. */
  int allocTable() {
    long pfn = allocPages(0, 0, PhysicalMemory.PAGETABLE);
    return pfn < 0 ? -1 : tables.allocate(pfn);
  }

  void freeTable(int id) {
    freePages(tables.free(id), 0);
  }
}
