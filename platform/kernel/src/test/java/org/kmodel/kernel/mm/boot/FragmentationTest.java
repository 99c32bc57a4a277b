package org.kmodel.kernel.mm.boot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FragmentationTest {

  /** A frame table of booleans that refuses to reserve a frame twice. */
  static final class Frames implements FrameReserver {
    final boolean[] taken;
    long reserved;

    Frames(int frames) {
      taken = new boolean[frames];
    }

    @Override
    public long frameCount() {
      return taken.length;
    }

    @Override
    public boolean isFree(long pfn) {
      return !taken[(int) pfn];
    }

    @Override
    public void reserve(long pfn) {
      if (taken[(int) pfn]) {
        throw new IllegalStateException("frame " + pfn + " reserved twice");
      }
      taken[(int) pfn] = true;
      reserved++;
    }

    long free() {
      return taken.length - reserved;
    }
  }

  /**
   * Free blocks per order 0..10 as a buddy allocator would hold them: pair up free buddies order by
   * order, and count what is left unpaired at each order (everything at order 10).
   */
  static long[] buddyMerge(Frames frames) {
    boolean[] level = new boolean[frames.taken.length];
    for (int i = 0; i < level.length; i++) {
      level[i] = !frames.taken[i];
    }
    long[] counts = new long[11];
    for (int order = 0; order < 10; order++) {
      boolean[] up = new boolean[level.length / 2];
      for (int i = 0; i < up.length; i++) {
        up[i] = level[2 * i] && level[2 * i + 1];
      }
      for (int i = 0; i < level.length; i++) {
        if (level[i] && (i / 2 >= up.length || !up[i / 2])) {
          counts[order]++;
        }
      }
      level = up;
    }
    for (boolean b : level) {
      counts[10] += b ? 1 : 0;
    }
    return counts;
  }

  private static long freeFrames(long[] counts) {
    long frames = 0;
    for (int o = 0; o < counts.length; o++) {
      frames += counts[o] << o;
    }
    return frames;
  }

  @Test
  void noFragmentationReservesNothing() {
    Frames frames = new Frames(1 << 16);
    assertEquals(0, Fragmentation.synthetic(frames, 0.0, 1));
    assertEquals(0, frames.reserved);
    assertEquals(64, buddyMerge(frames)[10]);
  }

  @Test
  void fullFragmentationLeavesNoFreeHugePageBlock() {
    Frames frames = new Frames((1 << 16) + 300);
    assertEquals(128, Fragmentation.synthetic(frames, 1.0, 1));
    long[] counts = buddyMerge(frames);
    assertEquals(0, counts[9]);
    assertEquals(0, counts[10]);
    for (int b = 0; b < 128; b++) {
      boolean any = false;
      for (int i = b * 512; i < b * 512 + 512; i++) {
        any |= frames.taken[i];
      }
      assertTrue(any, "block " + b + " is wholly free");
    }
  }

  @Test
  void halfFragmentationPutsAboutHalfOfFreeMemoryBelowOrderNine() {
    Frames frames = new Frames(1 << 22);
    Fragmentation.synthetic(frames, 0.5, 2024);
    long[] counts = buddyMerge(frames);
    long small = 0;
    for (int o = 0; o < 9; o++) {
      small += counts[o] << o;
    }
    assertEquals(frames.free(), freeFrames(counts));
    assertEquals(0.5, (double) small / frames.free(), 0.03);
  }

  @Test
  void syntheticIsRepeatableForASeed() {
    Frames a = new Frames(1 << 16);
    Frames b = new Frames(1 << 16);
    Frames c = new Frames(1 << 16);
    Fragmentation.synthetic(a, 0.3, 9);
    Fragmentation.synthetic(b, 0.3, 9);
    Fragmentation.synthetic(c, 0.3, 10);
    assertArrayEquals(a.taken, b.taken);
    assertFalse(Arrays.equals(a.taken, c.taken));
  }

  @Test
  void syntheticStepsAroundFramesAlreadyTaken() {
    Frames frames = new Frames(1 << 12);
    for (int i = 0; i < 1 << 12; i += 2) {
      frames.reserve(i);
    }
    Fragmentation.synthetic(frames, 1.0, 3);
    assertEquals((1 << 11) + 8, frames.reserved);
    assertThrows(IllegalArgumentException.class, () -> Fragmentation.synthetic(frames, 1.5, 3));
    assertThrows(IllegalArgumentException.class, () -> Fragmentation.synthetic(frames, -0.1, 3));
    assertThrows(
        IllegalArgumentException.class, () -> Fragmentation.synthetic(frames, Double.NaN, 3));
  }

  @Test
  void importedLayoutReproducesTheCountsExactly() {
    long[][] cases = {
      {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0},
      {1000, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
      {0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 2},
      {3595, 2040, 1140, 578, 297, 163, 80, 39, 22, 11, 1507},
      {5, 0, 7, 0, 0, 40, 0, 0, 0, 0, 1},
    };
    for (long[] want : cases) {
      int frames = (int) Fragmentation.framesNeeded(want) + 3 * 1024 + 77;
      Frames f = new Frames(frames);
      assertEquals(Optional.empty(), Fragmentation.imported(f, want, 5));
      assertArrayEquals(want, buddyMerge(f), Arrays.toString(want));
      assertEquals(freeFrames(want), f.free());
    }
  }

  @Test
  void importedFitsAMachineOfExactlyTheFramesNeeded() {
    SplittableRandom r = new SplittableRandom(77);
    for (int trial = 0; trial < 40; trial++) {
      long[] want = new long[11];
      for (int o = 0; o < 11; o++) {
        want[o] = r.nextInt(4) == 0 ? 0 : r.nextInt(1 + (600 >> (o / 2)));
      }
      long needed = Fragmentation.framesNeeded(want);
      Frames exact = new Frames((int) needed);
      assertEquals(Optional.empty(), Fragmentation.imported(exact, want, trial));
      assertArrayEquals(want, buddyMerge(exact), Arrays.toString(want));
      if (needed > 0) {
        Frames small = new Frames((int) needed - 1);
        assertTrue(Fragmentation.imported(small, want, trial).isPresent());
        assertEquals(0, small.reserved);
      }
    }
  }

  @Test
  void framesNeededPacksOneBlockOfEachOrderPerRegion() {
    assertEquals(0, Fragmentation.framesNeeded(new long[11]));
    assertEquals(1024, Fragmentation.framesNeeded(new long[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1}));
    assertEquals(2048, Fragmentation.framesNeeded(new long[] {1000}));
    assertEquals(1024, Fragmentation.framesNeeded(new long[] {512}));
    assertEquals(2048, Fragmentation.framesNeeded(new long[] {513}));
    assertEquals(
        3 * 1024, Fragmentation.framesNeeded(new long[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2}));
    assertEquals(Long.MAX_VALUE, Fragmentation.framesNeeded(new long[] {Long.MAX_VALUE / 2}));
  }

  @Test
  void importedSaysWhyWhenTheMachineIsTooSmall() {
    Frames f = new Frames(4096);
    Optional<String> why =
        Fragmentation.imported(f, new long[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5}, 1);
    assertTrue(why.isPresent());
    assertTrue(why.get().startsWith("the machine is too small"), why.get());
    assertTrue(why.get().contains("5120 frames (20 MiB of 4K frames)"), why.get());
    assertTrue(why.get().contains("4096 frames and 4 wholly free 4 MiB regions"), why.get());
    assertEquals(0, f.reserved);
  }

  @Test
  void importedUsesOnlyWhollyFreeRegions() {
    Frames f = new Frames(4 * 1024);
    f.reserve(5);
    f.reserve(2048 + 700);
    long[] want = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
    assertEquals(Optional.empty(), Fragmentation.imported(f, want, 8));
    assertArrayEquals(want, buddyMerge(f));
    assertTrue(
        Fragmentation.imported(
                new Frames(4 * 1024), new long[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4}, 1)
            .isEmpty());
    Frames g = new Frames(4 * 1024);
    g.reserve(4095);
    assertTrue(
        Fragmentation.imported(g, new long[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4}, 1).isPresent());
  }

  @Test
  void importedIsRepeatableForASeed() {
    long[] want = {40, 30, 20, 10, 5, 4, 3, 2, 1, 1, 2};
    Frames a = new Frames(64 * 1024);
    Frames b = new Frames(64 * 1024);
    Frames c = new Frames(64 * 1024);
    Fragmentation.imported(a, want, 1);
    Fragmentation.imported(b, want, 1);
    Fragmentation.imported(c, want, 2);
    assertArrayEquals(a.taken, b.taken);
    assertFalse(Arrays.equals(a.taken, c.taken));
    assertArrayEquals(want, buddyMerge(c));
  }

  @Test
  void aParsedBuddyinfoRoundTrips() {
    BuddyInfo info =
        BuddyInfo.parse(
            "Node 0, zone      DMA      1      1      1      0      2      1      1      0      1"
                + "      1      3 \n"
                + "Node 0, zone    DMA32    764    462    234    144     76     41     23     11"
                + "      6      3    354 \n"
                + "Node 0, zone   Normal   2837   1578    906    434    219    121     56     28"
                + "     15      7   1150 \n");
    assertTrue(info.ok(), info.problems().toString());
    long[] want = info.freeBlocksPerOrder();
    Frames f = new Frames((int) Fragmentation.framesNeeded(want) + 1024 * 16);
    assertEquals(Optional.empty(), Fragmentation.imported(f, want, 42));
    assertArrayEquals(want, buddyMerge(f));
    assertEquals(info.freeFrames(), f.free());
  }
}
