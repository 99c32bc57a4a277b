package org.kmodel.allocator.buddy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.BitSet;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The free-area bitmap against {@link BitSet}, over more than one summary word (64 × 64 blocks) so
 * that searches cross both word and summary boundaries.
 */
class FreeAreaTest {
  private static final int BLOCKS = 3 * 64 * 64 + 17;

  @Test
  void searchesAgreeWithAPlainBitSet() {
    Random random = new Random(5);
    FreeArea area = new FreeArea(BLOCKS);
    BitSet free = new BitSet(BLOCKS);
    for (int step = 0; step < 20_000; step++) {
      int block = sparseBlock(random);
      if (free.get(block)) {
        area.remove(block);
        free.clear(block);
      } else {
        area.add(block);
        free.set(block);
      }
      assertEquals(free.cardinality(), area.nrFree());
      int limit = random.nextInt(BLOCKS + 1);
      assertEquals(free.previousSetBit(limit - 1), area.highestBelow(limit), "below " + limit);
      int from = random.nextInt(BLOCKS);
      int to = from + random.nextInt(BLOCKS - from + 1);
      assertEquals(free.get(from, to).cardinality(), area.countFree(from, to));
      if (step % 7 == 0 && !free.isEmpty()) {
        assertEquals(free.nextSetBit(0), area.removeFirst());
        free.clear(free.nextSetBit(0));
      }
    }
  }

  @Test
  void theLowestBlockComesFirstEvenAfterAFreeBelowTheHint() {
    FreeArea area = new FreeArea(BLOCKS);
    area.add(BLOCKS - 1);
    area.add(5000);
    assertEquals(5000, area.removeFirst());
    area.add(3);
    assertEquals(3, area.removeFirst());
    assertEquals(BLOCKS - 1, area.removeFirst());
    assertEquals(0, area.nrFree());
  }

  /** Mostly a few clustered regions, so that whole words and summary words empty and refill. */
  private static int sparseBlock(Random random) {
    int region = random.nextInt(4) * (BLOCKS / 4);
    return Math.min(BLOCKS - 1, region + random.nextInt(random.nextBoolean() ? 70 : BLOCKS / 4));
  }
}
