package org.kmodel.api.fs;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The primitive steps a filesystem exposes to relocation strategies. The filesystem turns each into
 * one or more guarded atomic steps of the relocating task, so other tasks interleave exactly
 * between them.
 */
@ProviderType
public enum RelocationPrimitive {
  /** Mark the block group read-only; new allocations go elsewhere (may fail with ENOSPC). */
  SET_READ_ONLY,
  /** Create the relocation inode that receives the copies. */
  CREATE_RELOCATION_INODE,
  /** Start writeback of every inode's delalloc and wait until its ordered extents exist. */
  FLUSH_ALL_DELALLOC,
  /** Wait for every ordered extent of the filesystem to complete. */
  WAIT_ALL_ORDERED_EXTENTS,
  /** Wait until the group's in-flight extent reservations drain to zero. */
  WAIT_RESERVATIONS,
  /** Wait until the group's NOCOW writers drain to zero. */
  WAIT_NOCOW_WRITERS,
  /** Wait for ordered extents whose disk range overlaps the group only. */
  WAIT_ORDERED_EXTENTS_IN_RANGE,
  /** MOVE_DATA_EXTENTS then UPDATE_DATA_PTRS passes until a pass finds nothing. */
  RELOCATE_PASSES,
  /** Warn about leftover used/reserved bytes and remove the chunk. */
  REMOVE_CHUNK
}
