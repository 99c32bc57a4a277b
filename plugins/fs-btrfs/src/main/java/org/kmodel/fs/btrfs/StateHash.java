package org.kmodel.fs.btrfs;

import java.util.Map;

/** A deterministic 64-bit hash built by mixing values in a fixed traversal order. */
final class StateHash {
  private long h = 0xcbf29ce484222325L;

  StateHash mix(long v) {
    h ^= v;
    h *= 0x100000001b3L;
    h ^= h >>> 29;
    return this;
  }

  StateHash mix(boolean v) {
    return mix(v ? 1 : 2);
  }

  StateHash mix(String s) {
    mix(s.length());
    for (int i = 0; i < s.length(); i++) {
      mix(s.charAt(i));
    }
    return this;
  }

  /** Mixes a sorted map of numbers, entry by entry. */
  StateHash mix(Map<Long, ? extends Number> map) {
    mix(map.size());
    for (Map.Entry<Long, ? extends Number> e : map.entrySet()) {
      mix(e.getKey()).mix(e.getValue().longValue());
    }
    return this;
  }

  long value() {
    return h;
  }
}
