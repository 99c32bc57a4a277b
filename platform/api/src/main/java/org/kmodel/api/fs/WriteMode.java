package org.kmodel.api.fs;

import org.osgi.annotation.versioning.ProviderType;

/** How a write reaches the disk. */
@ProviderType
public enum WriteMode {
  /** Through the page cache: dirty data (delalloc) until writeback or fsync. */
  BUFFERED,
  /**
   * O_DIRECT: an extent is reserved and written now (COW, or NOCOW into a preallocated or nodatacow
   * extent).
   */
  DIRECT
}
