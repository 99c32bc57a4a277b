package org.kmodel.kernel.mm.swap;

import java.util.Arrays;

/**
 * One swap area: {@code N} slots of one base page each, each with a swap count (how many page-table
 * entries name it, Linux's {@code swap_map}) and a content token (what the page held when it was
 * written out, so a swap-in can check it gets back what went out).
 *
 * <p>Slots are grouped in clusters of one PMD-sized huge page's pages (512 with 4K pages and 2M
 * PMDs), as Linux groups them ({@code SWAPFILE_CLUSTER}), so a transparent huge page can go out as
 * one naturally aligned run. Single slots come from the cluster under a cursor and then from partly
 * used clusters before whole free ones are broken up, which keeps free clusters for huge pages.
 * Free slots are a bitmap and the cluster lists are two-level bitmaps: allocation reads a handful
 * of words, allocates nothing and is the same for the same sequence of calls.
 *
 * <p>Per slot this costs 6 bytes and a bit: a {@code short} count (a count that would pass {@link
 * #MAX_COUNT} makes {@link #duplicate} fail rather than saturate, so a page is never freed while a
 * PTE still names it) and an {@code int} token. Linux's swap header page is not modelled: every
 * slot is usable.
 *
 * <p>Counting a free slot up or down, or reading its content, is a kernel bug and throws.
 */
public final class SwapDevice {
  /** The failure value of {@link #allocate} and {@link #allocateCluster}. */
  public static final long NO_SLOT = -1L;

  /**
   * Slots per cluster on a machine without PMD huge pages (Linux's SWAPFILE_CLUSTER without THP).
   */
  public static final int BASE_CLUSTER_SLOTS = 256;

  /** The largest swap count; {@link #duplicate} fails beyond it. */
  public static final int MAX_COUNT = Short.MAX_VALUE;

  private final long slotBytes;
  private final int clusterSlots;
  private final int wordsPerCluster;
  private final int slots;
  private final short[] count;
  private final int[] content;
  private final long[] free;
  private final short[] clusterFree;
  private final SummaryBitmap whole;
  private final SummaryBitmap partial;
  private long freeSlots;
  private int cursor;

  /**
   * A device of {@code slots} slots of {@code slotBytes} (0 slots is a machine without swap), in
   * clusters of {@code clusterSlots}.
   *
   * @param clusterSlots a power of two from 64 to 16384
   */
  public SwapDevice(long slots, long slotBytes, int clusterSlots) {
    if (slots < 0 || slots > Integer.MAX_VALUE - 64) {
      throw new IllegalArgumentException("unsupported swap size: " + slots + " slots");
    }
    if (clusterSlots < 64 || clusterSlots > 1 << 14 || Integer.bitCount(clusterSlots) != 1) {
      throw new IllegalArgumentException("unsupported swap cluster of " + clusterSlots + " slots");
    }
    this.slotBytes = slotBytes;
    this.clusterSlots = clusterSlots;
    this.wordsPerCluster = clusterSlots / 64;
    this.slots = (int) slots;
    this.count = new short[this.slots];
    this.content = new int[this.slots];
    this.free = new long[(this.slots + 63) >>> 6];
    int clusters = (this.slots + clusterSlots - 1) / clusterSlots;
    this.clusterFree = new short[clusters];
    this.whole = new SummaryBitmap(clusters);
    this.partial = new SummaryBitmap(clusters);
    Arrays.fill(free, -1L);
    if ((this.slots & 63) != 0) {
      free[free.length - 1] = (1L << this.slots) - 1;
    }
    for (int c = 0; c < clusters; c++) {
      int size = Math.min(clusterSlots, this.slots - c * clusterSlots);
      clusterFree[c] = (short) size;
      if (size == clusterSlots) {
        whole.set(c);
      } else {
        partial.set(c);
      }
    }
    this.freeSlots = this.slots;
  }

  /**
   * A device for {@code swapBytes} of swap space in slots of {@code pageSize}; a partial last page
   * is not a slot.
   */
  public static SwapDevice ofBytes(long swapBytes, long pageSize, int clusterSlots) {
    if (swapBytes < 0) {
      throw new IllegalArgumentException("negative swap size: " + swapBytes);
    }
    return new SwapDevice(swapBytes / pageSize, pageSize, clusterSlots);
  }

  /** Bytes per slot: one base page of the machine. */
  public long slotBytes() {
    return slotBytes;
  }

  /** Slots per cluster. */
  public int clusterSlots() {
    return clusterSlots;
  }

  /** Takes one free slot with count 1 and content 0, or returns {@link #NO_SLOT}. */
  public long allocate() {
    if (freeSlots == 0) {
      return NO_SLOT;
    }
    int c = cursor;
    if (clusterFree[c] == 0) {
      c = partial.nextSetWrapping(c);
      if (c < 0) {
        c = whole.nextSetWrapping(cursor);
      }
      cursor = c;
    }
    int w = c * wordsPerCluster;
    while (free[w] == 0) {
      w++;
    }
    int slot = (w << 6) + Long.numberOfTrailingZeros(free[w]);
    free[w] &= ~(1L << slot);
    count[slot] = 1;
    content[slot] = 0;
    freeSlots--;
    taken(c, 1);
    return slot;
  }

  /**
   * Takes a naturally aligned run of {@code pages} free slots (a PMD-sized huge page's pages), each
   * with count 1 and content 0, and returns its first slot, or {@link #NO_SLOT} when no such run is
   * free.
   *
   * @param pages a power of two from 1 to {@link #clusterSlots()}
   */
  public long allocateCluster(int pages) {
    if (pages <= 0 || pages > clusterSlots || Integer.bitCount(pages) != 1) {
      throw new IllegalArgumentException(
          "a swap run is a power of two up to " + clusterSlots + " slots, not " + pages);
    }
    if (pages == 1) {
      return allocate();
    }
    if (freeSlots < pages) {
      return NO_SLOT;
    }
    int start = -1;
    if (pages < clusterSlots && clusterFree[cursor] >= pages) {
      start = findRun(cursor, pages);
    }
    if (start < 0) {
      int c = whole.nextSetWrapping(cursor);
      if (c >= 0) {
        start = c * clusterSlots;
      } else if (pages < clusterSlots) {
        start = searchPartial(pages);
      }
    }
    if (start < 0) {
      return NO_SLOT;
    }
    takeRun(start, pages);
    if (pages < clusterSlots) {
      cursor = start / clusterSlots;
    }
    return start;
  }

  /** Records the data a page had when written to this slot. */
  public void setContent(long slot, int token) {
    int s = inUse(slot);
    content[s] = token;
  }

  /** The data the page had when written to this slot. */
  public int content(long slot) {
    return content[inUse(slot)];
  }

  /** How many page-table entries name this slot; 0 when it is free. */
  public int count(long slot) {
    return count[(int) slot];
  }

  /**
   * One more entry names this slot (fork copies a swap PTE): returns the new count, or -1 when the
   * count would pass {@link #MAX_COUNT} (the count is then unchanged and the caller must not copy
   * the entry).
   */
  public int duplicate(long slot) {
    int s = inUse(slot);
    int c = count[s];
    if (c == MAX_COUNT) {
      return -1;
    }
    count[s] = (short) (c + 1);
    return c + 1;
  }

  /** One entry less names this slot; at 0 the slot is free again. Returns the new count. */
  public int release(long slot) {
    int s = inUse(slot);
    int c = count[s] - 1;
    count[s] = (short) c;
    if (c == 0) {
      free[s >>> 6] |= 1L << s;
      freeSlots++;
      returned(s / clusterSlots);
    }
    return c;
  }

  /** Slots in the device. */
  public long total() {
    return slots;
  }

  /** Slots with count 0. */
  public long free() {
    return freeSlots;
  }

  /** Slots some entry names. */
  public long used() {
    return slots - freeSlots;
  }

  /** Bytes of per-slot metadata this device keeps, beyond the one-bit free map. */
  public static int bytesPerSlot() {
    return Short.BYTES + Integer.BYTES;
  }

  private int inUse(long slot) {
    int s = (int) slot;
    if (slot < 0 || slot >= slots || count[s] == 0) {
      throw new IllegalStateException("swap slot " + slot + " is not in use");
    }
    return s;
  }

  /** The first aligned run of {@code pages} free slots in cluster {@code c}, or -1. */
  private int findRun(int c, int pages) {
    int first = c * wordsPerCluster;
    int end = Math.min(first + wordsPerCluster, free.length);
    if (pages <= 64) {
      long aligned = alignedStarts(pages);
      for (int w = first; w < end; w++) {
        long x = free[w];
        for (int s = 1; s < pages && x != 0; s <<= 1) {
          x &= x >>> s;
        }
        x &= aligned;
        if (x != 0) {
          return (w << 6) + Long.numberOfTrailingZeros(x);
        }
      }
      return -1;
    }
    int group = pages >>> 6;
    for (int w = first; w + group <= end; w += group) {
      int i = 0;
      while (i < group && free[w + i] == -1L) {
        i++;
      }
      if (i == group) {
        return w << 6;
      }
    }
    return -1;
  }

  /** A mask with a bit at every multiple of {@code pages} (a power of two up to 64). */
  private static long alignedStarts(int pages) {
    long mask = 1L;
    for (int s = pages; s < 64; s <<= 1) {
      mask |= mask << s;
    }
    return mask;
  }

  /** The slow path when no cluster is wholly free: look at every partly used cluster once. */
  private int searchPartial(int pages) {
    int c = partial.nextSetWrapping(cursor);
    int first = c;
    while (c >= 0) {
      if (clusterFree[c] >= pages) {
        int start = findRun(c, pages);
        if (start >= 0) {
          return start;
        }
      }
      c = partial.nextSetWrapping(c + 1);
      if (c == first) {
        return -1;
      }
    }
    return -1;
  }

  private void takeRun(int start, int pages) {
    int end = start + pages;
    if (pages >= 64) {
      Arrays.fill(free, start >>> 6, end >>> 6, 0L);
    } else {
      free[start >>> 6] &= ~(((1L << pages) - 1) << start);
    }
    Arrays.fill(count, start, end, (short) 1);
    Arrays.fill(content, start, end, 0);
    freeSlots -= pages;
    taken(start / clusterSlots, pages);
  }

  /** Moves cluster {@code c} between the lists after {@code n} of its slots were taken. */
  private void taken(int c, int n) {
    int before = clusterFree[c];
    int after = before - n;
    clusterFree[c] = (short) after;
    if (before == clusterSlots) {
      whole.clear(c);
      if (after > 0) {
        partial.set(c);
      }
    } else if (after == 0) {
      partial.clear(c);
    }
  }

  /** Moves cluster {@code c} between the lists after one of its slots came back. */
  private void returned(int c) {
    int before = clusterFree[c];
    int after = before + 1;
    clusterFree[c] = (short) after;
    if (after == clusterSlots) {
      partial.clear(c);
      whole.set(c);
    } else if (before == 0) {
      partial.set(c);
    }
  }
}
