package org.kmodel.kernel.cost;

/**
 * A fully associative TLB array in constant time per operation: entries sit in slots linked in
 * recency order (most recent at the head, the LRU victim at the tail) through {@code prev}/{@code
 * next} slot numbers, and an open-addressing table over at least four times as many cells maps a
 * key to its slot. Linear probing with backward-shift deletion keeps the table free of tombstones,
 * so probes stay short however many invalidations a workload does. Nothing allocates after
 * construction.
 */
final class FullyAssociativeTlb extends TlbArray {
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;
  private static final int NONE = -1;

  private final long[] keys;
  private final int[] prev;
  private final int[] next;
  private int head = NONE;
  private int tail = NONE;

  /** Slots not holding a key, as a stack; all of them at first. */
  private final int[] free;

  private int freeCount;

  /**
   * Per cell, the slot holding a key that hashes here or probed on from here, plus one; 0: none.
   */
  private final int[] index;

  private final int indexMask;
  private final int hashShift;

  FullyAssociativeTlb(int entries) {
    keys = new long[entries];
    prev = new int[entries];
    next = new int[entries];
    free = new int[entries];
    for (int i = 0; i < entries; i++) {
      free[i] = entries - 1 - i;
    }
    freeCount = entries;
    int cells = Integer.highestOneBit(entries) << 2;
    index = new int[cells];
    indexMask = cells - 1;
    hashShift = 64 - Integer.numberOfTrailingZeros(cells);
  }

  private int home(long key) {
    return (int) ((key * GOLDEN) >>> hashShift);
  }

  /** The cell whose slot holds {@code key}, or -1. */
  private int cellOf(long key) {
    for (int c = home(key); ; c = (c + 1) & indexMask) {
      int e = index[c];
      if (e == 0) {
        return -1;
      }
      if (keys[e - 1] == key) {
        return c;
      }
    }
  }

  @Override
  int entries() {
    return keys.length;
  }

  @Override
  boolean lookup(long key) {
    int c = cellOf(key);
    if (c < 0) {
      return false;
    }
    int slot = index[c] - 1;
    if (slot != head) {
      unlink(slot);
      linkFirst(slot);
    }
    return true;
  }

  @Override
  void insert(long key) {
    assert cellOf(key) < 0 : "filling a held key";
    int slot;
    if (freeCount > 0) {
      slot = free[--freeCount];
    } else {
      slot = tail;
      counted(keys[slot], -1);
      unindex(cellOf(keys[slot]));
      unlink(slot);
    }
    counted(key, 1);
    keys[slot] = key;
    int c = home(key);
    while (index[c] != 0) {
      c = (c + 1) & indexMask;
    }
    index[c] = slot + 1;
    linkFirst(slot);
  }

  @Override
  void invalidate(long key) {
    int c = cellOf(key);
    if (c < 0) {
      return;
    }
    int slot = index[c] - 1;
    counted(key, -1);
    unindex(c);
    unlink(slot);
    free[freeCount++] = slot;
  }

  /**
   * Empties cell {@code c}, moving back each later entry of the probe run that could no longer be
   * reached past the hole (its home is not cyclically within the hole's side of it).
   */
  private void unindex(int c) {
    int hole = c;
    for (int j = (c + 1) & indexMask; index[j] != 0; j = (j + 1) & indexMask) {
      int h = home(keys[index[j] - 1]);
      boolean reachable = hole <= j ? hole < h && h <= j : hole < h || h <= j;
      if (!reachable) {
        index[hole] = index[j];
        hole = j;
      }
    }
    index[hole] = 0;
  }

  private void unlink(int slot) {
    int p = prev[slot];
    int n = next[slot];
    if (p == NONE) {
      head = n;
    } else {
      next[p] = n;
    }
    if (n == NONE) {
      tail = p;
    } else {
      prev[n] = p;
    }
  }

  private void linkFirst(int slot) {
    prev[slot] = NONE;
    next[slot] = head;
    if (head == NONE) {
      tail = slot;
    } else {
      prev[head] = slot;
    }
    head = slot;
  }

  @Override
  boolean holds(long key) {
    return cellOf(key) >= 0;
  }

  @Override
  long digest() {
    long h = 1;
    for (int slot = head; slot != NONE; slot = next[slot]) {
      h = h * 31 + keys[slot];
    }
    return h;
  }
}
