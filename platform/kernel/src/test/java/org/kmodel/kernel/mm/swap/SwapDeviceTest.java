package org.kmodel.kernel.mm.swap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SwapDeviceTest {
  private static final long NO = SwapDevice.NO_SLOT;

  @Test
  void aZeroSizeDeviceHasNothingToGive() {
    for (SwapDevice d :
        List.of(
            new SwapDevice(0, 4096, 512),
            SwapDevice.ofBytes(0, 4096, 512),
            SwapDevice.ofBytes(4095, 4096, 512))) {
      assertEquals(0, d.total());
      assertEquals(0, d.free());
      assertEquals(0, d.used());
      assertEquals(NO, d.allocate());
      assertEquals(NO, d.allocateCluster(512));
      assertEquals(NO, d.allocateCluster(4));
    }
  }

  @Test
  void bytesBecomeWholeSlots() {
    assertEquals(16, SwapDevice.ofBytes(64 << 10, 4096, 512).total());
    assertEquals(16, SwapDevice.ofBytes((64 << 10) + 4095, 4096, 512).total());
    assertEquals(6, SwapDevice.bytesPerSlot());
  }

  @Test
  void everySlotIsHandedOutOnceThenNoSlot() {
    SwapDevice d = new SwapDevice(1000, 4096, 512);
    Set<Long> seen = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      long s = d.allocate();
      assertTrue(s >= 0 && s < 1000, "slot " + s);
      assertTrue(seen.add(s), "slot " + s + " handed out twice");
      assertEquals(1, d.count(s));
    }
    assertEquals(NO, d.allocate());
    assertEquals(NO, d.allocateCluster(2));
    assertEquals(0, d.free());
    assertEquals(1000, d.used());
    d.release(617);
    assertEquals(617, d.allocate());
  }

  @Test
  void hugePageRunsAreWholeAlignedClusters() {
    SwapDevice d = new SwapDevice(8 * 512 + 100, 4096, 512);
    d.allocate();
    List<Long> runs = new ArrayList<>();
    for (long s = d.allocateCluster(512); s != NO; s = d.allocateCluster(512)) {
      assertEquals(0, s % 512, "run at " + s);
      for (long i = s; i < s + 512; i++) {
        assertEquals(1, d.count(i));
      }
      runs.add(s);
    }
    assertEquals(List.of(512L, 1024L, 1536L, 2048L, 2560L, 3072L, 3584L), runs);
    assertEquals(511 + 100, d.free());
  }

  @Test
  void smallerRunsAreNaturallyAligned() {
    SwapDevice d = new SwapDevice(4 * 512, 4096, 512);
    SplittableRandom r = new SplittableRandom(7);
    for (int i = 0; i < 200; i++) {
      int pages = 1 << r.nextInt(9);
      long s = d.allocateCluster(pages);
      if (s == NO) {
        continue;
      }
      assertEquals(0, s % pages, pages + " pages at " + s);
      for (long j = s; j < s + pages; j++) {
        assertEquals(1, d.count(j));
      }
    }
    assertThrows(IllegalArgumentException.class, () -> d.allocateCluster(3));
    assertThrows(IllegalArgumentException.class, () -> d.allocateCluster(1024));
    assertThrows(IllegalArgumentException.class, () -> d.allocateCluster(0));
  }

  @Test
  void singleSlotsFillOneClusterBeforeBreakingAnother() {
    SwapDevice d = new SwapDevice(4 * 512, 4096, 512);
    for (int i = 0; i < 512; i++) {
      assertEquals(i, d.allocate());
    }
    d.release(100);
    assertEquals(512, d.allocateCluster(512));
    assertEquals(100, d.allocate());
    assertEquals(1024, d.allocateCluster(512));
    assertEquals(1536, d.allocateCluster(512));
    assertEquals(NO, d.allocateCluster(512));
  }

  @Test
  void smallRunsComeOutOfPartlyUsedClustersWhenNoneIsWhole() {
    SwapDevice d = new SwapDevice(512, 4096, 512);
    for (int i = 0; i < 512; i++) {
      d.allocate();
    }
    for (int i = 8; i < 12; i++) {
      d.release(i);
    }
    for (int i = 13; i < 17; i++) {
      d.release(i);
    }
    assertEquals(8, d.allocateCluster(4));
    assertEquals(NO, d.allocateCluster(4));
    assertEquals(14, d.allocateCluster(2));
    for (int i = 128; i < 384; i++) {
      d.release(i);
    }
    assertEquals(128, d.allocateCluster(128));
    assertEquals(256, d.allocateCluster(128));
    assertEquals(NO, d.allocateCluster(128));
  }

  @Test
  void aLargeRunInThePartlyUsedCursorCluster() {
    SwapDevice d = new SwapDevice(1024, 4096, 512);
    assertEquals(0, d.allocateCluster(512));
    assertEquals(512, d.allocate());
    assertEquals(640, d.allocateCluster(128));
    assertEquals(576, d.allocateCluster(64));
    assertEquals(514, d.allocateCluster(2));
  }

  @Test
  void countsFollowDuplicateAndRelease() {
    SwapDevice d = new SwapDevice(64, 4096, 512);
    long s = d.allocate();
    assertEquals(2, d.duplicate(s));
    assertEquals(3, d.duplicate(s));
    assertEquals(2, d.release(s));
    assertEquals(1, d.release(s));
    assertEquals(63, d.free());
    assertEquals(0, d.release(s));
    assertEquals(0, d.count(s));
    assertEquals(64, d.free());
  }

  @Test
  void aCountThatWouldOverflowIsAFailureNotASaturation() {
    SwapDevice d = new SwapDevice(1, 4096, 512);
    long s = d.allocate();
    for (int c = 2; c <= SwapDevice.MAX_COUNT; c++) {
      assertEquals(c, d.duplicate(s));
    }
    assertEquals(-1, d.duplicate(s));
    assertEquals(SwapDevice.MAX_COUNT, d.count(s));
    for (int c = SwapDevice.MAX_COUNT - 1; c >= 0; c--) {
      assertEquals(c, d.release(s));
    }
    assertEquals(1, d.free());
  }

  @Test
  void contentIsKeptUntilTheSlotIsReused() {
    SwapDevice d = new SwapDevice(1, 4096, 512);
    long s = d.allocate();
    assertEquals(0, d.content(s));
    d.setContent(s, 0xCAFE);
    d.duplicate(s);
    d.release(s);
    assertEquals(0xCAFE, d.content(s));
    d.release(s);
    assertEquals(s, d.allocate());
    assertEquals(0, d.content(s));
  }

  @Test
  void touchingAFreeSlotIsAKernelBug() {
    SwapDevice d = new SwapDevice(8, 4096, 512);
    assertThrows(IllegalStateException.class, () -> d.release(3));
    assertThrows(IllegalStateException.class, () -> d.duplicate(3));
    assertThrows(IllegalStateException.class, () -> d.content(3));
    assertThrows(IllegalStateException.class, () -> d.setContent(3, 1));
    assertThrows(IllegalStateException.class, () -> d.release(8));
    assertThrows(IllegalStateException.class, () -> d.release(-1));
  }

  @Test
  void randomSequencesConserveSlotsAndCounts() {
    for (int n : new int[] {1, 63, 512, 3000, 4096}) {
      SwapDevice d = new SwapDevice(n, 4096, 512);
      int[] expected = new int[n];
      List<Long> refs = new ArrayList<>();
      SplittableRandom r = new SplittableRandom(n);
      for (int step = 0; step < 40_000; step++) {
        int op = r.nextInt(10);
        if (op < 3) {
          take(d, d.allocate(), 1, expected, refs);
        } else if (op < 5) {
          int pages = 1 << r.nextInt(10);
          take(d, d.allocateCluster(pages), pages, expected, refs);
        } else if (op < 6 && !refs.isEmpty()) {
          long s = refs.get(r.nextInt(refs.size()));
          assertEquals(++expected[(int) s], d.duplicate(s));
          refs.add(s);
        } else if (!refs.isEmpty()) {
          int i = r.nextInt(refs.size());
          long s = refs.get(i);
          refs.set(i, refs.get(refs.size() - 1));
          refs.remove(refs.size() - 1);
          assertEquals(--expected[(int) s], d.release(s));
        }
        assertEquals(d.total(), d.free() + d.used());
      }
      long free = 0;
      for (int s = 0; s < n; s++) {
        assertEquals(expected[s], d.count(s));
        free += expected[s] == 0 ? 1 : 0;
      }
      assertEquals(free, d.free());
    }
  }

  private static void take(SwapDevice d, long s, int pages, int[] expected, List<Long> refs) {
    if (s == NO) {
      long freeRuns = 0;
      for (int i = 0; i + pages <= expected.length; i += pages) {
        boolean all = true;
        for (int j = i; j < i + pages; j++) {
          all &= expected[j] == 0;
        }
        freeRuns += all ? 1 : 0;
      }
      assertEquals(0, freeRuns, "NO_SLOT while a free aligned run of " + pages + " exists");
      return;
    }
    assertEquals(0, s % pages);
    for (long j = s; j < s + pages; j++) {
      assertEquals(0, expected[(int) j], "slot " + j + " handed out while in use");
      expected[(int) j] = 1;
      refs.add(j);
    }
  }

  @Test
  void theSameCallsGiveTheSameSlots() {
    assertArrayEquals(script(11), script(11));
    assertFalse(Arrays.equals(script(11), script(12)));
  }

  private static long[] script(long seed) {
    SwapDevice d = new SwapDevice(2048 + 77, 4096, 512);
    SplittableRandom r = new SplittableRandom(seed);
    long[] out = new long[5000];
    List<Long> held = new ArrayList<>();
    for (int i = 0; i < out.length; i++) {
      if (held.isEmpty() || r.nextInt(3) > 0) {
        long s = r.nextBoolean() ? d.allocate() : d.allocateCluster(1 << r.nextInt(10));
        out[i] = s;
        if (s != NO) {
          held.add(s);
        }
      } else {
        long s = held.remove(r.nextInt(held.size()));
        out[i] = d.release(s);
      }
    }
    return out;
  }
}
