package org.kmodel.fs.btrfs;

import org.kmodel.api.fs.FsTask;

/** An O_DIRECT write of {@code [from, to)}: one {@link WritePiece} per extent it needs. */
final class DirectWriteTask extends Program {
  private final Btrfs fs;
  private final String path;
  private final long to;
  private final int value;
  private long cursor;
  private WritePiece piece;
  private boolean done;

  DirectWriteTask(Btrfs fs, String path, long from, long to, int value) {
    this.fs = fs;
    this.path = path;
    this.cursor = from;
    this.to = to;
    this.value = value;
  }

  @Override
  protected FsTask proceed() {
    if (piece != null) {
      done |= piece.failed;
      cursor = piece.end();
      piece = null;
    }
    if (done || cursor >= to) {
      return null;
    }
    Inode inode = fs.inodes.get(path);
    if (inode == null) {
      done = true;
      return WritebackTask.noSuchFile(fs, "write", path);
    }
    piece = WritePiece.direct(fs, inode, cursor, to, value);
    return piece;
  }
}
