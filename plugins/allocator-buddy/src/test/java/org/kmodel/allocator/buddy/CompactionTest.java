package org.kmodel.allocator.buddy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.kmodel.api.mm.Gfp;
import org.kmodel.api.mm.PageAllocator;
import org.kmodel.testkit.fake.ArrayFrameTable.Use;

/**
 * Compaction on 8 MiB (four 2 MiB pageblocks) where a few pages left in every pageblock keep any
 * order-9 block from forming although three quarters of memory is free.
 */
class CompactionTest {
  private static final int FRAMES = 2048;
  private static final int PAGEBLOCK = 512;
  private static final int THP_FAULT = Gfp.MOVABLE | Gfp.TRANSHUGE | Gfp.DIRECT_COMPACT;

  /**
   * Fills memory with base pages, then frees all but a few at offset 5 of each pageblock: one
   * string per pageblock, {@code M} for a movable page kept, {@code U} for an unmovable one.
   */
  private static FakeKernel fragmented(String... kept) {
    FakeKernel kernel = new FakeKernel(FRAMES);
    for (int pfn = 0; pfn < FRAMES; pfn++) {
      String pages = kept[pfn / PAGEBLOCK];
      int i = pfn % PAGEBLOCK - 5;
      boolean unmovable = i >= 0 && i < pages.length() && pages.charAt(i) == 'U';
      assertEquals(pfn, kernel.alloc(0, unmovable ? 0 : Gfp.MOVABLE));
    }
    for (int pfn = 0; pfn < FRAMES; pfn++) {
      int i = pfn % PAGEBLOCK - 5;
      if (i < 0 || i >= kept[pfn / PAGEBLOCK].length()) {
        kernel.free(pfn, 0);
      }
    }
    assertEquals(0, kernel.buddy.freeBlocks(9));
    return kernel;
  }

  @Test
  void directCompactionMovesTheLonePageToTheTopOfTheZone() {
    FakeKernel kernel = fragmented("M", "M", "M", "M");
    assertEquals(0, kernel.alloc(9, THP_FAULT));
    assertEquals(Use.MOVABLE, kernel.frames.use(FRAMES - 1), "migrated to the highest free frame");
    assertEquals(1, kernel.vmstat("compact_stall"));
    assertEquals(1, kernel.vmstat("compact_success"));
    assertEquals(0, kernel.vmstat("compact_fail"));
    assertEquals(1, kernel.vmstat("pgmigrate_success"));
    assertEquals(kernel.frames.freeFrames(), kernel.freePages());
  }

  @Test
  void withoutDirectCompactionAHugeFaultFallsBackAtOnce() {
    FakeKernel kernel = fragmented("M", "M", "M", "M");
    assertEquals(PageAllocator.NO_FRAME, kernel.alloc(9, Gfp.MOVABLE | Gfp.TRANSHUGE));
    assertEquals(0, kernel.vmstat("compact_stall"));
    assertEquals(0, kernel.vmstat("pgmigrate_success"));
  }

  @Test
  void unmovablePagesDefeatCompaction() {
    FakeKernel kernel = fragmented("U", "U", "U", "U");
    long[] before = kernel.buddyinfo();
    assertEquals(PageAllocator.NO_FRAME, kernel.alloc(9, THP_FAULT));
    assertEquals(1, kernel.vmstat("compact_stall"));
    assertEquals(1, kernel.vmstat("compact_fail"));
    assertEquals(0, kernel.vmstat("compact_success"));
    assertEquals(0, kernel.vmstat("pgmigrate_success"));
    assertArrayEquals(before, kernel.buddyinfo());
  }

  @Test
  void compactionEmptiesTheMovablePageblockWithFewestPages() {
    FakeKernel kernel = fragmented("MMM", "U", "MM", "MMMM");
    assertEquals(2 * PAGEBLOCK, kernel.alloc(9, THP_FAULT));
    assertEquals(2, kernel.vmstat("pgmigrate_success"));
  }

  @Test
  void kcompactdMakesABlockWithoutAStall() {
    FakeKernel kernel = fragmented("M", "M", "M", "M");
    assertTrue(kernel.buddy.compact(9));
    assertEquals(1, kernel.buddy.freeBlocks(9));
    assertEquals(0, kernel.vmstat("compact_stall"));
    assertEquals(1, kernel.vmstat("compact_success"));

    assertTrue(kernel.buddy.compact(9), "a free block exists: nothing to do");
    assertEquals(1, kernel.vmstat("pgmigrate_success"));
    assertEquals(1, kernel.vmstat("compact_success"));
  }

  @Test
  void aRefusedMigrationGivesUpWithoutLosingAFrame() {
    FakeKernel kernel = fragmented("MMM", "MMM", "MMM", "MMM");
    kernel.frames.refuseMigration(6);
    assertEquals(PageAllocator.NO_FRAME, kernel.alloc(9, THP_FAULT));
    assertEquals(1, kernel.vmstat("pgmigrate_success"), "pfn 5 moved before pfn 6 refused");
    assertEquals(1, kernel.vmstat("pgmigrate_fail"));
    assertEquals(1, kernel.vmstat("compact_fail"));
    assertEquals(Use.FREE, kernel.frames.use(5));
    assertEquals(Use.MOVABLE, kernel.frames.use(6));
    assertEquals(kernel.frames.freeFrames(), kernel.freePages());
    assertArrayEquals(new FakeKernel(kernel.frames.copy()).buddyinfo(), kernel.buddyinfo());
  }

  @Test
  void tooLittleFreeMemoryIsNotWorthCompacting() {
    FakeKernel kernel = new FakeKernel(FRAMES);
    for (int i = 0; i < FRAMES; i++) {
      kernel.alloc(0, Gfp.MOVABLE);
    }
    for (int pfn = 0; pfn < FRAMES; pfn += 8) {
      kernel.free(pfn, 0);
    }
    assertFalse(kernel.buddy.compact(9));
    assertEquals(0, kernel.vmstat("pgmigrate_success"));
    assertEquals(1, kernel.vmstat("compact_fail"));
  }
}
