package org.kmodel.kernel.mm.boot;

import java.util.Arrays;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Boot-time fragmentation of physical memory, so a scenario can start on a machine that has been up
 * for a while: huge-page allocation and compaction behave very differently when free memory is
 * scattered. Both forms reserve frames for good (unmovable kernel memory that compaction cannot
 * move), and both are deterministic for a seed. Call them on a fresh frame table, before the
 * allocator attaches.
 *
 * <p>{@link #synthetic} scatters one reserved frame into a chosen fraction of the 2 MiB blocks.
 * {@link #imported} lays memory out so that the free blocks are exactly those of a real {@code
 * /proc/buddyinfo} ({@link BuddyInfo}).
 */
public final class Fragmentation {
  /** The order of a PMD-sized huge page with 4K frames: 512 frames, 2 MiB. */
  public static final int PMD_ORDER = 9;

  /** The largest order the buddy allocator keeps: 1024 frames, 4 MiB. */
  public static final int MAX_ORDER = BuddyInfo.ORDERS - 1;

  private static final long REGION = 1L << MAX_ORDER;

  private Fragmentation() {}

  /**
   * For each naturally aligned block of 512 frames, with probability {@code f} reserves one frame
   * at a seeded random position inside it (the next free one, wrapping within the block, when that
   * frame is taken). f = 0 reserves nothing; f = 1 leaves no free 2 MiB block; on a fresh machine
   * the share of free memory in blocks below order 9 comes out close to f.
   *
   * @return the frames reserved
   */
  public static long synthetic(FrameReserver frames, double f, long seed) {
    return synthetic(frames, f, seed, PMD_ORDER);
  }

  /** As {@link #synthetic(FrameReserver, double, long)} with blocks of {@code 1 << order}. */
  public static long synthetic(FrameReserver frames, double f, long seed, int order) {
    if (!(f >= 0 && f <= 1)) {
      throw new IllegalArgumentException("fragmentation is a fraction from 0 to 1, not " + f);
    }
    SplittableRandom random = new SplittableRandom(seed);
    long size = 1L << order;
    long blocks = frames.frameCount() >>> order;
    long reserved = 0;
    for (long b = 0; b < blocks; b++) {
      boolean hit = random.nextDouble() < f;
      long at = random.nextLong(size);
      if (!hit) {
        continue;
      }
      long base = b << order;
      for (long i = 0; i < size; i++) {
        long pfn = base + ((at + i) & (size - 1));
        if (frames.isFree(pfn)) {
          frames.reserve(pfn);
          reserved++;
          break;
        }
      }
    }
    return reserved;
  }

  /**
   * Frames a layout of these free blocks takes: whole 4 MiB regions, holding the order-10 blocks
   * and, around the smaller ones, the reserved frames that keep each from merging with its buddy.
   * {@link Long#MAX_VALUE} when the counts are beyond any machine.
   *
   * @param freeBlocksPerOrder free blocks of orders 0 to 10 (a shorter array means zeros above)
   */
  public static long framesNeeded(long[] freeBlocksPerOrder) {
    long[] c = counts(freeBlocksPerOrder);
    for (int o = 0; o <= MAX_ORDER; o++) {
      if (c[o] > (Long.MAX_VALUE / REGION / (MAX_ORDER + 1)) >>> o) {
        return Long.MAX_VALUE;
      }
    }
    long regions = c[MAX_ORDER] + treeRegions(c);
    return regions > Long.MAX_VALUE / REGION ? Long.MAX_VALUE : regions * REGION;
  }

  /**
   * Lays memory out so that, after the buddy allocator merges every free frame it can, its free
   * lists hold exactly {@code freeBlocksPerOrder[o]} blocks of each order o; every other frame is
   * reserved. Each free block is naturally aligned and its buddy holds a reserved frame, so it
   * cannot merge. Only 4 MiB regions that are wholly free are used; which ones, and where inside
   * them the blocks sit, depends on the seed.
   *
   * <p>The smaller blocks are packed as tightly as buddies allow: one reserved frame in a 4 MiB
   * region keeps one free block of each order 0 to 9 apart (1023 free frames), and a region holds
   * more reserved frames only where the counts leave no block to put beside a buddy.
   *
   * @return empty when done, or why the machine cannot hold those blocks (nothing is then reserved)
   */
  public static Optional<String> imported(
      FrameReserver frames, long[] freeBlocksPerOrder, long seed) {
    long[] c = counts(freeBlocksPerOrder);
    long frameCount = frames.frameCount();
    long needed = framesNeeded(c);
    long regions = frameCount / REGION;
    long[] candidates = new long[(int) Math.min(regions, Integer.MAX_VALUE - 8)];
    int usable = 0;
    for (long r = 0; r < candidates.length; r++) {
      if (wholeFree(frames, r)) {
        candidates[usable++] = r;
      }
    }
    if (needed == Long.MAX_VALUE || needed / REGION > usable) {
      return Optional.of(tooSmall(c, needed, frameCount, usable));
    }
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = usable - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      long t = candidates[i];
      candidates[i] = candidates[j];
      candidates[j] = t;
    }
    int freeRegions = (int) c[MAX_ORDER];
    int trees = (int) treeRegions(c);
    BlockLayout layout = new BlockLayout(frames, c, trees, random);
    for (int i = freeRegions; i < freeRegions + trees; i++) {
      layout.lay(candidates[i] * REGION, MAX_ORDER);
    }
    layout.checkDone();
    boolean[] used = new boolean[candidates.length];
    for (int i = 0; i < freeRegions + trees; i++) {
      used[(int) candidates[i]] = true;
    }
    for (long pfn = 0; pfn < frameCount; pfn++) {
      long r = pfn / REGION;
      if ((r >= used.length || !used[(int) r]) && frames.isFree(pfn)) {
        frames.reserve(pfn);
      }
    }
    return Optional.empty();
  }

  private static long[] counts(long[] freeBlocksPerOrder) {
    if (freeBlocksPerOrder.length > MAX_ORDER + 1) {
      throw new IllegalArgumentException(
          "free blocks are counted for orders 0 to "
              + MAX_ORDER
              + ", not "
              + freeBlocksPerOrder.length);
    }
    long[] c = new long[MAX_ORDER + 1];
    for (int o = 0; o < freeBlocksPerOrder.length; o++) {
      if (freeBlocksPerOrder[o] < 0) {
        throw new IllegalArgumentException("negative count of order-" + o + " blocks");
      }
      c[o] = freeBlocksPerOrder[o];
    }
    return c;
  }

  /**
   * The fewest 4 MiB regions that hold the blocks below order 10. Across R such regions, the nodes
   * of order j that hold a reserved frame number {@code T(j) = 2^(10-j) R - sum(i = j..9) 2^(i-j)
   * c(i)}, and each free block of order j-1 needs one of them: {@code c(j-1) <= T(j)} for every j.
   */
  private static long treeRegions(long[] c) {
    long regions = 0;
    long carried = 0;
    for (int j = MAX_ORDER; j >= 1; j--) {
      long need = c[j - 1] + carried;
      long per = 1L << (MAX_ORDER - j);
      regions = Math.max(regions, (need + per - 1) / per);
      carried = 2 * carried + c[j - 1];
    }
    return regions;
  }

  private static boolean wholeFree(FrameReserver frames, long region) {
    long base = region * REGION;
    for (long pfn = base; pfn < base + REGION; pfn++) {
      if (!frames.isFree(pfn)) {
        return false;
      }
    }
    return true;
  }

  private static String tooSmall(long[] c, long needed, long frameCount, int usable) {
    String need =
        needed == Long.MAX_VALUE
            ? "more frames than any machine has"
            : needed + " frames (" + (needed >>> 8) + " MiB of 4K frames)";
    return "the machine is too small for the imported buddyinfo: its "
        + String.join(" ", Arrays.stream(c).mapToObj(Long::toString).toList())
        + " free blocks of orders 0 to "
        + MAX_ORDER
        + " need "
        + need
        + " in whole 4 MiB regions, with each block's buddy reserved, but the machine has "
        + frameCount
        + " frames and "
        + usable
        + " wholly free 4 MiB regions";
  }
}
