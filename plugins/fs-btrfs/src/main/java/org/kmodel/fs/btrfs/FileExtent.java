package org.kmodel.fs.btrfs;

/**
 * A file extent item ({@code btrfs_file_extent_item}): the part {@code [extentOffset, extentOffset
 * + numBytes)} of the disk extent at {@code diskBytenr} (of {@code diskNumBytes}) backs the file
 * range starting at the item's key.
 */
record FileExtent(long diskBytenr, long diskNumBytes, long extentOffset, long numBytes, Kind kind) {

  /** {@code BTRFS_FILE_EXTENT_REG} or {@code BTRFS_FILE_EXTENT_PREALLOC}. */
  enum Kind {
    REGULAR,
    PREALLOC
  }

  /** The logical address backing file offset {@code key + delta}. */
  long logical(long delta) {
    return diskBytenr + extentOffset + delta;
  }

  /** The piece {@code [from, to)} of this item (offsets relative to the item's key). */
  FileExtent slice(long from, long to, Kind newKind) {
    return new FileExtent(diskBytenr, diskNumBytes, extentOffset + from, to - from, newKind);
  }

  FileExtent movedTo(long newBytenr) {
    return new FileExtent(newBytenr, diskNumBytes, extentOffset, numBytes, kind);
  }
}
