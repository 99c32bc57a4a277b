package org.kmodel.fs.btrfs;

import org.kmodel.api.fs.BlockGroupType;
import org.kmodel.api.fs.FsStep;
import org.kmodel.api.fs.FsTask;

/**
 * {@code btrfs_prealloc_file_range} over the holes of {@code [from, to)}: per hole, under one
 * handle of {@code btrfs_start_transaction}, (A) {@code find_free_extent} with {@code
 * reservations++}, (B) the PREALLOC file extent item inserted and its delayed ref queued, {@code
 * reservations--}, then {@code btrfs_end_transaction}. Existing extents are left alone. Holding the
 * handle from A to B is what keeps the extent out of a relocation's reach under 4.6: {@code
 * prepare_to_relocate}'s commit cannot finish until the item is in, so the MOVE pass sees the
 * extent.
 */
final class FallocateTask extends Program {
  private final Btrfs fs;
  private final String path;
  private final long to;
  private long cursor;
  private boolean done;

  FallocateTask(Btrfs fs, String path, long from, long to) {
    this.fs = fs;
    this.path = path;
    this.cursor = from;
    this.to = to;
  }

  @Override
  protected FsTask proceed() {
    if (done) {
      return null;
    }
    Inode inode = fs.inodes.get(path);
    if (inode == null) {
      done = true;
      return WritebackTask.noSuchFile(fs, "fallocate", path);
    }
    return inode.holeFrom(cursor, to) == null ? null : new Piece(inode);
  }

  /** One preallocated extent. */
  private final class Piece implements FsTask {
    private final Inode inode;
    private final Handle handle = Handle.start(fs);
    private int stage;
    private long start;
    private long len;
    private long disk;
    private boolean stop;

    Piece(Inode inode) {
      this.inode = inode;
    }

    @Override
    public FsStep next() {
      return switch (stage++) {
        case 0 -> handle.open("fallocate " + path);
        case 1 -> Step.guarded(this::describeReserve, this::mayReserve, this::reserve);
        case 2 ->
            stop ? handle.close("fallocate " + path) : Step.of(this::describeInsert, this::insert);
        case 3 -> stop ? null : handle.close("fallocate " + path);
        default -> null;
      };
    }

    private String describeReserve() {
      long[] hole = inode.holeFrom(cursor, to);
      return hole == null
          ? "fallocate " + path + ": no hole left"
          : "find_free_extent + reserve: prealloc "
              + path
              + " offset "
              + hole[0]
              + " len "
              + (hole[1] - hole[0]);
    }

    private boolean mayReserve() {
      long[] hole = inode.holeFrom(cursor, to);
      return hole == null || !Inode.overlaps(inode.locked, hole[0], hole[1]);
    }

    private String reserve() {
      long[] hole = inode.holeFrom(cursor, to);
      if (hole == null) {
        stop = true;
        done = true;
        return null;
      }
      long[] ext = fs.reserveExtent(hole[1] - hole[0], BlockGroupType.DATA, false);
      if (ext == null) {
        stop = true;
        done = true;
        fs.enospc("fallocate: no space for " + (hole[1] - hole[0]) + " bytes of " + path);
        return "ENOSPC";
      }
      start = hole[0];
      disk = ext[0];
      len = ext[1];
      BlockGroup g = fs.groupOf(disk);
      g.reservations++;
      inode.locked.put(start, start + len);
      cursor = start + len;
      return "extent " + disk + " (" + fs.groupName(g.start) + ")";
    }

    private String describeInsert() {
      return "insert prealloc file extent item "
          + path
          + " offset "
          + start
          + " len "
          + len
          + " -> "
          + disk
          + ", delayed ref queued";
    }

    private String insert() {
      inode.extents.put(start, new FileExtent(disk, len, 0, len, FileExtent.Kind.PREALLOC));
      fs.extentTree.queue(disk, len, +1, true);
      BlockGroup g = fs.groupOf(disk);
      if (g != null) {
        g.reservations--;
      }
      inode.locked.remove(start);
      return null;
    }
  }
}
