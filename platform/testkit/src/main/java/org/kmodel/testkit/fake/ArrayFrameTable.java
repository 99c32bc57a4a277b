package org.kmodel.testkit.fake;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.kmodel.api.machine.FrameTable;

/**
 * The kernel's frame table reduced to one state per frame, with page migration, for allocator
 * tests. Every frame starts {@link Use#FREE}. The test plays the kernel's part: it {@link #mark}s a
 * block in use when the allocator hands it out and free before it gives the block back, as the
 * kernel does with the real table.
 */
public final class ArrayFrameTable implements FrameTable {

  /** What a frame holds. */
  public enum Use {
    FREE,
    /** An anonymous base page: {@link #migrate} may move it. */
    MOVABLE,
    /** A kernel page, a pinned page or part of a huge page. */
    UNMOVABLE
  }

  private final Use[] use;
  private final Set<Long> refusing = new HashSet<>();

  /** A table of {@code frames} free frames. */
  public ArrayFrameTable(int frames) {
    if (frames <= 0) {
      throw new IllegalArgumentException("a frame table needs frames: " + frames);
    }
    use = new Use[frames];
    Arrays.fill(use, Use.FREE);
  }

  /** A copy with the same frame states, as a second kernel booted from the same memory. */
  public ArrayFrameTable copy() {
    ArrayFrameTable copy = new ArrayFrameTable(use.length);
    System.arraycopy(use, 0, copy.use, 0, use.length);
    return copy;
  }

  /** Sets the {@code 1 << order} frames from {@code pfn} on to {@code how}. */
  public void mark(long pfn, int order, Use how) {
    for (long f = pfn; f < pfn + (1L << order); f++) {
      use[(int) f] = how;
    }
  }

  /** What frame {@code pfn} holds. */
  public Use use(long pfn) {
    return use[(int) pfn];
  }

  /** Frames in state {@link Use#FREE}. */
  public long freeFrames() {
    long n = 0;
    for (Use u : use) {
      n += u == Use.FREE ? 1 : 0;
    }
    return n;
  }

  /**
   * Makes {@link #migrate} of this frame fail although it looks movable, as when a page gains an
   * extra reference between isolation and migration.
   */
  public void refuseMigration(long pfn) {
    refusing.add(pfn);
  }

  @Override
  public long frameCount() {
    return use.length;
  }

  @Override
  public boolean isFree(long pfn) {
    return use[(int) pfn] == Use.FREE;
  }

  @Override
  public boolean isMovable(long pfn) {
    return use[(int) pfn] == Use.MOVABLE;
  }

  @Override
  public boolean migrate(long from, long to) {
    if (refusing.contains(from) || use(from) != Use.MOVABLE || use(to) != Use.FREE) {
      return false;
    }
    use[(int) to] = Use.MOVABLE;
    use[(int) from] = Use.FREE;
    return true;
  }
}
