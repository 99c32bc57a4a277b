package org.kmodel.fs.btrfs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A file: its file extent items, its delalloc (dirty page-cache sectors, each an int token), what
 * was last written to each sector (what a read must return), the ranges locked in its io tree by
 * writes in flight, and the delalloc ranges claimed by a writeback that has not yet created their
 * ordered extent (pages locked).
 */
final class Inode {
  final long ino;
  final String path;
  final boolean nodatacow;
  final TreeMap<Long, FileExtent> extents = new TreeMap<>();
  final TreeMap<Long, Integer> delalloc = new TreeMap<>();
  final TreeMap<Long, Integer> lastWritten = new TreeMap<>();

  /** io-tree locks: start to end, held by a write from reservation to IO completion. */
  final TreeMap<Long, Long> locked = new TreeMap<>();

  /** Delalloc ranges a writeback has claimed but not yet turned into an ordered extent. */
  final TreeMap<Long, Long> claimed = new TreeMap<>();

  Inode(long ino, String path, boolean nodatacow) {
    this.ino = ino;
    this.path = path;
    this.nodatacow = nodatacow;
  }

  /** The file extent item covering {@code offset}, or {@code null} (a hole). */
  Map.Entry<Long, FileExtent> itemAt(long offset) {
    Map.Entry<Long, FileExtent> e = extents.floorEntry(offset);
    return e != null && offset < e.getKey() + e.getValue().numBytes() ? e : null;
  }

  /** Whether a write may go in place into this item ({@code can_nocow_extent}'s type check). */
  boolean nocowEligible(FileExtent item) {
    return item.kind() == FileExtent.Kind.PREALLOC || nodatacow;
  }

  static boolean overlaps(TreeMap<Long, Long> ranges, long start, long end) {
    Map.Entry<Long, Long> before = ranges.lowerEntry(end);
    return before != null && before.getValue() > start;
  }

  /**
   * {@code btrfs_drop_extents}: no item covers {@code [start, end)} afterwards; items reaching in
   * are trimmed (each remaining piece a new reference) and the dropped ones lose theirs.
   */
  void dropRange(long start, long end, ExtentTree tree) {
    for (Map.Entry<Long, FileExtent> e : overlapping(start, end)) {
      long key = e.getKey();
      FileExtent item = e.getValue();
      long itemEnd = key + item.numBytes();
      extents.remove(key);
      if (key < start) {
        extents.put(key, item.slice(0, start - key, item.kind()));
        tree.queue(item.diskBytenr(), item.diskNumBytes(), +1, false);
      }
      if (itemEnd > end) {
        extents.put(end, item.slice(end - key, item.numBytes(), item.kind()));
        tree.queue(item.diskBytenr(), item.diskNumBytes(), +1, false);
      }
      tree.queue(item.diskBytenr(), item.diskNumBytes(), -1, false);
    }
  }

  /** {@code btrfs_mark_extent_written}: the prealloc part of {@code [start, end)} is regular. */
  void markWritten(long start, long end, ExtentTree tree) {
    for (Map.Entry<Long, FileExtent> e : overlapping(start, end)) {
      long key = e.getKey();
      FileExtent item = e.getValue();
      if (item.kind() != FileExtent.Kind.PREALLOC) {
        continue;
      }
      long from = Math.max(start, key) - key;
      long to = Math.min(end, key + item.numBytes()) - key;
      extents.remove(key);
      if (from > 0) {
        extents.put(key, item.slice(0, from, FileExtent.Kind.PREALLOC));
        tree.queue(item.diskBytenr(), item.diskNumBytes(), +1, false);
      }
      extents.put(key + from, item.slice(from, to, FileExtent.Kind.REGULAR));
      tree.queue(item.diskBytenr(), item.diskNumBytes(), +1, false);
      if (to < item.numBytes()) {
        extents.put(key + to, item.slice(to, item.numBytes(), FileExtent.Kind.PREALLOC));
        tree.queue(item.diskBytenr(), item.diskNumBytes(), +1, false);
      }
      tree.queue(item.diskBytenr(), item.diskNumBytes(), -1, false);
    }
  }

  private List<Map.Entry<Long, FileExtent>> overlapping(long start, long end) {
    List<Map.Entry<Long, FileExtent>> out = new ArrayList<>();
    Map.Entry<Long, FileExtent> first = itemAt(start);
    if (first != null) {
      out.add(Map.entry(first.getKey(), first.getValue()));
    }
    for (Map.Entry<Long, FileExtent> e : extents.subMap(start, false, end, false).entrySet()) {
      out.add(Map.entry(e.getKey(), e.getValue()));
    }
    return out;
  }

  /**
   * The first run of delalloc no writeback has claimed, as {start, end}, at most one maximal extent
   * long, or {@code null}.
   */
  long[] dirtyRun(long sector) {
    for (long key : delalloc.keySet()) {
      if (overlaps(claimed, key, key + sector)) {
        continue;
      }
      long end = key + sector;
      while (end - key < Btrfs.MAX_EXTENT
          && delalloc.containsKey(end)
          && !overlaps(claimed, end, end + sector)) {
        end += sector;
      }
      return new long[] {key, end};
    }
    return null;
  }

  /**
   * How much of {@code [start, limit)} one write can take: the part of a file extent item it may
   * write in place (NOCOW, {@code logical >= 0}), or the part up to the next such item (COW).
   */
  record Piece(long end, long nocowLogical) {}

  Piece piece(long start, long limit) {
    Map.Entry<Long, FileExtent> at = itemAt(start);
    if (at != null && nocowEligible(at.getValue())) {
      long end = Math.min(limit, at.getKey() + at.getValue().numBytes());
      return new Piece(end, at.getValue().logical(start - at.getKey()));
    }
    long end = Math.min(limit, start + Btrfs.MAX_EXTENT);
    for (Map.Entry<Long, FileExtent> e : extents.subMap(start, false, end, false).entrySet()) {
      if (nocowEligible(e.getValue())) {
        return new Piece(e.getKey(), -1);
      }
    }
    return new Piece(end, -1);
  }

  /** The first hole at or after {@code from} below {@code to}, as {start, end}, or {@code null}. */
  long[] holeFrom(long from, long to) {
    long c = from;
    while (c < to) {
      Map.Entry<Long, FileExtent> at = itemAt(c);
      if (at == null) {
        Long next = extents.higherKey(c);
        long end = Math.min(Math.min(to, next == null ? to : next), c + Btrfs.MAX_EXTENT);
        return new long[] {c, end};
      }
      c = at.getKey() + at.getValue().numBytes();
    }
    return null;
  }

  void hash(StateHash h) {
    h.mix(ino).mix(path).mix(nodatacow).mix(extents.size());
    for (Map.Entry<Long, FileExtent> e : extents.entrySet()) {
      FileExtent f = e.getValue();
      h.mix(e.getKey()).mix(f.diskBytenr()).mix(f.diskNumBytes()).mix(f.extentOffset());
      h.mix(f.numBytes()).mix(f.kind().ordinal());
    }
    h.mix(delalloc).mix(lastWritten).mix(locked).mix(claimed);
  }
}
