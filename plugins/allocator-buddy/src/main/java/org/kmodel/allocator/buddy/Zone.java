package org.kmodel.allocator.buddy;

import org.kmodel.api.machine.FrameTable;
import org.kmodel.api.mm.PageAllocator;

/**
 * One zone's buddy free areas, orders 0 up to the machine's largest order (Linux's {@code
 * MAX_PAGE_ORDER}: 10 with 4K pages, 13 on arm64 with 64K pages): the split, merge and scan
 * primitives of {@code mm/page_alloc.c}, without policy.
 *
 * <p>The zone covers every frame of RAM. A frame count that is not a multiple of the largest block
 * leaves a tail that can only hold smaller blocks; a buddy that would lie partly beyond the end of
 * RAM is never free, so nothing merges across the end.
 */
final class Zone {
  /** Linux's default {@code MAX_PAGE_ORDER}, for zones made without a machine. */
  static final int DEFAULT_MAX_ORDER = 10;

  private final long frames;
  private final int maxOrder;
  private final FreeArea[] areas;

  /** A zone of {@code frames} frames with nothing free, serving orders up to {@code maxOrder}. */
  Zone(long frames, int maxOrder) {
    this.frames = frames;
    this.maxOrder = maxOrder;
    this.areas = new FreeArea[maxOrder + 1];
    for (int order = 0; order <= maxOrder; order++) {
      areas[order] = new FreeArea(frames >>> order);
    }
  }

  /** A zone of {@code frames} frames with the default largest order. */
  Zone(long frames) {
    this(frames, DEFAULT_MAX_ORDER);
  }

  /** The largest order served. */
  int maxOrder() {
    return maxOrder;
  }

  /**
   * A zone whose free areas hold exactly the frames the table reports free, each run of free frames
   * cut greedily into the largest aligned blocks that fit: the same blocks the buddy merges would
   * have produced had every frame been freed one by one.
   */
  static Zone fromFrameTable(FrameTable table, int maxOrder) {
    long n = table.frameCount();
    Zone zone = new Zone(n, maxOrder);
    long pfn = 0;
    while (pfn < n) {
      if (!table.isFree(pfn)) {
        pfn++;
        continue;
      }
      long runStart = pfn;
      while (pfn < n && table.isFree(pfn)) {
        pfn++;
      }
      zone.addRange(runStart, pfn);
    }
    return zone;
  }

  long frames() {
    return frames;
  }

  long nrFree(int order) {
    return areas[order].nrFree();
  }

  /** Free base pages in the zone ({@code NR_FREE_PAGES}). */
  long freePages() {
    long pages = 0;
    for (int order = 0; order <= maxOrder; order++) {
      pages += areas[order].nrFree() << order;
    }
    return pages;
  }

  /** Whether a free block of at least {@code order} exists. */
  boolean hasFreeBlock(int order) {
    for (int k = order; k <= maxOrder; k++) {
      if (areas[k].nrFree() != 0) {
        return true;
      }
    }
    return false;
  }

  /**
   * {@code __rmqueue_smallest}: takes the lowest free block of the smallest order that can serve
   * {@code order} and gives the unused halves back by {@link #expand}.
   *
   * @return the first pfn of a block of {@code order}, or {@link PageAllocator#NO_FRAME}
   */
  long rmqueueSmallest(int order) {
    for (int current = order; current <= maxOrder; current++) {
      FreeArea area = areas[current];
      if (area.nrFree() != 0) {
        long pfn = area.removeFirst() << current;
        expand(pfn, order, current);
        return pfn;
      }
    }
    return PageAllocator.NO_FRAME;
  }

  /**
   * {@code __free_one_page}: frees the block and merges it with its buddy, order by order, for as
   * long as the buddy is free as a whole at the same order.
   */
  void freeOnePage(long pfn, int order) {
    while (order < maxOrder) {
      long buddy = pfn ^ (1L << order);
      if (buddy + (1L << order) > frames || !areas[order].isFree(buddy >>> order)) {
        break;
      }
      areas[order].remove(buddy >>> order);
      pfn &= ~(1L << order);
      order++;
    }
    areas[order].add(pfn >>> order);
  }

  /**
   * Takes the highest free frame outside the aligned block {@code [start, start + (1 << order))},
   * splitting a larger free block if that is where it lies, as the free scanner isolates from the
   * top of the zone. The caller has checked that such a frame exists.
   */
  long takeHighestFrameOutside(long start, int order) {
    long bestTop = -1;
    long bestBlock = -1;
    int bestOrder = -1;
    for (int k = 0; k <= maxOrder; k++) {
      FreeArea area = areas[k];
      if (area.nrFree() == 0) {
        continue;
      }
      long block = area.highestBelow(frames >>> k);
      // Only smaller free blocks can lie inside the block being compacted: a larger one covering
      // it would make it free already.
      if (k < order && block >= start >>> k && block < (start + (1L << order)) >>> k) {
        block = area.highestBelow(start >>> k);
      }
      long top = block < 0 ? -1 : ((block + 1) << k) - 1;
      if (top > bestTop) {
        bestTop = top;
        bestBlock = block;
        bestOrder = k;
      }
    }
    areas[bestOrder].remove(bestBlock);
    long pfn = bestBlock << bestOrder;
    for (int k = bestOrder - 1; k >= 0; k--) {
      areas[k].add(pfn >>> k);
      pfn += 1L << k;
    }
    return pfn;
  }

  /** Free base pages inside the aligned block {@code [start, start + (1 << order))}. */
  long freePagesIn(long start, int order) {
    long end = start + (1L << order);
    long pages = 0;
    for (int k = 0; k < order; k++) {
      pages += areas[k].countFree(start >>> k, end >>> k) << k;
    }
    return pages;
  }

  /**
   * {@code expand}: frees the upper halves of a block split from {@code high} down to {@code low}.
   */
  private void expand(long pfn, int low, int high) {
    while (high > low) {
      high--;
      areas[high].add((pfn >>> high) + 1);
    }
  }

  /** Adds the free run {@code [start, end)} as the largest aligned blocks that fit. */
  private void addRange(long start, long end) {
    while (start < end) {
      int order =
          Math.min(
              maxOrder,
              Math.min(
                  Long.numberOfTrailingZeros(start), 63 - Long.numberOfLeadingZeros(end - start)));
      areas[order].add(start >>> order);
      start += 1L << order;
    }
  }
}
