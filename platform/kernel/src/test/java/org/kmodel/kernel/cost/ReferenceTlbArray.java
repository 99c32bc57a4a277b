package org.kmodel.kernel.cost;

import java.util.Arrays;

/**
 * The oracle for {@link TlbArray}: the straightforward form the cost model used before its arrays
 * were hashed and kept in recency order. Every way of the key's set is scanned; each entry carries
 * the tick of its last use, and a fill takes the first empty way, else the way with the oldest
 * tick.
 */
final class ReferenceTlbArray {
  private static final long EMPTY = -1;

  private final int sets;
  private final int setMask;
  private final int ways;
  private final long[] keys;
  private final long[] stamps;
  private long clock;

  ReferenceTlbArray(int entries, int ways) {
    this.ways = ways;
    this.sets = entries / ways;
    this.setMask = Integer.bitCount(sets) == 1 ? sets - 1 : -1;
    this.keys = new long[entries];
    this.stamps = new long[entries];
    Arrays.fill(keys, EMPTY);
  }

  private int base(long key) {
    long vpn = key & TlbArray.VPN_MASK;
    return (int) (setMask >= 0 ? vpn & setMask : vpn % sets) * ways;
  }

  boolean lookup(long key) {
    int b = base(key);
    for (int i = b; i < b + ways; i++) {
      if (keys[i] == key) {
        stamps[i] = ++clock;
        return true;
      }
    }
    return false;
  }

  /** Fills the key and returns the key it evicted, or -1 when it took an empty way. */
  long insert(long key) {
    int b = base(key);
    int victim = b;
    for (int i = b; i < b + ways; i++) {
      if (keys[i] == key || keys[i] == EMPTY) {
        victim = i;
        break;
      }
      if (stamps[i] < stamps[victim]) {
        victim = i;
      }
    }
    long evicted = keys[victim];
    keys[victim] = key;
    stamps[victim] = ++clock;
    return evicted;
  }

  void invalidate(long key) {
    int b = base(key);
    for (int i = b; i < b + ways; i++) {
      if (keys[i] == key) {
        keys[i] = EMPTY;
      }
    }
  }

  /** Whether a key of page order {@code order} is held. */
  boolean holdsOrder(int order) {
    for (long k : keys) {
      if (k != EMPTY && ((k >>> TlbArray.VPN_BITS) & 31) == order) {
        return true;
      }
    }
    return false;
  }
}
