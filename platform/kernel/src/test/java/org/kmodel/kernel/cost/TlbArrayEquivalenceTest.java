package org.kmodel.kernel.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The TLB arrays against {@link ReferenceTlbArray}: random lookups, fills after a miss (as the cost
 * model fills) and invalidations over a key space a few times the array's size, every lookup's
 * answer compared, and after each fill that evicted, the evicted key must be gone and the
 * survivors' recency unchanged, which a later lookup sequence would otherwise reveal only by luck.
 */
class TlbArrayEquivalenceTest {
  private static final int OPERATIONS = 200_000;

  @ParameterizedTest(name = "{0} entries, {1} ways")
  @CsvSource({
    // profiles' fully associative arrays: Zen L1 DTLBs, walk caches
    "96, 96",
    "64, 64",
    "32, 32",
    "16, 16",
    "8, 8",
    "4, 4",
    "2, 2",
    "1, 1",
    // set associative: Skylake L1 DTLBs and STLB, Zen 5 L2 DTLB, Cortex-A72 L2
    "64, 4",
    "32, 4",
    "1536, 12",
    "4096, 16",
    "1024, 4",
    // sets not a power of two
    "48, 4",
    "96, 8",
    "36, 12"
  })
  void sameHitsAndEvictionsAsTheReference(int entries, int ways) {
    for (long seed = 1; seed <= 4; seed++) {
      drive(entries, ways, seed);
    }
  }

  private static void drive(int entries, int ways, long seed) {
    TlbArray fast = TlbArray.of(entries, ways);
    if (entries == ways && ways > TlbArray.SCAN_WAYS) {
      assertInstanceOf(FullyAssociativeTlb.class, fast);
    }
    ReferenceTlbArray ref = new ReferenceTlbArray(entries, ways);
    SplittableRandom rnd = new SplittableRandom(seed);
    int span = Math.max(4, entries * (1 + (int) (seed % 3)));
    for (int op = 0; op < OPERATIONS; op++) {
      long key = randomKey(rnd, span);
      int what = rnd.nextInt(10);
      if (what < 7) {
        boolean hit = ref.lookup(key);
        assertEquals(hit, fast.lookup(key), () -> "lookup of " + key);
        if (!hit && what < 5) {
          long evicted = ref.insert(key);
          fast.insert(key);
          if (evicted != -1) {
            assertFalse(fast.lookup(evicted), "evicted " + evicted);
            assertFalse(ref.lookup(evicted));
          }
        }
      } else if (what < 9) {
        ref.invalidate(key);
        fast.invalidate(key);
      } else {
        // a run of neighbouring pages, as a range flush or a sequential walk issues
        long base = rnd.nextInt(span);
        for (int i = 0; i < 16; i++) {
          long k = TlbArray.key(0, 0, base + i);
          ref.invalidate(k);
          fast.invalidate(k);
        }
      }
      if (op % 64 == 0) {
        for (int order : new int[] {0, 9}) {
          assertEquals(ref.holdsOrder(order), fast.holdsOrder(order), "order " + order + " held");
        }
      }
    }
    for (int asid = 0; asid < 2; asid++) {
      for (int order : new int[] {0, 9}) {
        for (long vpn = 0; vpn < span; vpn++) {
          long key = TlbArray.key(asid, order, vpn);
          assertEquals(ref.lookup(key), fast.lookup(key), () -> "final lookup of " + key);
        }
      }
    }
  }

  /** Two address spaces, two page orders, page numbers that share sets and hash cells. */
  private static long randomKey(SplittableRandom rnd, int span) {
    return TlbArray.key(rnd.nextInt(2), rnd.nextBoolean() ? 0 : 9, rnd.nextInt(span));
  }
}
