package org.kmodel.kernel.cost;

/**
 * A TLB array whose sets each keep their keys in recency order, most recent first: a hit is usually
 * found at the first probe (accesses run in page order), the victim is always the last way, and
 * empty ways sit after the held ones, so a miss stops at the set's fill count.
 */
final class SetAssociativeTlb extends TlbArray {
  private final int sets;
  private final int setMask;
  private final int ways;
  private final long[] keys;
  private final int[] held;

  SetAssociativeTlb(int entries, int ways) {
    this.ways = ways;
    this.sets = entries / ways;
    this.setMask = Integer.bitCount(sets) == 1 ? sets - 1 : -1;
    this.keys = new long[entries];
    this.held = new int[sets];
  }

  private int set(long key) {
    long vpn = key & VPN_MASK;
    return (int) (setMask >= 0 ? vpn & setMask : vpn % sets);
  }

  @Override
  int entries() {
    return keys.length;
  }

  @Override
  boolean lookup(long key) {
    int s = set(key);
    int b = s * ways;
    int n = held[s];
    for (int i = 0; i < n; i++) {
      if (keys[b + i] == key) {
        for (int j = b + i; j > b; j--) {
          keys[j] = keys[j - 1];
        }
        keys[b] = key;
        return true;
      }
    }
    return false;
  }

  @Override
  void insert(long key) {
    assert !holds(key) : "filling a held key";
    int s = set(key);
    int b = s * ways;
    int n = held[s];
    if (n < ways) {
      held[s] = n + 1;
    } else {
      n = ways - 1;
      counted(keys[b + n], -1);
    }
    counted(key, 1);
    for (int j = b + n; j > b; j--) {
      keys[j] = keys[j - 1];
    }
    keys[b] = key;
  }

  @Override
  void invalidate(long key) {
    int s = set(key);
    int b = s * ways;
    int n = held[s];
    for (int i = 0; i < n; i++) {
      if (keys[b + i] == key) {
        counted(key, -1);
        for (int j = b + i; j < b + n - 1; j++) {
          keys[j] = keys[j + 1];
        }
        held[s] = n - 1;
        return;
      }
    }
  }

  @Override
  boolean holds(long key) {
    int s = set(key);
    for (int i = s * ways; i < s * ways + held[s]; i++) {
      if (keys[i] == key) {
        return true;
      }
    }
    return false;
  }

  /**
   * When the run has more keys than the array has ways in all, one pass over the held keys is
   * cheaper than a set scan per key.
   */
  @Override
  void invalidateRun(int asid, int order, long firstVpn, long stride, int count) {
    if ((long) count * ways <= keys.length) {
      super.invalidateRun(asid, order, firstVpn, stride, count);
      return;
    }
    long tag = key(asid, order, 0);
    long lastVpn = firstVpn + (count - 1) * stride;
    for (int set = 0; set < sets; set++) {
      int b = set * ways;
      int kept = b;
      for (int i = b; i < b + held[set]; i++) {
        long k = keys[i];
        long vpn = k & VPN_MASK;
        boolean drop =
            (k & ~VPN_MASK) == tag
                && vpn >= firstVpn
                && vpn <= lastVpn
                && (vpn - firstVpn) % stride == 0;
        if (drop) {
          counted(k, -1);
        } else {
          keys[kept++] = k;
        }
      }
      held[set] = kept - b;
    }
  }

  /** As {@link #invalidateRun}: one pass over the held keys when that is cheaper. */
  @Override
  boolean holdsRun(int asid, int order, long firstVpn, long stride, int count) {
    if ((long) count * ways <= keys.length) {
      return super.holdsRun(asid, order, firstVpn, stride, count);
    }
    if (!holdsOrder(order)) {
      return false;
    }
    long tag = key(asid, order, 0);
    long lastVpn = firstVpn + (count - 1) * stride;
    for (int set = 0; set < sets; set++) {
      for (int i = set * ways; i < set * ways + held[set]; i++) {
        long k = keys[i];
        long vpn = k & VPN_MASK;
        if ((k & ~VPN_MASK) == tag
            && vpn >= firstVpn
            && vpn <= lastVpn
            && (vpn - firstVpn) % stride == 0) {
          return true;
        }
      }
    }
    return false;
  }

  @Override
  long digest() {
    long h = 1;
    for (int set = 0; set < sets; set++) {
      h = h * 31 + held[set];
      for (int i = set * ways; i < set * ways + held[set]; i++) {
        h = h * 31 + keys[i];
      }
    }
    return h;
  }
}
