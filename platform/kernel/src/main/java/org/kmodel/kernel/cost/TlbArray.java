package org.kmodel.kernel.cost;

/**
 * One TLB array with LRU replacement; with one set ({@code ways == entries}) it is fully
 * associative, which also serves as a paging-structure cache of one page-table level. A key packs
 * the address space, the page order and the virtual page number; the set is the page number modulo
 * the number of sets, as hardware indexes with the low bits of the page number.
 *
 * <p>Every lookup and every fill goes through one of these, so their cost bounds the simulation's
 * access rate. A wide fully associative array (Zen's 64- and 96-way L1 DTLBs, 64-entry walk caches)
 * is {@link FullyAssociativeTlb hashed}, so its operations do not grow with its size; the others
 * keep each set in recency order ({@link SetAssociativeTlb}). Both replace exactly the entry true
 * LRU names.
 */
abstract class TlbArray {
  static final int VPN_BITS = 37;
  static final long VPN_MASK = (1L << VPN_BITS) - 1;

  /** Above this many ways a fully associative array is hashed rather than scanned. */
  static final int SCAN_WAYS = 8;

  /** An array of {@code entries} in sets of {@code ways}. */
  static TlbArray of(int entries, int ways) {
    return entries == ways && ways > SCAN_WAYS
        ? new FullyAssociativeTlb(entries)
        : new SetAssociativeTlb(entries, ways);
  }

  static long key(int asid, int order, long vpn) {
    return ((long) asid << (VPN_BITS + 5)) | ((long) order << VPN_BITS) | (vpn & VPN_MASK);
  }

  /** Per page order, how many keys of that order the array holds. */
  private final int[] perOrder = new int[32];

  /** Counts a key coming in ({@code +1}) or leaving ({@code -1}). */
  final void counted(long key, int delta) {
    perOrder[(int) (key >>> VPN_BITS) & 31] += delta;
  }

  /**
   * Whether any key of page order {@code order} is held: when none is, an invalidation of one is
   * known to find nothing.
   */
  final boolean holdsOrder(int order) {
    return perOrder[order] != 0;
  }

  /** How many keys the array holds at most. */
  abstract int entries();

  /** Whether the key is held; a hit makes it most recently used, a miss changes nothing. */
  abstract boolean lookup(long key);

  /**
   * Fills a key that is not held (callers fill only after a missed lookup), evicting the least
   * recently used entry of its set when the set is full; the key becomes most recently used.
   */
  abstract void insert(long key);

  /** Drops the key if held; the others keep their order. */
  abstract void invalidate(long key);

  /**
   * Drops the keys of {@code count} pages of {@code order} from {@code firstVpn}, {@code stride}
   * apart, as {@link #invalidate} on each would; the others keep their order.
   */
  void invalidateRun(int asid, int order, long firstVpn, long stride, int count) {
    for (int i = 0; i < count; i++) {
      invalidate(key(asid, order, firstVpn + i * stride));
    }
  }

  /**
   * Whether any key of {@code count} pages of {@code order} from {@code firstVpn}, {@code stride}
   * apart, is held; nothing changes.
   */
  boolean holdsRun(int asid, int order, long firstVpn, long stride, int count) {
    if (!holdsOrder(order)) {
      return false;
    }
    for (int i = 0; i < count; i++) {
      if (holds(key(asid, order, firstVpn + i * stride))) {
        return true;
      }
    }
    return false;
  }

  /** Whether the key is held; nothing changes. */
  abstract boolean holds(long key);

  /** A hash of the keys held and their recency order, for tests that compare two arrays. */
  abstract long digest();
}
