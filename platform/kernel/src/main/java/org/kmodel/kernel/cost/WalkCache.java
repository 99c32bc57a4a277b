package org.kmodel.kernel.cost;

import java.util.Arrays;

/**
 * A paging-structure cache for one page-table level: a small fully associative LRU cache of that
 * level's entries, keyed by the address space and the address bits above the level's shift. A hit
 * lets the walker start below that level.
 */
final class WalkCache {
  private static final long EMPTY = -1;
  private final long[] keys;
  private final long[] stamps;
  private long clock;

  WalkCache(int entries) {
    keys = new long[entries];
    stamps = new long[entries];
    Arrays.fill(keys, EMPTY);
  }

  boolean lookup(long key) {
    for (int i = 0; i < keys.length; i++) {
      if (keys[i] == key) {
        stamps[i] = ++clock;
        return true;
      }
    }
    return false;
  }

  void insert(long key) {
    int victim = 0;
    for (int i = 0; i < keys.length; i++) {
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
}
