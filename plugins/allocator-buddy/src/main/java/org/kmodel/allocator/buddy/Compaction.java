package org.kmodel.allocator.buddy;

import org.kmodel.api.counter.Counter;
import org.kmodel.api.machine.FrameTable;

/**
 * Memory compaction for one zone ({@code mm/compaction.c}), reduced to what a single request needs:
 * empty one aligned block of the wanted order by migrating its pages to free frames taken from the
 * top of the zone.
 *
 * <p>Linux runs a migrate scanner up from the bottom and a free scanner down from the top until
 * they meet, moving whatever is movable on the way. Here the migrate side first picks the single
 * block it will empty: the lowest block whose in-use frames are all movable, preferring the one
 * with the fewest in-use frames, since each of them costs a copy. That spends no migrations on
 * blocks that cannot be emptied (one unmovable page spoils a block, which is why Linux groups
 * unmovable allocations into their own pageblocks; this zone has no migrate types, so the
 * preference for nearly empty blocks stands in for that grouping).
 */
final class Compaction {
  private final Zone zone;
  private final FrameTable table;
  private final Counter pgmigrateSuccess;
  private final Counter pgmigrateFail;

  Compaction(Zone zone, FrameTable table, Counter pgmigrateSuccess, Counter pgmigrateFail) {
    this.zone = zone;
    this.table = table;
    this.pgmigrateSuccess = pgmigrateSuccess;
    this.pgmigrateFail = pgmigrateFail;
  }

  /**
   * {@code compact_zone}: tries to make a free block of {@code order}. On a migration failure it
   * stops: pages already moved stay moved and every frame is back on a free list or in use, none
   * lost.
   *
   * @return whether a free block of {@code order} or larger now exists
   */
  boolean compactZone(int order) {
    if (zone.freePages() < 1L << order) {
      return false;
    }
    long block = isolateMigrateBlock(order);
    if (block < 0) {
      return false;
    }
    long end = block + (1L << order);
    for (long pfn = block; pfn < end; pfn++) {
      if (table.isFree(pfn)) {
        continue;
      }
      long target = zone.takeHighestFrameOutside(block, order);
      if (!table.migrate(pfn, target)) {
        zone.freeOnePage(target, 0);
        pgmigrateFail.inc();
        return false;
      }
      pgmigrateSuccess.inc();
      zone.freeOnePage(pfn, 0);
    }
    return true;
  }

  /**
   * The first pfn of the block to empty, or -1 when every block holds an unmovable page. Free pages
   * inside a block are counted from the free areas, so the frame table is asked only about blocks
   * that would beat the best so far.
   */
  private long isolateMigrateBlock(int order) {
    long size = 1L << order;
    long best = -1;
    long bestInUse = size + 1;
    for (long start = 0; start + size <= zone.frames(); start += size) {
      long inUse = size - zone.freePagesIn(start, order);
      if (inUse < bestInUse && allInUseMovable(start, size)) {
        best = start;
        bestInUse = inUse;
        if (inUse == 1) {
          break;
        }
      }
    }
    return best;
  }

  private boolean allInUseMovable(long start, long size) {
    for (long pfn = start; pfn < start + size; pfn++) {
      if (!table.isFree(pfn) && !table.isMovable(pfn)) {
        return false;
      }
    }
    return true;
  }
}
