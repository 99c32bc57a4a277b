package org.kmodel.fs.btrfs;

import java.util.Map;
import java.util.TreeMap;
import org.kmodel.api.fs.BlockGroupInfo;
import org.kmodel.api.fs.BlockGroupType;

/**
 * A block group ({@code btrfs_block_group_cache}): one chunk's logical range, its byte counters,
 * the read-only counter and the 4.7 {@code reservations} and {@code nocow_writers} counters, and
 * the ranges taken by reserved, used or pinned extents (the free-space cache is what is left).
 */
final class BlockGroup {
  final long start;
  final long length;
  final BlockGroupType type;
  long used;
  long reserved;
  long pinned;
  int ro;
  int reservations;
  int nocowWriters;

  /** Taken ranges, start to length: reserved, used and pinned extents. */
  final TreeMap<Long, Long> taken = new TreeMap<>();

  BlockGroup(long start, long length, BlockGroupType type) {
    this.start = start;
    this.length = length;
    this.type = type;
  }

  long end() {
    return start + length;
  }

  boolean contains(long logical) {
    return logical >= start && logical < end();
  }

  long free() {
    return length - used - reserved - pinned;
  }

  /** The lowest free range of at least {@code want} bytes, or {@code -1}. */
  long firstFit(long want) {
    long cursor = start;
    for (Map.Entry<Long, Long> e : taken.entrySet()) {
      if (e.getKey() - cursor >= want) {
        return cursor;
      }
      cursor = Math.max(cursor, e.getKey() + e.getValue());
    }
    return end() - cursor >= want ? cursor : -1;
  }

  /** The largest free range as {start, length}; length 0 when full. */
  long[] largestGap() {
    long cursor = start;
    long[] best = {start, 0};
    for (Map.Entry<Long, Long> e : taken.entrySet()) {
      if (e.getKey() - cursor > best[1]) {
        best = new long[] {cursor, e.getKey() - cursor};
      }
      cursor = Math.max(cursor, e.getKey() + e.getValue());
    }
    if (end() - cursor > best[1]) {
      best = new long[] {cursor, end() - cursor};
    }
    return best;
  }

  /** {@code btrfs_add_reserved_bytes}: the range is taken and counted as reserved. */
  void reserve(long bytenr, long len) {
    taken.put(bytenr, len);
    reserved += len;
  }

  BlockGroupInfo info() {
    return BlockGroupInfo.builder()
        .start(start)
        .length(length)
        .type(type)
        .used(used)
        .reserved(reserved)
        .readOnly(ro)
        .reservations(reservations)
        .nocowWriters(nocowWriters)
        .build();
  }

  void hash(StateHash h) {
    h.mix(start).mix(length).mix(type.ordinal()).mix(used).mix(reserved).mix(pinned);
    h.mix(ro).mix(reservations).mix(nocowWriters).mix(taken);
  }
}
