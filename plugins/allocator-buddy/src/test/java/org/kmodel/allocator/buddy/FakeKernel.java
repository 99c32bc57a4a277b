package org.kmodel.allocator.buddy;

import org.kmodel.api.mm.Gfp;
import org.kmodel.api.mm.PageAllocator;
import org.kmodel.testkit.fake.ArrayFrameTable;
import org.kmodel.testkit.fake.ArrayFrameTable.Use;
import org.kmodel.testkit.fake.FakePluginContext;
import org.kmodel.testkit.fake.Geometries;

/**
 * The kernel's side of the allocator contract: it marks frames in use when an allocation succeeds
 * and free before handing them back.
 */
final class FakeKernel {
  final ArrayFrameTable frames;
  final FakePluginContext context;
  final BuddyAllocator buddy = new BuddyAllocator();

  /** Boots with every frame free. */
  FakeKernel(int frameCount) {
    this(new ArrayFrameTable(frameCount));
  }

  /** Attaches a fresh allocator to an existing frame table, as a swap does. */
  FakeKernel(ArrayFrameTable frames) {
    this.frames = frames;
    this.context = new FakePluginContext(Geometries.basePagesOnly(), frames);
    buddy.attach(context);
  }

  /**
   * Allocates and marks the block in use: an order-0 {@link Gfp#MOVABLE} allocation is an anonymous
   * page, anything else cannot be migrated.
   */
  long alloc(int order, int gfp) {
    long pfn = buddy.allocate(order, gfp);
    if (pfn != PageAllocator.NO_FRAME) {
      frames.mark(
          pfn, order, order == 0 && Gfp.has(gfp, Gfp.MOVABLE) ? Use.MOVABLE : Use.UNMOVABLE);
    }
    return pfn;
  }

  void free(long pfn, int order) {
    frames.mark(pfn, order, Use.FREE);
    buddy.free(pfn, order);
  }

  /** The zone's line of {@code /proc/buddyinfo}: free blocks of orders 0..10. */
  long[] buddyinfo() {
    long[] line = new long[buddy.maxOrder() + 1];
    for (int order = 0; order < line.length; order++) {
      line[order] = buddy.freeBlocks(order);
    }
    return line;
  }

  /** Free base pages by the allocator's count. */
  long freePages() {
    long[] line = buddyinfo();
    long pages = 0;
    for (int order = 0; order < line.length; order++) {
      pages += line[order] << order;
    }
    return pages;
  }

  long vmstat(String name) {
    return context.vmstat(name);
  }
}
