package org.kmodel.allocator.buddy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kmodel.api.mm.PageAllocator;

/**
 * Thousands of seeded allocations and frees against a reference model that knows only which frames
 * are in use. Because buddies always merge, an allocation of order {@code k} must succeed exactly
 * when some aligned run of {@code 1 << k} frames is entirely free.
 */
class BuddyAllocatorRandomizedTest {
  private static final int FRAMES = 4096 + 300;
  private static final int STEPS = 8000;

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void matchesTheReferenceModelAndNeverHandsAFrameOutTwice(long seed) {
    Random random = new Random(seed);
    FakeKernel kernel = new FakeKernel(FRAMES);
    long[] boot = kernel.buddyinfo();
    boolean[] inUse = new boolean[FRAMES];
    List<long[]> live = new ArrayList<>();

    for (int step = 0; step < STEPS; step++) {
      if (live.isEmpty() || random.nextInt(100) < 55) {
        int order = smallOrdersMostly(random);
        boolean expected = alignedFreeRunExists(inUse, order);
        long pfn = kernel.alloc(order, 0);
        assertEquals(expected, pfn != PageAllocator.NO_FRAME, "step " + step + " order " + order);
        if (pfn != PageAllocator.NO_FRAME) {
          assertEquals(0, pfn & ((1L << order) - 1));
          for (long f = pfn; f < pfn + (1L << order); f++) {
            assertFalse(inUse[(int) f], "frame " + f + " handed out twice");
            inUse[(int) f] = true;
          }
          live.add(new long[] {pfn, order});
        }
      } else {
        long[] block = live.remove(random.nextInt(live.size()));
        for (long f = block[0]; f < block[0] + (1L << block[1]); f++) {
          inUse[(int) f] = false;
        }
        kernel.free(block[0], (int) block[1]);
      }
      if (step % 500 == 0) {
        assertEquals(freeCount(inUse), kernel.freePages());
        assertArrayEquals(
            new FakeKernel(kernel.frames.copy()).buddyinfo(),
            kernel.buddyinfo(),
            "rebuilt free lists differ at step " + step);
      }
    }

    for (long[] block : live) {
      kernel.free(block[0], (int) block[1]);
    }
    assertArrayEquals(boot, kernel.buddyinfo());
  }

  /** Faults are mostly base pages; now and then a large block. */
  private static int smallOrdersMostly(Random random) {
    return random.nextInt(4) == 0 ? random.nextInt(11) : random.nextInt(3);
  }

  private static boolean alignedFreeRunExists(boolean[] inUse, int order) {
    int size = 1 << order;
    for (int start = 0; start + size <= inUse.length; start += size) {
      boolean free = true;
      for (int f = start; f < start + size && free; f++) {
        free = !inUse[f];
      }
      if (free) {
        return true;
      }
    }
    return false;
  }

  private static long freeCount(boolean[] inUse) {
    long n = 0;
    for (boolean used : inUse) {
      n += used ? 0 : 1;
    }
    return n;
  }
}
