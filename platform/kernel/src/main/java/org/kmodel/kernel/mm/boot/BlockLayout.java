package org.kmodel.kernel.mm.boot;

import java.util.SplittableRandom;

/**
 * Builds {@link Fragmentation#imported}'s regions as binary trees of buddies. A node holding a
 * reserved frame either keeps one child wholly free (that child is one free block of the order
 * below) and passes the reservation to the other, or passes it to both. Which nodes keep a free
 * child is drawn by selection sampling over all the nodes of each order, so the counts come out
 * exact whatever the seed, and the reserved frames are the leaves.
 */
final class BlockLayout {
  private final FrameReserver frames;
  private final SplittableRandom random;
  private final long[] nodesLeft = new long[Fragmentation.MAX_ORDER + 1];
  private final long[] singlesLeft = new long[Fragmentation.MAX_ORDER + 1];

  BlockLayout(FrameReserver frames, long[] counts, long regions, SplittableRandom random) {
    this.frames = frames;
    this.random = random;
    long nodes = regions;
    for (int j = Fragmentation.MAX_ORDER; j >= 1; j--) {
      nodesLeft[j] = nodes;
      singlesLeft[j] = counts[j - 1];
      nodes = 2 * nodes - counts[j - 1];
    }
    nodesLeft[0] = nodes;
  }

  /** Lays out the node of this order at {@code base}, which holds at least one reserved frame. */
  void lay(long base, int order) {
    long n = nodesLeft[order]--;
    if (order == 0) {
      frames.reserve(base);
      return;
    }
    long s = singlesLeft[order];
    boolean single = s > 0 && (s == n || random.nextLong(n) < s);
    long half = 1L << (order - 1);
    if (single) {
      singlesLeft[order]--;
      lay(random.nextBoolean() ? base : base + half, order - 1);
    } else {
      lay(base, order - 1);
      lay(base + half, order - 1);
    }
  }

  /** Fails when the plan and the tree walk disagree (a bug, not bad input). */
  void checkDone() {
    for (int j = 0; j <= Fragmentation.MAX_ORDER; j++) {
      if (nodesLeft[j] != 0 || singlesLeft[j] != 0) {
        throw new IllegalStateException("block layout off at order " + j);
      }
    }
  }
}
