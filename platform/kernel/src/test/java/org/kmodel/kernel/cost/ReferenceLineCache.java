package org.kmodel.kernel.cost;

/**
 * The oracle for {@link LineCache}: the line cache as it was before long writes became pending
 * extents, every write applied to the table at once, chunk by chunk. Levels and constants are
 * {@link LineCache}'s.
 */
final class ReferenceLineCache {
  private static final int L1 = LineCache.L1;
  private static final int L2 = LineCache.L2;
  private static final int LLC = LineCache.LLC;
  private static final int MEMORY = LineCache.MEMORY;
  private static final int CHUNK_BYTES = LineCache.CHUNK_BYTES;

  private static final int WAYS = 8;

  private final long l1Bytes;
  private final long l2Bytes;
  private final long llcBytes;
  private final int setMask;

  /**
   * Per set, 8 keys (page + 1; 0 is empty), then 8 recency stamps, then 8 line masks: one set is
   * three host cache lines, and neighbouring pages fall in neighbouring sets.
   */
  private long[] table;

  private long total;

  ReferenceLineCache(long l1Bytes, long l2Bytes, long llcBytes) {
    this.l1Bytes = l1Bytes;
    this.l2Bytes = l2Bytes;
    this.llcBytes = llcBytes;
    long entries = Math.max(WAYS, llcBytes / 64);
    int sets = Integer.highestOneBit((int) Math.min(1 << 24, entries / WAYS));
    this.setMask = sets - 1;
  }

  /** The slot of {@code key}'s way (its key), or the slot to replace, negated minus one. */
  private int find(long key) {
    if (table == null) {
      table = new long[(setMask + 1) * WAYS * 3];
    }
    int b = (int) ((key ^ (key >>> 40)) & setMask) * WAYS * 3;
    long stored = key + 1;
    int victim = b;
    long oldest = Long.MAX_VALUE;
    for (int i = b; i < b + WAYS; i++) {
      long k = table[i];
      if (k == stored) {
        return i;
      }
      long seq = k == 0 ? Long.MIN_VALUE : table[i + WAYS];
      if (seq < oldest) {
        oldest = seq;
        victim = i;
      }
    }
    return -1 - victim;
  }

  private int levelAt(long distance) {
    return distance < l1Bytes ? L1 : distance < l2Bytes ? L2 : distance < llcBytes ? LLC : MEMORY;
  }

  /**
   * One line access: the level that served it ({@link #L2} for a prefetched line), after which the
   * line is most recently used.
   */
  int access(long page, int line) {
    int w = find(page);
    long bit = 1L << line;
    int level;
    if (w >= 0) {
      long distance = total - table[w + WAYS];
      if (distance >= llcBytes) {
        table[w + 2 * WAYS] = 0;
      }
      long mask = table[w + 2 * WAYS];
      if ((mask & bit) != 0) {
        level = levelAt(distance);
      } else if (line > 0 && (mask & (bit >>> 1)) != 0) {
        level = L2;
      } else {
        level = MEMORY;
      }
    } else {
      w = -1 - w;
      table[w] = page + 1;
      table[w + 2 * WAYS] = 0;
      level = MEMORY;
    }
    total += 64;
    table[w + 2 * WAYS] |= bit;
    table[w + WAYS] = total;
    return level;
  }

  /**
   * The whole page written (cleared, copied into, memset): where it was before, now most recent.
   */
  int writePage(long page) {
    int w = find(page);
    int level;
    if (w >= 0 && table[w + 2 * WAYS] == -1L) {
      level = levelAt(total - table[w + WAYS]);
    } else {
      w = w >= 0 ? w : -1 - w;
      table[w] = page + 1;
      level = MEMORY;
    }
    total += CHUNK_BYTES;
    table[w + 2 * WAYS] = -1L;
    table[w + WAYS] = total;
    return level;
  }

  /**
   * {@code count} chunks from {@code first} written whole, in order: the same as {@link #writePage}
   * on each, without working out where each was (a clear or copy is charged by size), and with one
   * probe loop per chunk that looks for the key and the victim together.
   */
  void writePages(long first, long count) {
    if (table == null) {
      table = new long[(setMask + 1) * WAYS * 3];
    }
    long[] t = table;
    for (long page = first, end = first + count; page < end; page++) {
      int b = (int) ((page ^ (page >>> 40)) & setMask) * WAYS * 3;
      long stored = page + 1;
      int w = b;
      long oldest = Long.MAX_VALUE;
      for (int i = b; i < b + WAYS; i++) {
        long k = t[i];
        if (k == stored) {
          w = i;
          break;
        }
        long seq = k == 0 ? Long.MIN_VALUE : t[i + WAYS];
        if (seq < oldest) {
          oldest = seq;
          w = i;
        }
      }
      total += CHUNK_BYTES;
      t[w] = stored;
      t[w + WAYS] = total;
      t[w + 2 * WAYS] = -1L;
    }
  }
}
