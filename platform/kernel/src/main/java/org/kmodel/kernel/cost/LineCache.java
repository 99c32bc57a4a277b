package org.kmodel.kernel.cost;

/**
 * The data caches as one recency model over physical chunks of {@link #CHUNK_BYTES} (64 lines of 64
 * bytes, one bit each in a {@code long}) — the cache model's own granule, whatever page size the
 * MMU uses. Every access advances a byte counter (64 per line access, a chunk's bytes per chunk
 * written whole); a chunk remembers the counter at its last use and which of its lines it holds. A
 * line used {@code d} bytes ago is found in the smallest level whose capacity exceeds {@code d} —
 * the stack-distance view of an LRU hierarchy, kept per chunk so that a write of a whole page is
 * one update per chunk, not one per line.
 *
 * <p>A line missing from a chunk whose previous line is held counts as prefetched (the L2 streamer
 * follows ascending lines within a 4 KiB region): it costs an L2 hit. Chunks live in a
 * set-associative table of {@code capacity / 64} entries, so a sparse pattern (one line per chunk)
 * can fill the last-level cache.
 *
 * <p>A write of at least {@link #EXTENT_CHUNKS} contiguous chunks (clearing or copying a 2 MiB page
 * is 512) is not spread over the table at once: it is recorded as one pending extent, and the
 * chunks of it that fall in a set enter that set, with the counter each would have had, when
 * something next probes the set — or never, once the whole extent has aged out of the last-level
 * cache. Every answer is the same as writing each chunk at once; a huge-page fault then costs a few
 * probes instead of 512.
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

  /** The shortest write kept as a pending extent; shorter ones are applied chunk by chunk. */
  static final int EXTENT_CHUNKS = 64;

  /**
   * Pending extents held at most: 64 MiB of the shortest extents, more than any shipped profile's
   * last-level cache (38.5 MiB at most), so that the eager fallback for a full ring is rare.
   */
  static final int EXTENTS = 256;

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

  /**
   * Per set, a sequence number up to which the set has taken its chunks of every extent (or been
   * let off them): it still owes the extents numbered above this, from {@link #oldest} on.
   */
  private long[] applied;

  /** The pending extents, a ring indexed by sequence number modulo its length. */
  private final long[] extentFirst;

  private final long[] extentCount;

  /** The counter before each extent; its chunk {@code i} is stamped {@code (i + 1)} chunks on. */
  private final long[] extentBase;

  /** The sequence number of the oldest pending extent; {@link #next} when there is none. */
  private long oldest = 1;

  /** The sequence number the next extent gets. */
  private long next = 1;

  private long total;

  LineCache(long l1Bytes, long l2Bytes, long llcBytes) {
    this(l1Bytes, l2Bytes, llcBytes, EXTENTS);
  }

  /** With room for {@code extents} pending extents (a power of two). */
  LineCache(long l1Bytes, long l2Bytes, long llcBytes, int extents) {
    this.l1Bytes = l1Bytes;
    this.l2Bytes = l2Bytes;
    this.llcBytes = llcBytes;
    long entries = Math.max(WAYS, llcBytes / 64);
    int sets = Integer.highestOneBit((int) Math.min(1 << 24, entries / WAYS));
    this.setMask = sets - 1;
    this.extentFirst = new long[extents];
    this.extentCount = new long[extents];
    this.extentBase = new long[extents];
  }

  private static int set(long key, int setMask) {
    return (int) ((key ^ (key >>> 40)) & setMask);
  }

  /**
   * The slot of {@code key}'s way (its key), or the slot to replace, negated minus one, after the
   * set has taken the pending extents' chunks that fall in it.
   */
  private int find(long key) {
    if (table == null) {
      allocate();
    }
    int set = set(key, setMask);
    if (oldest < next && applied[set] < next - 1) {
      catchUp(set);
    }
    return probe(set * WAYS * 3, key + 1);
  }

  private void allocate() {
    table = new long[(setMask + 1) * WAYS * 3];
    applied = new long[setMask + 1];
  }

  /** In the set at {@code b}: the way holding {@code stored}, else the victim negated minus one. */
  private int probe(int b, long stored) {
    long[] t = table;
    int victim = b;
    long least = Long.MAX_VALUE;
    for (int i = b; i < b + WAYS; i++) {
      long k = t[i];
      if (k == stored) {
        return i;
      }
      long seq = k == 0 ? Long.MIN_VALUE : t[i + WAYS];
      if (seq < least) {
        least = seq;
        victim = i;
      }
    }
    return -1 - victim;
  }

  /**
   * The set takes, in the order they were written, the chunks of every pending extent it has not
   * taken yet. Each chunk goes in as the write would have put it then: nothing has probed this set
   * since that extent was recorded (that probe would have caught up first), so the set holds the
   * same entries it held at the time, all older than the extent's chunks, and the victim of each is
   * the one the eager write would have chosen.
   */
  private void catchUp(int set) {
    expire();
    for (long seq = Math.max(applied[set] + 1, oldest); seq < next; seq++) {
      replay(seq, set);
    }
    applied[set] = next - 1;
  }

  /**
   * Drops the extents whose newest chunk is {@link #llcBytes} or more behind the counter, without
   * applying them anywhere. The counter only grows, so such a chunk stays that old: found by a
   * later access or write it is charged as memory and its lines are forgotten, just as if it were
   * absent. All it could still do is hold a way; but a set always holds its most recently used keys
   * (every use restamps, the victim is the least recent), so entries that old decide only which of
   * the other entries that old survive, never whether a newer one does — and a later extent
   * replayed into the set writes a full mask and its own stamp whatever it finds. So a set with
   * those chunks and one without answer every later probe alike.
   */
  private void expire() {
    int ring = extentBase.length - 1;
    while (oldest < next) {
      int e = (int) oldest & ring;
      if (total - (extentBase[e] + extentCount[e] * CHUNK_BYTES) < llcBytes) {
        return;
      }
      oldest++;
    }
  }

  /** Extent {@code seq}'s chunks that fall in {@code set}, written in order. */
  private void replay(long seq, int set) {
    int e = (int) seq & (extentBase.length - 1);
    long first = extentFirst[e];
    long count = extentCount[e];
    long base = extentBase[e];
    // the extent lies within one 2^40-chunk block, so its set index is the chunk's low bits
    // permuted by one xor, and its chunks in this set are one arithmetic progression
    long offset = ((set ^ (first >>> 40)) - first) & setMask;
    int b = set * WAYS * 3;
    long[] t = table;
    for (long i = offset; i < count; i += setMask + 1L) {
      long stored = first + i + 1;
      int w = probe(b, stored);
      w = w >= 0 ? w : -1 - w;
      t[w] = stored;
      t[w + WAYS] = base + (i + 1) * CHUNK_BYTES;
      t[w + 2 * WAYS] = -1L;
    }
  }

  /**
   * Makes room in a full ring: the oldest extent is applied to every set that has not taken it, so
   * that the later ones keep their order. No set needs to remember it: {@link #catchUp} starts past
   * {@link #oldest}.
   */
  private void applyOldest() {
    if (table == null) {
      allocate();
    }
    long seq = oldest;
    int e = (int) seq & (extentBase.length - 1);
    long first = extentFirst[e];
    long sets = Math.min(extentCount[e], setMask + 1L);
    for (long i = 0; i < sets; i++) {
      int set = set(first + i, setMask);
      if (applied[set] < seq) {
        replay(seq, set);
      }
    }
    oldest++;
  }

  /** Extents in the ring: recorded, and not yet dropped or applied to every set. */
  int pendingExtents() {
    return (int) (next - oldest);
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
   * on each, without working out where each was (a clear or copy is charged by size). A long run
   * within one 2^40-chunk block becomes a pending extent.
   */
  void writePages(long first, long count) {
    long end = first + count;
    if (count < EXTENT_CHUNKS || (first >>> 40) != ((end - 1) >>> 40)) {
      for (long page = first; page < end; page++) {
        int w = find(page);
        w = w >= 0 ? w : -1 - w;
        total += CHUNK_BYTES;
        table[w] = page + 1;
        table[w + WAYS] = total;
        table[w + 2 * WAYS] = -1L;
      }
      return;
    }
    expire();
    if (next - oldest == extentBase.length) {
      applyOldest();
    }
    int e = (int) next & (extentBase.length - 1);
    extentFirst[e] = first;
    extentCount[e] = count;
    extentBase[e] = total;
    next++;
    total += count * CHUNK_BYTES;
  }

  /**
   * {@link #writePages writePages(chunk, 1)}, then after {@code gap} bytes of traffic to other sets
   * a {@link #writePage} of the chunk, in one probe, as {@link #writeThenAccess} does for a line.
   * Returns the second write's level; the counter ends after it.
   */
  int writeThenWrite(long chunk, long gap) {
    int w = find(chunk);
    w = w >= 0 ? w : -1 - w;
    table[w] = chunk + 1;
    table[w + 2 * WAYS] = -1L;
    long written = total + CHUNK_BYTES;
    int level = gap >= llcBytes ? MEMORY : levelAt(gap);
    total = written + gap + CHUNK_BYTES;
    table[w + WAYS] = total;
    return level;
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

  /**
   * A hash of every chunk held, its recency and lines, and the byte counter, for tests. Pending
   * extents are applied first (which changes no answer), so two caches that answer alike hash alike
   * however far each has caught up.
   */
  long digest() {
    expire();
    while (oldest < next) {
      applyOldest();
    }
    return table == null ? total : java.util.Arrays.hashCode(table) * 31L + total;
  }
}
