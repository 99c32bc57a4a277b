package org.kmodel.allocator.buddy;

/**
 * The free blocks of one order, Linux's {@code struct free_area}: bit {@code i} is set when the
 * block of {@code 1 << order} frames starting at pfn {@code i << order} is free as a whole at this
 * order.
 *
 * <p>Linux threads free pages on linked lists through {@code struct page}. A bitmap costs one bit
 * per block instead of two pointers per page, needs no per-frame object, and gives constant-time
 * "is my buddy free at this order?" without a separate {@code PageBuddy} flag. What a list has and
 * a bitmap lacks is an O(1) "any free block": that comes from a summary word per 64 bitmap words
 * (bit set when the word is non-zero) and a hint at the lowest summary word that may be non-zero,
 * which only moves down when a block is freed below it. Blocks therefore come out lowest address
 * first, where Linux's lists are LIFO.
 */
final class FreeArea {
  private final long[] bits;
  private final long[] summary;
  private int hint;
  private long nrFree;

  /** An empty area able to hold {@code blocks} blocks. */
  FreeArea(long blocks) {
    int words = (int) Math.max(1, (blocks + 63) >>> 6);
    bits = new long[words];
    summary = new long[(words + 63) >>> 6];
  }

  /** Free blocks of this order ({@code nr_free}). */
  long nrFree() {
    return nrFree;
  }

  boolean isFree(long block) {
    return (bits[(int) (block >>> 6)] & (1L << block)) != 0;
  }

  /** Adds a block; it must not be free already. */
  void add(long block) {
    int word = (int) (block >>> 6);
    bits[word] |= 1L << block;
    int sword = word >>> 6;
    summary[sword] |= 1L << word;
    if (sword < hint) {
      hint = sword;
    }
    nrFree++;
  }

  /** Removes a free block. */
  void remove(long block) {
    int word = (int) (block >>> 6);
    long left = bits[word] & ~(1L << block);
    bits[word] = left;
    if (left == 0) {
      summary[word >>> 6] &= ~(1L << word);
    }
    nrFree--;
  }

  /** Removes and returns the lowest free block; there must be one ({@code nrFree() > 0}). */
  long removeFirst() {
    int sword = hint;
    while (summary[sword] == 0) {
      sword++;
    }
    hint = sword;
    int word = (sword << 6) + Long.numberOfTrailingZeros(summary[sword]);
    long block = ((long) word << 6) + Long.numberOfTrailingZeros(bits[word]);
    remove(block);
    return block;
  }

  /** The highest free block below {@code limit}, or -1: where the free scanner looks first. */
  long highestBelow(long limit) {
    if (limit <= 0) {
      return -1;
    }
    long last = limit - 1;
    int word = (int) (last >>> 6);
    long here = bits[word] & (-1L >>> (63 - (last & 63)));
    if (here != 0) {
      return highestIn(word, here);
    }
    int sword = word >>> 6;
    long below = summary[sword] & ((1L << word) - 1);
    while (below == 0) {
      if (--sword < 0) {
        return -1;
      }
      below = summary[sword];
    }
    int found = (sword << 6) + 63 - Long.numberOfLeadingZeros(below);
    return highestIn(found, bits[found]);
  }

  /** Free blocks among {@code [from, to)}. */
  long countFree(long from, long to) {
    if (from >= to) {
      return 0;
    }
    int first = (int) (from >>> 6);
    int last = (int) ((to - 1) >>> 6);
    long headMask = -1L << from;
    long tailMask = -1L >>> (63 - ((to - 1) & 63));
    if (first == last) {
      return Long.bitCount(bits[first] & headMask & tailMask);
    }
    long n = Long.bitCount(bits[first] & headMask);
    for (int w = first + 1; w < last; w++) {
      n += Long.bitCount(bits[w]);
    }
    return n + Long.bitCount(bits[last] & tailMask);
  }

  private static long highestIn(int word, long set) {
    return ((long) word << 6) + 63 - Long.numberOfLeadingZeros(set);
  }
}
