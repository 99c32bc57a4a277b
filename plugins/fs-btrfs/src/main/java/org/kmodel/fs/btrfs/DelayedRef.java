package org.kmodel.fs.btrfs;

/**
 * A delayed data reference ({@code btrfs_delayed_data_ref}), queued when a file extent item starts
 * or stops referring to an extent and run at commit. {@code alloc} marks the first reference of a
 * freshly reserved extent: running it inserts the extent item and turns reserved bytes into used.
 */
record DelayedRef(long bytenr, long length, int delta, boolean alloc) {}
