package org.kmodel.kernel.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link LineCache}'s pending extents against {@link ReferenceLineCache}, which writes every chunk
 * at once: the same random line accesses, whole-chunk writes and range writes (short and long,
 * overlapping, wrapping around the sets, longer than the table has sets, in chunk ranges whose set
 * index the high bits permute) must be answered from the same level, and so must a probe of every
 * chunk they could have touched afterwards. Small caches make every set conflict and extents expire
 * within a few writes; a ring of a few extents under a large LLC makes the full-ring fallback apply
 * extents that are still live.
 */
class LineCacheExtentsTest {
  private static final long K = 1024;

  /** Where chunks are drawn from: low memory, across a 2^40-chunk boundary, the host's space. */
  private static final long[] REGIONS = {0, (1L << 40) - 3000, (1L << 62) + (5L << 40)};

  @ParameterizedTest(name = "L1 {0} B, L2 {1} B, LLC {2} B, {3} extents, {4} operations")
  @CsvSource({
    // 2 sets: every range wraps around the table many times
    "256, 512, 1024, 256, 40000",
    // 16 sets
    "1024, 4096, 8192, 256, 40000",
    "1024, 4096, 8192, 1, 40000",
    // 128 sets, as LineCacheWritePagesTest
    "4096, 16384, 65536, 256, 60000",
    "4096, 16384, 65536, 2, 60000",
    // 2048 sets; the LLC holds several of the shortest extents
    "32768, 262144, 1048576, 256, 60000",
    "32768, 262144, 1048576, 2, 60000",
    // a profile's caches: dozens of extents pending at once, or a full ring of live ones
    "32768, 1048576, 16777216, 256, 30000",
    "32768, 1048576, 16777216, 4, 30000",
    "32768, 1048576, 16777216, 1, 30000"
  })
  void sameLevelsAsWritingEveryChunkAtOnce(
      long l1, long l2, long llc, int extents, int operations) {
    for (long seed = 1; seed <= 2; seed++) {
      drive(l1, l2, llc, extents, operations, seed);
    }
  }

  @Test
  void anExtentThatAgedOutOfTheCacheIsDroppedUnapplied() {
    // 128 sets; the LLC is 16 chunks, so an extent of 64 ages out of it after exactly 64 KiB of
    // traffic
    long llc = 64 * K;
    LineCache cache = new LineCache(4 * K, 16 * K, llc);
    ReferenceLineCache ref = new ReferenceLineCache(4 * K, 16 * K, llc);
    // sets 0..63 hold chunks the extent will overwrite and chunks it will compete with
    for (long c = 0; c < 64; c += 3) {
      assertEquals(ref.writePage(c), cache.writePage(c));
      assertEquals(ref.access(c + 128, 5), cache.access(c + 128, 5));
    }
    cache.writePages(0, 64);
    ref.writePages(0, 64);
    assertEquals(1, cache.pendingExtents());
    traffic(cache, ref, llc);
    assertEquals(1, cache.pendingExtents(), "no probe of the extent's sets yet");
    assertEquals(ref.access(7, 0), cache.access(7, 0));
    assertEquals(0, cache.pendingExtents(), "dropped by the first probe that looked");
    for (long c = 0; c < 64 + 3 * 128; c++) {
      assertEquals(ref.access(c, (int) c & 63), cache.access(c, (int) c & 63), "chunk " + c);
    }
  }

  @Test
  void anExtentOneLineShortOfAgingOutIsStillReplayed() {
    long llc = 64 * K;
    LineCache cache = new LineCache(4 * K, 16 * K, llc);
    ReferenceLineCache ref = new ReferenceLineCache(4 * K, 16 * K, llc);
    cache.writePages(0, 64);
    ref.writePages(0, 64);
    traffic(cache, ref, llc - 64);
    assertEquals(LineCache.LLC, ref.access(63, 0), "the newest chunk is still in the LLC");
    assertEquals(LineCache.LLC, cache.access(63, 0));
    assertEquals(1, cache.pendingExtents());
  }

  @Test
  void anExtentThatAgedOutBeforeTheNextOneIsDroppedForIt() {
    long llc = 64 * K;
    LineCache cache = new LineCache(4 * K, 16 * K, llc);
    ReferenceLineCache ref = new ReferenceLineCache(4 * K, 16 * K, llc);
    for (long c = 0; c < 128; c += 2) {
      assertEquals(ref.access(c, 1), cache.access(c, 1));
    }
    cache.writePages(0, 64);
    ref.writePages(0, 64);
    traffic(cache, ref, llc);
    // other chunks in sets 32..95, half of them the dropped extent's: only this one is replayed
    cache.writePages(5 * 128 + 32, 64);
    ref.writePages(5 * 128 + 32, 64);
    assertEquals(1, cache.pendingExtents());
    for (long c = 0; c < 6 * 128; c++) {
      assertEquals(ref.writePage(c), cache.writePage(c), "chunk " + c);
    }
  }

  /** {@code bytes} of line accesses, all in sets 64..127. */
  private static void traffic(LineCache cache, ReferenceLineCache ref, long bytes) {
    for (long n = 0; n < bytes / 64; n++) {
      long c = 64 + (n % 64) + 128 * (n % 5);
      int line = (int) (n / 64) & 63;
      assertEquals(ref.access(c, line), cache.access(c, line), "traffic " + n);
    }
  }

  private static void drive(long l1, long l2, long llc, int extents, int operations, long seed) {
    LineCache cache = new LineCache(l1, l2, llc, extents);
    ReferenceLineCache ref = new ReferenceLineCache(l1, l2, llc);
    SplittableRandom rnd = new SplittableRandom(seed);
    int sets = (int) Math.max(1, llc / 512);
    long span = Math.max(4096, 4L * sets);
    long longest = 3L * sets + 2000;
    // the last few ranges written, so that accesses land on chunks still pending
    long[] recentFirst = new long[8];
    long[] recentCount = new long[8];
    String where = llc + " B LLC, " + extents + " extents, seed " + seed + ", operation ";
    for (int op = 0; op < operations; op++) {
      int what = rnd.nextInt(20);
      long chunk = REGIONS[rnd.nextInt(REGIONS.length)] + rnd.nextLong(span);
      if (what < 10) {
        if (rnd.nextBoolean()) {
          int r = rnd.nextInt(recentFirst.length);
          chunk = recentFirst[r] + rnd.nextLong(Math.max(1, recentCount[r]));
        }
        int line = rnd.nextInt(64);
        assertEquals(ref.access(chunk, line), cache.access(chunk, line), where + op);
      } else if (what < 12) {
        assertEquals(ref.writePage(chunk), cache.writePage(chunk), where + op);
      } else {
        int kind = rnd.nextInt(100);
        long count =
            kind < 25
                ? rnd.nextInt(1, LineCache.EXTENT_CHUNKS)
                : kind < 99 ? rnd.nextInt(1, 2001) : rnd.nextLong(sets, longest);
        ref.writePages(chunk, count);
        cache.writePages(chunk, count);
        int r = op & (recentFirst.length - 1);
        recentFirst[r] = chunk;
        recentCount[r] = count;
      }
    }
    for (long region : REGIONS) {
      for (long c = region; c < region + span + longest; c++) {
        int line = rnd.nextInt(64);
        assertEquals(ref.access(c, line), cache.access(c, line), where + "sweep of " + c);
      }
    }
  }
}
