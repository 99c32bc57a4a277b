package org.kmodel.allocator.buddy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kmodel.api.mm.Gfp;
import org.kmodel.api.mm.PageAllocator;

class BuddyAllocatorTest {
  /** 8 MiB of 4 KiB frames: two order-10 (4 MiB) blocks. */
  private static final int FRAMES_8MIB = 2048;

  @Test
  void bootOn8MiBGivesTwoMaxOrderBlocks() {
    FakeKernel kernel = new FakeKernel(FRAMES_8MIB);
    assertEquals(10, kernel.buddy.maxOrder());
    assertArrayEquals(new long[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2}, kernel.buddyinfo());
  }

  @Test
  void oneBasePageSplitsAMaxOrderBlockAllTheWayDown() {
    FakeKernel kernel = new FakeKernel(FRAMES_8MIB);
    assertEquals(0, kernel.alloc(0, Gfp.MOVABLE));
    assertArrayEquals(new long[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, kernel.buddyinfo());
  }

  @Test
  void buddiesMergeOnlyWhenBothHalvesAreFree() {
    FakeKernel kernel = new FakeKernel(FRAMES_8MIB);
    long first = kernel.alloc(0, Gfp.MOVABLE);
    long second = kernel.alloc(0, Gfp.MOVABLE);
    assertEquals(first ^ 1, second, "the second page is the first one's buddy");
    kernel.free(first, 0);
    assertArrayEquals(
        new long[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, kernel.buddyinfo(), "pfn 0 waits for pfn 1");
    kernel.free(second, 0);
    assertArrayEquals(new long[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2}, kernel.buddyinfo());
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 3, 9, 10})
  void allocFreeRoundTripRestoresBuddyinfo(int order) {
    FakeKernel kernel = new FakeKernel(FRAMES_8MIB + 37);
    kernel.alloc(0, 0);
    kernel.alloc(2, 0);
    long[] before = kernel.buddyinfo();
    long pfn = kernel.alloc(order, 0);
    kernel.free(pfn, order);
    assertArrayEquals(before, kernel.buddyinfo());
  }

  @Test
  void everyBlockIsAlignedToItsSizeAndInsideRam() {
    int frames = 3 * 1024 + 777;
    FakeKernel kernel = new FakeKernel(frames);
    Random random = new Random(7);
    for (int i = 0; i < 400; i++) {
      int order = random.nextInt(11);
      long pfn = kernel.alloc(order, 0);
      if (pfn != PageAllocator.NO_FRAME) {
        assertEquals(0, pfn & ((1L << order) - 1), "order " + order + " at pfn " + pfn);
        assertTrue(pfn + (1L << order) <= frames);
      }
    }
  }

  @Test
  void exhaustedMemoryFailsWithNoFrame() {
    FakeKernel kernel = new FakeKernel(FRAMES_8MIB);
    Set<Long> handedOut = new HashSet<>();
    for (int i = 0; i < FRAMES_8MIB; i++) {
      assertTrue(handedOut.add(kernel.alloc(0, Gfp.MOVABLE)));
    }
    assertEquals(PageAllocator.NO_FRAME, kernel.alloc(0, Gfp.MOVABLE));
    assertEquals(PageAllocator.NO_FRAME, kernel.alloc(0, Gfp.MOVABLE | Gfp.DIRECT_COMPACT));
    assertArrayEquals(new long[11], kernel.buddyinfo());
  }

  @Test
  void ordersAboveMaxOrderAreNeverServed() {
    FakeKernel kernel = new FakeKernel(4 * FRAMES_8MIB);
    assertEquals(PageAllocator.NO_FRAME, kernel.buddy.allocate(11, 0));
    assertEquals(PageAllocator.NO_FRAME, kernel.buddy.allocate(18, Gfp.DIRECT_COMPACT));
    assertEquals(PageAllocator.NO_FRAME, kernel.buddy.allocate(-1, 0));
    assertEquals(0, kernel.buddy.freeBlocks(11));
  }

  @Test
  void ramTailShorterThan4MiBHoldsSmallerBlocksThatNeverMergeAcrossTheEnd() {
    FakeKernel kernel = new FakeKernel(FRAMES_8MIB + 512 + 3);
    long[] boot = {1, 1, 0, 0, 0, 0, 0, 0, 0, 1, 2};
    assertArrayEquals(boot, kernel.buddyinfo());

    assertEquals(2562, kernel.alloc(0, 0), "the lone order-0 block at the very end");
    kernel.free(2562, 0);
    assertEquals(2560, kernel.alloc(1, 0));
    kernel.free(2560, 1);
    assertEquals(2048, kernel.alloc(9, 0));
    kernel.free(2048, 9);
    assertArrayEquals(boot, kernel.buddyinfo(), "the buddy beyond the end of RAM is never free");
  }

  @Test
  void freeListsRebuiltFromTheFrameTableEqualTheLiveOnes() {
    FakeKernel kernel = new FakeKernel(FRAMES_8MIB + 300);
    Random random = new Random(11);
    long[][] live = new long[600][];
    int count = 0;
    for (int i = 0; i < 600; i++) {
      int order = random.nextInt(5);
      long pfn = kernel.alloc(order, Gfp.MOVABLE);
      if (pfn != PageAllocator.NO_FRAME) {
        live[count++] = new long[] {pfn, order};
      }
    }
    for (int i = 0; i < count; i += 2) {
      kernel.free(live[i][0], (int) live[i][1]);
    }

    FakeKernel swapped = new FakeKernel(kernel.frames.copy());
    assertArrayEquals(kernel.buddyinfo(), swapped.buddyinfo());
    assertEquals(kernel.frames.freeFrames(), swapped.freePages());
    while (true) {
      long pfn = swapped.alloc(0, 0);
      if (pfn == PageAllocator.NO_FRAME) {
        break;
      }
      assertTrue(kernel.frames.isFree(pfn), "pfn " + pfn + " was in use before the swap");
    }
    assertEquals(0, swapped.frames.freeFrames());
  }
}
