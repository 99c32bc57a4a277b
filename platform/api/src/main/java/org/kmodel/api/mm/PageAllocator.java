package org.kmodel.api.mm;

import org.kmodel.api.Plugin;
import org.kmodel.api.SlotId;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A physical page allocator, registered in the {@code allocator} slot.
 *
 * <p>Who calls: the kernel, on the simulation thread, from fault, collapse, fork and reclaim paths.
 * The hot path must not allocate Java objects and must not throw: a failed allocation returns
 * {@link #NO_FRAME}, and the caller falls back (a smaller order, reclaim, or a simulated OOM).
 *
 * <p>On {@link #attach} the allocator rebuilds its free lists from {@link
 * org.kmodel.api.PluginContext#frames()}: every frame the table reports free is free to the
 * allocator, so a swap never loses or invents a frame.
 */
@ConsumerType
public interface PageAllocator extends Plugin {

  /** The slot page allocators fill. */
  SlotId<PageAllocator> SLOT = SlotId.of("allocator", PageAllocator.class);

  /** The failure value of {@link #allocate}. */
  long NO_FRAME = -1L;

  /**
   * The largest order served: at least the machine geometry's {@code maxPageOrder()} (10 on x86-64,
   * 4 MiB blocks of 4 KiB pages; 13 on arm64 with 64K pages, so that a 512M PMD page can be had).
   */
  int maxOrder();

  /**
   * Takes a free block of {@code 1 << order} frames, aligned to its size.
   *
   * @param gfp {@link Gfp} flags; with {@link Gfp#DIRECT_COMPACT} the allocator may migrate movable
   *     pages to make the block
   * @return the first frame of the block, or {@link #NO_FRAME}
   */
  long allocate(int order, int gfp);

  /** Gives back a block taken by {@link #allocate}; the kernel has already marked it free. */
  void free(long pfn, int order);

  /** Free blocks of exactly this order, as one column of {@code /proc/buddyinfo}. */
  long freeBlocks(int order);

  /**
   * Background compaction (kcompactd): try to make one free block of at least {@code order} by
   * migrating movable pages. Returns whether such a block exists afterwards. The default does not
   * compact.
   */
  default boolean compact(int order) {
    return false;
  }
}
