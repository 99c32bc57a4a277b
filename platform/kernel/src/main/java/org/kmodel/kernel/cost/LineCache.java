package org.kmodel.kernel.cost;

/**
 * The data caches as one recency model over physical chunks of {@link #CHUNK_BYTES} (64 lines of 64
 * bytes, one bit each in a {@code long}) — the cache model's own granule, whatever page size the
 * MMU uses. Every access advances a byte counter (64 per line access, a chunk's bytes per chunk
 * written whole); a chunk remembers the counter at its last use and which of its lines it holds. A
 * line used {@code d} bytes ago is found in the smallest level whose capacity exceeds {@code d} —
 * the stack-distance view of an LRU hierarchy, kept per chunk so that clearing or copying a 2 MiB
 * page costs 512 updates, not 32768.
 *
 * <p>A line missing from a chunk whose previous line is held counts as prefetched (the L2 streamer
 * follows ascending lines within a 4 KiB region): it costs an L2 hit. Chunks live in a
 * set-associative table of {@code capacity / 64} entries, so a sparse pattern (one line per chunk)
 * can fill the last-level cache.
 */
final class LineCache {
  static final int L1 = 0;
  static final int L2 = 1;
  static final int LLC = 2;
  static final int MEMORY = 3;

  /** log2 of the chunk size: a chunk is 64 lines, one bit each of a {@code long} mask. */
  static final int CHUNK_SHIFT = 6 + 6;

  /** Bytes per chunk. */
  static final int CHUNK_BYTES = 1 << CHUNK_SHIFT;

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

  LineCache(long l1Bytes, long l2Bytes, long llcBytes) {
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

  /** The line of its chunk that the physical address {@code pa} falls in. */
  static int line(long pa) {
    return (int) (pa >>> 6) & 63;
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
    if (w >= 0) {
      return accessSlot(w, line);
    }
    w = -1 - w;
    table[w] = page + 1;
    total += 64;
    table[w + 2 * WAYS] = 1L << line;
    table[w + WAYS] = total;
    return MEMORY;
  }

  /**
   * {@link #access} of a line of the chunk held in slot {@code w}: a caller that knows nothing has
   * touched the chunk's set since it found the slot ({@link #slotOf}) skips the probe.
   */
  int accessSlot(int w, int line) {
    long bit = 1L << line;
    long distance = total - table[w + WAYS];
    if (distance >= llcBytes) {
      table[w + 2 * WAYS] = 0;
    }
    long mask = table[w + 2 * WAYS];
    int level;
    if ((mask & bit) != 0) {
      level = levelAt(distance);
    } else if (line > 0 && (mask & (bit >>> 1)) != 0) {
      level = L2;
    } else {
      level = MEMORY;
    }
    total += 64;
    table[w + 2 * WAYS] = mask | bit;
    table[w + WAYS] = total;
    return level;
  }

  /** The slot holding {@code chunk}, or -1. */
  int slotOf(long chunk) {
    int w = find(chunk);
    return w >= 0 ? w : -1;
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

  /** The byte counter: every use so far, in bytes. */
  long now() {
    return total;
  }

  /**
   * Moves the byte counter to {@code bytes}. A closed-form run charges operations on different sets
   * out of order, each at the count it would have had; the sets never see the difference.
   */
  void at(long bytes) {
    total = bytes;
  }

  /** The set {@code chunk} lives in. */
  int setOf(long chunk) {
    return (int) ((chunk ^ (chunk >>> 40)) & setMask);
  }

  /**
   * {@link #writePages writePages(chunk, 1)}, then after {@code gap} bytes of traffic to other sets
   * an {@link #access} to {@code line} of the chunk, in one probe: nothing touched the chunk's set
   * in between, so the write's slot is still the chunk's. Returns the access's level; the counter
   * ends after the access.
   */
  int writeThenAccess(long chunk, int line, long gap) {
    int w = find(chunk);
    w = w >= 0 ? w : -1 - w;
    table[w] = chunk + 1;
    table[w + 2 * WAYS] = -1L;
    long written = total + CHUNK_BYTES;
    long distance = gap;
    int level = distance >= llcBytes ? MEMORY : levelAt(distance);
    total = written + gap + 64;
    table[w + WAYS] = total;
    return level;
  }

  /** A hash of every chunk held, its recency and lines, and the byte counter, for tests. */
  long digest() {
    return table == null ? total : java.util.Arrays.hashCode(table) * 31L + total;
  }
}
