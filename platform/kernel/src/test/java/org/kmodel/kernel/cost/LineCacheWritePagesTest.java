package org.kmodel.kernel.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link LineCache#writePages} against {@link LineCache#writePage} once per chunk, the oracle: two
 * caches take the same random line accesses, single-chunk writes and range writes (the one as a
 * range, the other chunk by chunk), and must answer every access, and a final sweep over every
 * line, from the same level.
 */
class LineCacheWritePagesTest {
  private static final long K = 1024;

  @Test
  void rangeWritesLeaveTheSameCacheAsChunkByChunkWrites() {
    // small caches (LLC 64 KiB: 128 sets of 8) so that ranges evict and wrap around the sets
    drive(4 * K, 16 * K, 64 * K, 1);
    drive(32 * K, 1024 * K, 8192 * K, 2);
  }

  private static void drive(long l1, long l2, long llc, long seed) {
    LineCache fast = new LineCache(l1, l2, llc);
    LineCache ref = new LineCache(l1, l2, llc);
    SplittableRandom rnd = new SplittableRandom(seed);
    int chunks = (int) (4 * llc / LineCache.CHUNK_BYTES);
    for (int op = 0; op < 100_000; op++) {
      int what = rnd.nextInt(10);
      long chunk = rnd.nextInt(chunks);
      if (what < 6) {
        int line = rnd.nextInt(64);
        assertEquals(ref.access(chunk, line), fast.access(chunk, line), "access " + op);
      } else if (what < 7) {
        assertEquals(ref.writePage(chunk), fast.writePage(chunk), "write " + op);
      } else {
        long count = rnd.nextInt(9) == 0 ? rnd.nextInt(2 * chunks) : rnd.nextInt(1, 1025);
        for (long c = chunk; c < chunk + count; c++) {
          ref.writePage(c);
        }
        fast.writePages(chunk, count);
      }
    }
    for (long c = 0; c < chunks; c++) {
      for (int line = 0; line < 64; line += 7) {
        assertEquals(ref.access(c, line), fast.access(c, line), "sweep " + c + ":" + line);
      }
    }
  }
}
