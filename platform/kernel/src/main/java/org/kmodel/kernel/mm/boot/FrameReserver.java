package org.kmodel.kernel.mm.boot;

/**
 * What boot-time fragmentation needs of the frame table: its size, which frames are free, and a way
 * to take a free frame out of service for good (unmovable, never freed, never migrated). The
 * kernel's {@code PhysicalMemory} has these three methods already.
 */
public interface FrameReserver {

  /** Frames of RAM in the machine. */
  long frameCount();

  /** Whether the frame is free. */
  boolean isFree(long pfn);

  /** Reserves a free frame. */
  void reserve(long pfn);
}
