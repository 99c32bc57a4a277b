package org.kmodel.api.thp;

import java.util.Arrays;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The allocator's free blocks per order at one moment ({@code /proc/buddyinfo} summed over zones),
 * with the two fragmentation measures computed from them. Immutable.
 */
@ProviderType
public final class FreeBlocks {
  private final long[] blocks;

  /**
   * @param blocks free blocks of exactly order {@code i} at index {@code i}; copied
   * @throws IllegalArgumentException when a count is negative
   */
  public FreeBlocks(long[] blocks) {
    this.blocks = blocks.clone();
    for (long b : this.blocks) {
      if (b < 0) {
        throw new IllegalArgumentException("free block counts cannot be negative");
      }
    }
  }

  /** The largest order reported. */
  public int maxOrder() {
    return blocks.length - 1;
  }

  /** Free blocks of exactly this order; 0 past {@link #maxOrder()}. */
  public long blocks(int order) {
    return order >= 0 && order < blocks.length ? blocks[order] : 0;
  }

  /** Free base pages in all blocks. */
  public long freePages() {
    long pages = 0;
    for (int o = 0; o < blocks.length; o++) {
      pages += blocks[o] << o;
    }
    return pages;
  }

  /** Free base pages in blocks of at least {@code order}: what a request of that order can use. */
  public long suitablePages(int order) {
    long pages = 0;
    for (int o = Math.max(order, 0); o < blocks.length; o++) {
      pages += blocks[o] << o;
    }
    return pages;
  }

  /**
   * Linux's fragmentation index for a request of {@code order} ({@code
   * /sys/kernel/debug/extfrag/extfrag_index}, in thousandths): -1000 when a free block of that
   * order or larger exists; otherwise towards 0 when the request fails for lack of memory and
   * towards 1000 when it fails because free memory is scattered in small blocks. 0 when nothing is
   * free.
   */
  public int fragmentationIndex(int order) {
    long total = 0;
    for (long b : blocks) {
      total += b;
    }
    if (total == 0) {
      return 0;
    }
    if (suitablePages(order) > 0) {
      return -1000;
    }
    long requested = 1L << order;
    return (int) (1000 - (1000 + freePages() * 1000 / requested) / total);
  }

  /**
   * The unusable free space index for {@code order} (Gorman and Whitcroft; Ingens' FMFI), in
   * thousandths: the share of free memory in blocks too small for the request. 0 when every free
   * page could serve it, 1000 when none could or nothing is free.
   */
  public int unusableIndex(int order) {
    long free = freePages();
    if (free == 0) {
      return 1000;
    }
    return (int) ((free - suitablePages(order)) * 1000 / free);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FreeBlocks f && Arrays.equals(f.blocks, blocks);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(blocks);
  }

  @Override
  public String toString() {
    return "FreeBlocks" + Arrays.toString(blocks);
  }
}
