package org.kmodel.fs.btrfs;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.kmodel.api.fs.Footprint;
import org.kmodel.api.fs.FsTask;

/**
 * Writeback of the delalloc of some inodes: one {@link WritePiece} per dirty run (a consecutive
 * dirty range is one extent), a wait when another writeback holds the pages of what is left, and
 * for fsync a final wait for the inode's ordered extents.
 */
final class WritebackTask extends Program {
  private final Btrfs fs;
  private final WritePiece.Source source;
  private final List<Inode> inodes;
  private final boolean fsync;
  private final TreeSet<Long> failed = new TreeSet<>();
  private WritePiece piece;
  private boolean waitedOrdered;

  WritebackTask(Btrfs fs, WritePiece.Source source, List<Inode> inodes, boolean fsync) {
    this.fs = fs;
    this.source = source;
    this.inodes = inodes;
    this.fsync = fsync;
  }

  /** fsync: write back the file's delalloc and wait for its ordered extents. */
  static FsTask fsync(Btrfs fs, String path) {
    return new Program() {
      private boolean started;

      @Override
      protected FsTask proceed() {
        if (started) {
          return null;
        }
        started = true;
        Inode inode = fs.inodes.get(path);
        return inode == null
            ? noSuchFile(fs, "fsync", path)
            : new WritebackTask(fs, WritePiece.Source.WRITEBACK, List.of(inode), true);
      }
    };
  }

  /** A step reporting ENOENT. */
  static FsTask noSuchFile(Btrfs fs, String op, String path) {
    return Step.of(
            op + " " + path + ": no such file",
            () -> {
              fs.ctx.event("enoent", op + " " + path + ": no such file");
              return "ENOENT";
            })
        .once();
  }

  @Override
  protected FsTask proceed() {
    if (piece != null && piece.failed) {
      failed.add(piece.inode().ino);
    }
    piece = null;
    List<Inode> live = new ArrayList<>();
    for (Inode inode : inodes) {
      if (!failed.contains(inode.ino)) {
        live.add(inode);
      }
    }
    for (Inode inode : live) {
      if (inode.dirtyRun(fs.sector) != null) {
        piece = WritePiece.writeback(fs, source, inode).choosingNextBy(this::choice);
        return piece;
      }
    }
    for (Inode inode : live) {
      if (!inode.claimed.isEmpty()) {
        return Step.waitUntil(
                "wait for writeback of " + inode.path + " to create its ordered extents",
                inode.claimed::isEmpty)
            .touching(this::choice)
            .once();
      }
    }
    if (fsync && !waitedOrdered) {
      waitedOrdered = true;
      Inode inode = inodes.get(0);
      return Step.waitUntil(
              "wait for ordered extents of " + inode.path, () -> !fs.hasOrdered(inode))
          .touching(() -> Footprint.of(Set.of(Shared.ORDERED), Set.of()).plus(choice()))
          .once();
    }
    return null;
  }

  /** What choosing the next part reads: the dirty runs and claims of every inode written back. */
  private Footprint choice() {
    Set<String> reads = new HashSet<>();
    for (Inode inode : inodes) {
      reads.add(Shared.inode(inode.path));
    }
    return Footprint.of(reads, Set.of());
  }
}
