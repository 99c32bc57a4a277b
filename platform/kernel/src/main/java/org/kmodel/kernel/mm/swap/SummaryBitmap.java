package org.kmodel.kernel.mm.swap;

/**
 * A bitmap with a second level that records which of its words have any bit set, so finding the
 * next set bit skips 64 × 64 clear bits per word read. The swap device keeps its cluster lists in
 * these instead of linked lists, which keeps the search deterministic and allocation-free.
 */
final class SummaryBitmap {
  private final int size;
  private final long[] bits;
  private final long[] summary;

  SummaryBitmap(int size) {
    this.size = size;
    this.bits = new long[(size + 63) >>> 6];
    this.summary = new long[(bits.length + 63) >>> 6];
  }

  boolean get(int i) {
    return (bits[i >>> 6] & (1L << i)) != 0;
  }

  void set(int i) {
    int w = i >>> 6;
    bits[w] |= 1L << i;
    summary[w >>> 6] |= 1L << w;
  }

  void clear(int i) {
    int w = i >>> 6;
    long word = bits[w] & ~(1L << i);
    bits[w] = word;
    if (word == 0) {
      summary[w >>> 6] &= ~(1L << w);
    }
  }

  /** The first set bit at or after {@code from}, or -1. */
  int nextSet(int from) {
    if (from >= size) {
      return -1;
    }
    int w = from >>> 6;
    long word = bits[w] & (-1L << from);
    if (word != 0) {
      return (w << 6) + Long.numberOfTrailingZeros(word);
    }
    int next = w + 1;
    if (next >= bits.length) {
      return -1;
    }
    int s = next >>> 6;
    long sword = summary[s] & (-1L << next);
    while (sword == 0) {
      if (++s >= summary.length) {
        return -1;
      }
      sword = summary[s];
    }
    int lw = (s << 6) + Long.numberOfTrailingZeros(sword);
    return (lw << 6) + Long.numberOfTrailingZeros(bits[lw]);
  }

  /**
   * The first set bit at or after {@code from}, wrapping to the start once; -1 when none is set.
   */
  int nextSetWrapping(int from) {
    int i = nextSet(from);
    return i >= 0 || from == 0 ? i : nextSet(0);
  }
}
