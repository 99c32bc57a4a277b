package org.kmodel.kernel.mm;

import org.kmodel.api.mm.FrameTable;

/**
 * The frame table: one state byte per 4 KiB frame (free, in use, reserved, movable bit), kept in a
 * primitive array so a terabyte machine costs bytes per frame, not objects. The kernel marks frames
 * here; the allocator plugin keeps only its free lists and rebuilds them from this table on attach.
 */
public final class PhysicalMemory implements FrameTable {
  static final byte FREE = 0;
  static final byte IN_USE = 1;
  static final byte RESERVED = 2;
  static final byte MOVABLE = 4;

  private final byte[] state;
  private final int pageShift;
  private long freeFrames;
  private long reservedFrames;

  public PhysicalMemory(long bytes, int pageShift) {
    long frames = bytes >>> pageShift;
    if (frames <= 0 || frames > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("unsupported memory size: " + bytes + " bytes");
    }
    this.pageShift = pageShift;
    this.state = new byte[(int) frames];
    this.freeFrames = frames;
  }

  @Override
  public long frameCount() {
    return state.length;
  }

  public int pageShift() {
    return pageShift;
  }

  public long freeFrames() {
    return freeFrames;
  }

  public long reservedFrames() {
    return reservedFrames;
  }

  public long usedFrames() {
    return state.length - freeFrames - reservedFrames;
  }

  @Override
  public boolean isFree(long pfn) {
    return state[(int) pfn] == FREE;
  }

  @Override
  public boolean isMovable(long pfn) {
    return (state[(int) pfn] & (IN_USE | MOVABLE)) == (IN_USE | MOVABLE);
  }

  /** Marks a block the allocator handed out as in use. */
  public void markInUse(long pfn, int order, boolean movable) {
    byte s = movable ? (byte) (IN_USE | MOVABLE) : IN_USE;
    int first = (int) pfn;
    int n = 1 << order;
    for (int i = first; i < first + n; i++) {
      if (state[i] != FREE) {
        throw new IllegalStateException("frame " + i + " handed out while not free");
      }
      state[i] = s;
    }
    freeFrames -= n;
  }

  /** Marks a block free before it goes back to the allocator. */
  public void markFree(long pfn, int order) {
    int first = (int) pfn;
    int n = 1 << order;
    for (int i = first; i < first + n; i++) {
      if ((state[i] & IN_USE) == 0) {
        throw new IllegalStateException("frame " + i + " freed while not in use");
      }
      state[i] = FREE;
    }
    freeFrames += n;
  }

  /** Takes a free frame out of service for good (unmovable kernel memory, holes). */
  public void reserve(long pfn) {
    int i = (int) pfn;
    if (state[i] != FREE) {
      throw new IllegalStateException("frame " + i + " reserved while not free");
    }
    state[i] = RESERVED;
    freeFrames--;
    reservedFrames++;
  }

  @Override
  public boolean migrate(long from, long to) {
    int f = (int) from;
    int t = (int) to;
    if (!isMovable(from) || state[t] != FREE) {
      return false;
    }
    state[t] = state[f];
    state[f] = FREE;
    return true;
  }

  /** Bytes of per-frame metadata this table keeps. */
  public static int bytesPerFrame() {
    return 1;
  }
}
