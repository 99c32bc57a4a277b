package org.kmodel.fs.btrfs;

/**
 * An ordered extent ({@code btrfs_ordered_extent}): file range {@code [fileOffset, fileOffset +
 * length)} of {@code inode} being written at {@code diskBytenr}; it exists from the moment the data
 * has a disk location until IO completion has written the file extent item.
 */
record OrderedExtent(long inode, long fileOffset, long diskBytenr, long length, Kind kind) {

  /** What wrote it: buffered writeback (COW), a write in place (NOCOW), O_DIRECT (DIRECT). */
  enum Kind {
    COW,
    NOCOW,
    DIRECT
  }

  boolean overlapsDisk(long start, long end) {
    return diskBytenr < end && diskBytenr + length > start;
  }
}
