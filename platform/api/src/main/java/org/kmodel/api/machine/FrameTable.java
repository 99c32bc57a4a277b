package org.kmodel.api.machine;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The kernel's table of physical page frames, as an allocator sees it. A frame is one base page of
 * the machine's {@link MachineGeometry}. Frame numbers (pfn) run from 0 to {@link #frameCount()} −
 * 1. The kernel owns the table: it marks frames in use when an allocation succeeds and free before
 * it hands them back to the allocator.
 */
@ProviderType
public interface FrameTable {

  /** Frames of RAM in the machine. */
  long frameCount();

  /** Whether the frame is free (neither in use nor reserved). */
  boolean isFree(long pfn);

  /**
   * Whether the in-use frame could be migrated: an anonymous page not pinned and not part of a
   * larger block. Free and reserved frames are not movable.
   */
  boolean isMovable(long pfn);

  /**
   * Moves the page in frame {@code from} to the free frame {@code to}: its content and every
   * mapping of it follow; afterwards {@code to} is in use and {@code from} is free in the table.
   * The caller (an allocator compacting) took {@code to} from its own free lists and must put
   * {@code from} back into them.
   *
   * @return false when the page could not be moved (it stays where it was, {@code to} stays free)
   */
  boolean migrate(long from, long to);
}
