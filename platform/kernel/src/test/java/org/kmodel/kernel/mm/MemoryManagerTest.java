package org.kmodel.kernel.mm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kmodel.kernel.mm.MmHarness.K4;
import static org.kmodel.kernel.mm.MmHarness.M2;

import org.junit.jupiter.api.Test;
import org.kmodel.api.KernelVersion;
import org.kmodel.api.mm.VmFlags;
import org.kmodel.kernel.mm.boot.FailPageAlloc;

class MemoryManagerTest {
  private static final long RW = VmFlags.READ | VmFlags.WRITE;

  private final MmHarness h = new MmHarness(64L << 20, 0);

  private Process.Region map(String pid, String name, long size) {
    if (h.kernel.processes().get(pid) == null) {
      h.mm.spawn(pid);
    }
    return h.mm.mmapAnonymous(pid, name, size, 0, RW);
  }

  @Test
  void readFaultsMapTheZeroPageAndWriteFaultsMapFreshPages() {
    h.thp("never");
    Process.Region r = map("p", "a", 4 * M2);
    h.mm.touch("p", r.start(), r.start() + 8 * K4, K4, false);
    assertEquals(0, h.smaps("p", "a", "Rss"));
    assertEquals(8, h.counter("pgfault"));
    h.mm.touch("p", r.start(), r.start() + 8 * K4, K4, true);
    assertEquals(32, h.smaps("p", "a", "Rss"));
    assertEquals(16, h.counter("pgfault"));
    h.mm.touch("p", r.start(), r.start() + 8 * K4, K4, true);
    assertEquals(16, h.counter("pgfault"), "present writable pages do not fault");
    h.assertInvariants();
  }

  @Test
  void aHugeFaultMapsTwoMegabytesAndAFailedOneFallsBackSilently() {
    Process.Region r = map("p", "a", 2 * M2);
    assertEquals(0, r.start() % M2, "a 2M-multiple mapping is THP-aligned");
    h.mm.touch("p", r.start(), r.start() + K4, K4, true);
    assertEquals(2048, h.smaps("p", "a", "AnonHugePages"));
    assertEquals(1, h.counter("thp_fault_alloc"));

    MmHarness noHuge = new MmHarness(64L << 20, 0, MmHarness.NoHugeAllocator::new);
    noHuge.mm.spawn("q");
    Process.Region q = noHuge.mm.mmapAnonymous("q", "a", 2 * M2, 0, RW);
    noHuge.mm.touch("q", q.start(), q.start() + 2 * K4, K4, true);
    assertEquals(0, noHuge.smaps("q", "a", "AnonHugePages"));
    assertEquals(8, noHuge.smaps("q", "a", "Rss"));
    assertEquals(
        1,
        noHuge.counter("thp_fault_fallback"),
        "after a fallback the PMD holds a PTE table, so the next fault does not try again");
    noHuge.assertInvariants();
  }

  @Test
  void dontneedOfTheFirstPageSplitsTheHugeMappingAndTheRestKeepsItsData() {
    Process.Region r = map("p", "a", M2);
    h.mm.fill("p", r.start(), r.end(), 7);
    h.mm.madviseDontneed("p", r.start(), r.start() + K4);
    assertEquals(1, h.counter("thp_split_pmd"));
    assertEquals(0, h.smaps("p", "a", "AnonHugePages"));
    assertEquals(2044, h.smaps("p", "a", "Rss"));
    assertEquals(-1, h.mm.check("p", r.start() + K4, r.end(), 7));
    assertEquals(0, h.mm.contentAt("p", r.start()));
    assertEquals(1, h.counter("thp_deferred_split_page"));
    h.assertInvariants();
  }

  @Test
  void modernCowSplitsOnlyTheWritersPmdAndCopiesOnePage() {
    Process.Region r = map("p", "a", M2);
    h.mm.fill("p", r.start(), r.end(), 5);
    h.mm.fork("p", "c");
    assertEquals(2048, h.smaps("c", "a", "AnonHugePages"));
    h.mm.fill("c", r.start() + 3 * K4, r.start() + 4 * K4, 9);
    assertEquals(0, h.smaps("c", "a", "AnonHugePages"));
    assertEquals(2048, h.smaps("p", "a", "AnonHugePages"));
    assertEquals(1, h.counter("thp_fault_alloc"));
    assertEquals(9, h.mm.contentAt("c", r.start() + 3 * K4));
    assertEquals(5, h.mm.contentAt("p", r.start() + 3 * K4));
    assertEquals(-1, h.mm.check("p", r.start(), r.end(), 5));
    h.assertInvariants();
    h.mm.exit("c");
    h.mm.exit("p");
    assertEquals(0, h.kernel.memory().usedFrames());
    h.assertInvariants();
  }

  @Test
  void beforeFiveEightCowCopiesTheWholeHugePage() {
    MmHarness h = MmHarness.release(KernelVersion.of(5, 7));
    h.thp("always");
    h.mm.spawn("p");
    Process.Region r = h.mm.mmapAnonymous("p", "a", M2, M2, RW);
    h.mm.fill("p", r.start(), r.end(), 5);
    h.mm.fork("p", "c");
    h.mm.fill("c", r.start(), r.start() + K4, 9);
    assertEquals(2048, h.smaps("c", "a", "AnonHugePages"));
    assertEquals(2048, h.smaps("p", "a", "AnonHugePages"));
    assertEquals(2, h.counter("thp_fault_alloc"));
    assertEquals(-1, h.mm.check("c", r.start() + K4, r.end(), 5));
    assertEquals(9, h.mm.contentAt("c", r.start()));
    h.assertInvariants();
  }

  @Test
  void theParentKeepsItsHugePageWhenTheChildExits() {
    Process.Region r = map("p", "a", M2);
    h.mm.fill("p", r.start(), r.end(), 1);
    h.mm.fork("p", "c");
    h.mm.exit("c");
    h.mm.fill("p", r.start(), r.start() + K4, 2);
    assertEquals(2048, h.smaps("p", "a", "AnonHugePages"));
    assertEquals(1, h.counter("thp_fault_alloc"), "a sole mapper reuses its huge page");
    h.assertInvariants();
  }

  @Test
  void mprotectSplitsTheVmaAndTheHugeMappingAndMergesBack() {
    Process.Region r = map("p", "a", 2 * M2);
    h.mm.fill("p", r.start(), r.end(), 3);
    h.mm.mprotect("p", r.start() + K4, r.start() + 2 * K4, VmFlags.READ);
    assertEquals(3, h.mm.process("p").mm().vmaCount());
    assertEquals(1, h.counter("thp_split_pmd"));
    assertEquals(2048, h.smaps("p", "a", "AnonHugePages"));
    assertFalse(h.mm.touch("p", r.start() + K4, r.start() + 2 * K4, K4, true));
    assertTrue(h.mm.lastKillWasSegv());
    assertThrows(MmException.class, () -> h.mm.process("p"));
    h.assertInvariants();
  }

  @Test
  void mprotectBackMergesTheVmas() {
    Process.Region r = map("p", "a", 4 * K4);
    h.mm.mprotect("p", r.start() + K4, r.start() + 2 * K4, VmFlags.READ);
    assertEquals(3, h.mm.process("p").mm().vmaCount());
    h.mm.mprotect("p", r.start() + K4, r.start() + 2 * K4, RW);
    assertEquals(1, h.mm.process("p").mm().vmaCount());
  }

  @Test
  void mremapKeepsAHugeMappingWhenBothEndsAreAlignedAndSplitsItOtherwise() {
    Process.Region r = map("p", "a", 2 * M2);
    h.mm.fill("p", r.start(), r.end(), 4);
    Process.Region moved = h.mm.mremap("p", r.start(), r.start() + M2, "b", M2);
    assertEquals(2048, h.smaps("p", "b", "AnonHugePages"));
    assertEquals(-1, h.mm.check("p", moved.start(), moved.end(), 4));
    Process.Region shifted = h.mm.mremap("p", r.start() + M2, r.end(), "c", 0);
    assertEquals(0, h.smaps("p", "c", "AnonHugePages"));
    assertEquals(2048, h.smaps("p", "c", "Rss"));
    assertEquals(-1, h.mm.check("p", shifted.start(), shifted.end(), 4));
    h.assertInvariants();
  }

  /**
   * A page table for the target cannot be had half-way through the move: mremap fails with ENOMEM
   * and, as move_vma moves the entries back, the old mapping keeps every page and its data.
   */
  @Test
  void mremapThatRunsOutOfPageTablesHalfWayMovesTheEntriesBack() {
    Process.Region r = map("p", "a", 2 * M2 + 2 * K4);
    h.mm.fill("p", r.start(), r.end(), 9);
    long rss = h.smaps("p", "a", "Rss");
    String dir = FailPageAlloc.DIR;
    h.knob(dir + "/ignore-gfp-wait", "N");
    h.knob(dir + "/ignore-gfp-highmem", "N");
    h.knob(dir + "/min-order", "0");
    h.knob(dir + "/interval", "2");
    h.knob(dir + "/times", "1");
    h.knob(dir + "/probability", "100");
    MmException e =
        assertThrows(MmException.class, () -> h.mm.mremap("p", r.start(), r.end(), "b", 0));
    assertEquals("ENOMEM", e.errno());
    assertEquals(1, h.kernel.failPageAlloc().injected());
    assertEquals(null, h.region("p", "b"));
    assertEquals(rss, h.smaps("p", "a", "Rss"));
    assertEquals(-1, h.mm.check("p", r.start(), r.end(), 9));
    h.assertInvariants();
  }

  @Test
  void munmapOfPartOfAHugePageLeavesTheRestMapped() {
    Process.Region r = map("p", "a", M2);
    h.mm.fill("p", r.start(), r.end(), 6);
    h.mm.munmap("p", r.start() + M2 / 2, r.end());
    assertEquals(1024, h.smaps("p", "a", "Rss"));
    assertEquals(-1, h.mm.check("p", r.start(), r.start() + M2 / 2, 6));
    h.assertInvariants();
  }

  @Test
  void underMemoryPressurePagesGoToSwapAndComeBackIntact() {
    MmHarness small = new MmHarness(16L << 20, 32L << 20);
    small.thp("never");
    small.mm.spawn("p");
    Process.Region r = small.mm.mmapAnonymous("p", "a", 24L << 20, 0, RW);
    for (long off = 0; off < r.length(); off += M2) {
      small.mm.fill("p", r.start() + off, r.start() + off + M2, (int) (off / M2) + 1);
    }
    assertTrue(small.counter("pswpout") > 0);
    assertTrue(small.smaps("p", "a", "Swap") > 0);
    for (long off = 0; off < r.length(); off += M2) {
      assertEquals(
          -1, small.mm.check("p", r.start() + off, r.start() + off + M2, (int) (off / M2) + 1));
    }
    small.mm.touch("p", r.start(), r.start() + M2, K4, false);
    assertTrue(small.counter("pswpin") > 0);
    assertEquals(small.counter("pswpin"), small.counter("pgmajfault"));
    small.assertInvariants();
  }

  @Test
  void withoutSwapExhaustionIsAnOomKillNotAnException() {
    MmHarness small = new MmHarness(8L << 20, 0);
    small.thp("never");
    small.mm.spawn("hog");
    Process.Region r = small.mm.mmapAnonymous("hog", "a", 16L << 20, 0, RW);
    assertFalse(small.mm.touch("hog", r.start(), r.end(), K4, true));
    assertFalse(small.mm.lastKillWasSegv());
    assertEquals(1, small.counter("oom_kill"));
    assertEquals("oom", small.kernel.events().ofType("oom").get(0).type());
    small.assertInvariants();
  }

  @Test
  void madviseCollapseMakesAHugePageOfPopulatedBasePages() {
    h.thp("never");
    Process.Region r = map("p", "a", M2);
    h.mm.fill("p", r.start(), r.start() + M2 / 2, 8);
    h.thp("always");
    assertEquals(null, h.mm.madviseCollapse("p", r.start(), r.end()));
    assertEquals(2048, h.smaps("p", "a", "AnonHugePages"));
    assertEquals(1, h.counter("thp_collapse_alloc"));
    assertEquals(-1, h.mm.check("p", r.start(), r.start() + M2 / 2, 8));
    assertEquals(-1, h.mm.check("p", r.start() + M2 / 2, r.end(), 0));
    h.assertInvariants();
  }
}
