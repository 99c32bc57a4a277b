package org.kmodel.fs.btrfs;

/** An extent item of the extent tree: an allocated data extent and how many items refer to it. */
record ExtentItem(long bytenr, long length, int refs) {}
