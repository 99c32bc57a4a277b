package org.kmodel.kernel.cost;

import java.util.Arrays;

/**
 * One set-associative TLB array with LRU replacement; with one set ({@code ways == entries}) it is
 * fully associative, which also serves as a paging-structure cache of one page-table level. A key
 * packs the address space, the page order and the virtual page number; the set is the page number
 * modulo the number of sets, as hardware indexes with the low bits of the page number.
 */
final class TlbArray {
  static final int VPN_BITS = 37;
  private static final long VPN_MASK = (1L << VPN_BITS) - 1;
  private static final long EMPTY = -1;

  private final int sets;
  private final int setMask;
  private final int ways;
  private final long[] keys;
  private final long[] stamps;
  private long clock;

  TlbArray(int entries, int ways) {
    this.ways = ways;
    this.sets = entries / ways;
    this.setMask = Integer.bitCount(sets) == 1 ? sets - 1 : -1;
    this.keys = new long[entries];
    this.stamps = new long[entries];
    Arrays.fill(keys, EMPTY);
  }

  static long key(int asid, int order, long vpn) {
    return ((long) asid << (VPN_BITS + 5)) | ((long) order << VPN_BITS) | (vpn & VPN_MASK);
  }

  private int base(long key) {
    long vpn = key & VPN_MASK;
    return (int) (setMask >= 0 ? vpn & setMask : vpn % sets) * ways;
  }

  /** Whether the key is held; a hit makes it most recently used. */
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

  /** Fills the key, evicting the least recently used entry of its set. */
  void insert(long key) {
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
    keys[victim] = key;
    stamps[victim] = ++clock;
  }

  void invalidate(long key) {
    int b = base(key);
    for (int i = b; i < b + ways; i++) {
      if (keys[i] == key) {
        keys[i] = EMPTY;
      }
    }
  }
}
