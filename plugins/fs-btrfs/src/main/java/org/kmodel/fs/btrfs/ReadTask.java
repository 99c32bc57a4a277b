package org.kmodel.fs.btrfs;

import java.util.Map;
import org.kmodel.api.fs.FsTask;

/**
 * A read of {@code [from, to)}, one step per segment served by one source: dirty page cache, one
 * file extent item (mapped through the chunk map) or a hole. A segment locked by a write in flight
 * waits until the write's IO completes.
 */
final class ReadTask extends Program {
  private final Btrfs fs;
  private final String path;
  private final long to;
  private long cursor;
  private boolean done;

  ReadTask(Btrfs fs, String path, long from, long to) {
    this.fs = fs;
    this.path = path;
    this.cursor = from;
    this.to = to;
  }

  @Override
  protected FsTask proceed() {
    if (done || cursor >= to) {
      return null;
    }
    Inode inode = fs.inodes.get(path);
    if (inode == null) {
      done = true;
      return WritebackTask.noSuchFile(fs, "read", path);
    }
    return Step.guarded(
            () -> {
              long end = segmentEnd(inode, cursor);
              return "read " + path + " offset " + cursor + " len " + (end - cursor);
            },
            () -> !Inode.overlaps(inode.locked, cursor, segmentEnd(inode, cursor)),
            () -> {
              long end = segmentEnd(inode, cursor);
              String result = readSegment(inode, cursor, end);
              cursor = end;
              return result;
            })
        .once();
  }

  /**
   * Where a read at {@code from} gets its data up to the returned end: page cache, item or hole.
   */
  private long segmentEnd(Inode inode, long from) {
    if (inode.delalloc.containsKey(from)) {
      long end = from + fs.sector;
      while (end < to && inode.delalloc.containsKey(end)) {
        end += fs.sector;
      }
      return end;
    }
    Long dirty = inode.delalloc.higherKey(from);
    long end = Math.min(to, dirty == null ? to : dirty);
    Map.Entry<Long, FileExtent> at = inode.itemAt(from);
    if (at != null) {
      return Math.min(end, at.getKey() + at.getValue().numBytes());
    }
    Long next = inode.extents.higherKey(from);
    return Math.min(end, next == null ? end : next);
  }

  /**
   * Reads {@code [from, end)} of {@code inode} (one segment) and checks it against what was last
   * written; reports an unmapped logical address or stale data as data loss.
   */
  private String readSegment(Inode inode, long from, long end) {
    Map.Entry<Long, FileExtent> at = inode.itemAt(from);
    boolean cached = inode.delalloc.containsKey(from);
    boolean onDisk = !cached && at != null && at.getValue().kind() == FileExtent.Kind.REGULAR;
    long logical = onDisk ? at.getValue().logical(from - at.getKey()) : -1;
    if (onDisk && !fs.chunks.maps(logical, end - from)) {
      fs.stats.inc(Stats.UNMAPPED_IO);
      String message = "unable to find logical " + logical + " len " + (end - from);
      fs.dataLoss(message, "read of " + inode.path + " at offset " + from + ": " + message);
      return message;
    }
    for (long off = from; off < end; off += fs.sector) {
      int got;
      if (cached) {
        got = inode.delalloc.get(off);
      } else if (onDisk) {
        got = fs.disk.getOrDefault(logical + (off - from), 0);
      } else {
        got = 0;
      }
      int last = inode.lastWritten.getOrDefault(off, 0);
      if (got != last) {
        fs.stats.inc(Stats.STALE_READS);
        String message =
            "stale data read at file "
                + inode.path
                + " offset "
                + off
                + ": got "
                + got
                + ", last written "
                + last;
        fs.dataLoss(message, message);
        return message;
      }
    }
    return cached ? "page cache" : onDisk ? "logical " + logical : "hole or prealloc: zeroes";
  }
}
