package org.kmodel.kernel.mm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.kmodel.api.thp.AddressSpaceView;
import org.kmodel.api.thp.PromotionResult;
import org.kmodel.api.thp.RangeStats;

/** The kernel's side of the promotion SPI, driven directly as a policy's thread would. */
class PromotionTest {
  private static final long M = 1L << 20;
  private static final String PAGES_COLLAPSED =
      "/sys/kernel/mm/transparent_hugepage/khugepaged/pages_collapsed";

  private final MmHarness h = new MmHarness(64 * M, 0);

  private Promotion promotion() {
    return h.mm.paths().promotion;
  }

  private AddressSpaceView space(String pid) {
    return promotion().addressSpaces().stream()
        .filter(s -> s.pid().equals(pid))
        .findFirst()
        .orElseThrow();
  }

  private long memFreeKb() {
    return h.kernel.meminfo().get("MemFree");
  }

  /** p1 with a 4M area whose first 2M range has {@code pages} base pages written {@code 7}. */
  private Process.Region basePages(int pages) {
    h.thp("never");
    h.mm.spawn("p1");
    Process.Region a = h.mm.mmapAnonymous("p1", "a", 4 * M, 2 * M, 3);
    assertTrue(h.mm.fill("p1", a.start(), a.start() + pages * MmHarness.K4, 7));
    return a;
  }

  @Test
  void rangeStatsCountWhatTheTableHoldsAndSampleAccessedBits() {
    Process.Region a = basePages(100);
    h.mm.touch("p1", a.start() + 100 * MmHarness.K4, a.start() + 150 * MmHarness.K4, 4096, false);
    RangeStats r = promotion().rangeStats(space("p1"), a.start(), true);
    assertTrue(r.hasTable());
    assertFalse(r.huge());
    assertTrue(r.inVma());
    assertEquals(512, r.pages());
    assertEquals(100, r.present());
    assertEquals(50, r.zeroPage(), "reads of untouched pages map the zero page");
    assertEquals(362, r.none());
    assertEquals(100, r.writable());
    assertEquals(100, r.accessed());
    assertEquals(0, r.zeroFilled(), "every written page holds 7");
    assertEquals(100, r.populated());

    assertEquals(0, promotion().rangeStats(space("p1"), a.start(), false).accessed());
    h.mm.touch("p1", a.start(), a.start() + 10 * MmHarness.K4, 4096, false);
    assertEquals(10, promotion().rangeStats(space("p1"), a.start(), false).accessed());

    RangeStats empty = promotion().rangeStats(space("p1"), a.start() + 2 * M, false);
    assertFalse(empty.hasTable());
    assertEquals(512, empty.none());
    assertThrows(
        IllegalArgumentException.class,
        () -> promotion().rangeStats(space("p1"), a.start() + MmHarness.K4, false));
  }

  @Test
  void promoteCollapsesTheRangeKeepingItsData() {
    Process.Region a = basePages(300);
    assertEquals(PromotionResult.PROMOTED, promotion().promote(space("p1"), a.start(), false));
    assertEquals(2048, h.smaps("p1", "a", "AnonHugePages"));
    assertEquals(1, h.counter("thp_collapse_alloc"));
    assertEquals("1", h.kernel.knobTree().find(PAGES_COLLAPSED).read());
    assertEquals(-1, h.mm.check("p1", a.start(), a.start() + 300 * MmHarness.K4, 7));
    assertEquals(0, h.mm.contentAt("p1", a.start() + 400 * MmHarness.K4));
    assertEquals(1, space("p1").hugePages());
    assertEquals(PromotionResult.ALREADY_HUGE, promotion().promote(space("p1"), a.start(), false));
    assertEquals(
        PromotionResult.NO_TABLE, promotion().promote(space("p1"), a.start() + 2 * M, false));
    h.assertInvariants();
  }

  @Test
  void demoteDropsZeroFilledPagesToTheZeroPage() {
    Process.Region a = basePages(50);
    promotion().promote(space("p1"), a.start(), false);
    long anonBefore = space("p1").anonPages();
    assertEquals(512, anonBefore);

    assertEquals(462, promotion().demote(space("p1"), a.start(), true));
    assertEquals(50, space("p1").anonPages());
    assertEquals(0, h.smaps("p1", "a", "AnonHugePages"));
    assertEquals(1, h.counter("thp_split_pmd"));
    assertEquals(1, h.counter("thp_split_page"));
    assertEquals(-1, h.mm.check("p1", a.start(), a.start() + 50 * MmHarness.K4, 7));
    assertEquals(0, h.mm.contentAt("p1", a.start() + 51 * MmHarness.K4));
    h.assertInvariants();

    assertTrue(h.mm.fill("p1", a.start() + 100 * MmHarness.K4, a.start() + 101 * MmHarness.K4, 9));
    assertEquals(9, h.mm.contentAt("p1", a.start() + 100 * MmHarness.K4));
    assertEquals(-1, promotion().demote(space("p1"), a.start(), true), "no huge page is left");
    h.assertInvariants();
  }

  @Test
  void demoteWithoutDroppingKeepsEveryPage() {
    Process.Region a = basePages(50);
    promotion().promote(space("p1"), a.start(), false);
    assertEquals(0, promotion().demote(space("p1"), a.start(), false));
    assertEquals(512, space("p1").anonPages());
    h.assertInvariants();
  }

  @Test
  void aSharedHugePageIsNotDemoted() {
    h.mm.spawn("p1");
    Process.Region a = h.mm.mmapAnonymous("p1", "a", 2 * M, 2 * M, 3);
    h.mm.fill("p1", a.start(), a.end(), 1);
    h.mm.fork("p1", "c1");
    assertEquals(-1, promotion().demote(space("p1"), a.start(), true));
  }

  @Test
  void prezeroedPagesCountAsFreeServeHugeFaultsAndGoBackUnderPressure() {
    long free = memFreeKb();
    assertEquals(3, promotion().prezero(3));
    assertEquals(3, promotion().prezeroed());
    assertEquals(free, memFreeKb(), "the pool is free memory set aside");

    h.mm.spawn("p1");
    Process.Region a = h.mm.mmapAnonymous("p1", "a", 2 * M, 2 * M, 3);
    h.mm.fill("p1", a.start(), a.end(), 5);
    assertEquals(2, promotion().prezeroed(), "the huge fault took a pooled page");
    assertEquals(1, h.counter("thp_fault_alloc"));
    assertEquals(-1, h.mm.check("p1", a.start(), a.end(), 5));
    h.assertInvariants();

    h.thp("never");
    long rest = (memFreeKb() << 10) - 2 * M;
    Process.Region b = h.mm.mmapAnonymous("p1", "b", rest, 0, 3);
    assertTrue(h.mm.fill("p1", b.start(), b.end(), 6), "no OOM while the pool holds pages");
    assertEquals(0, promotion().prezeroed(), "pressure emptied the pool");
    assertEquals(0, h.counter("oom_kill"));
    h.assertInvariants();
    assertEquals(0, promotion().releasePrezeroed(5));
  }

  @Test
  void freeBlocksAndAddressSpacesReflectTheMachine() {
    h.mm.spawn("p1");
    h.mm.spawn("p2");
    assertEquals(
        List.of("p1", "p2"), promotion().addressSpaces().stream().map(s -> s.pid()).toList());
    assertEquals(2 * M, promotion().hugePageSize());
    assertEquals(h.kernel.meminfo().get("MemFree") / 4, promotion().freeBlocks().freePages());
    assertEquals(-1000, promotion().freeBlocks().fragmentationIndex(0));
    AddressSpaceView p2 = space("p2");
    h.mm.exit("p2");
    assertThrows(IllegalArgumentException.class, () -> promotion().rangeStats(p2, 0, false));
  }
}
