package org.kmodel.testkit.fake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.kmodel.api.machine.MachineGeometry;
import org.kmodel.api.machine.PageTableLevel;
import org.kmodel.api.mm.VmFlags;
import org.kmodel.api.thp.FreeBlocks;
import org.kmodel.api.thp.PromotionResult;
import org.kmodel.api.thp.RangeStats;

/** The fake keeps the kernel's side of the promotion contract. */
class FakePromotionContextTest {
  private static final long G = 1L << 30;
  private static final long HUGE = 2L << 20;

  private final FakePromotionContext mm = new FakePromotionContext();

  @Test
  void x86GeometryByDefaultAndAnyPmdOrderOnRequest() {
    assertEquals(HUGE, mm.hugePageSize());
    assertEquals(9, mm.pmdOrder());
    assertEquals(512, mm.rangeStats(mm.spawn("p").vma(G, 1, 0), G, false).pages());

    MachineGeometry arm64k =
        MachineGeometry.builder()
            .levels(
                PageTableLevel.table("PGD", 42, 6),
                PageTableLevel.leaf("PMD", 29, 13),
                PageTableLevel.leaf("PTE", 16, 13))
            .thpOrders(13)
            .build();
    FakePromotionContext big = new FakePromotionContext(arm64k).freeHugeBlocks(1);
    assertEquals(512L << 20, big.hugePageSize());
    FakeAddressSpace p = big.spawn("p").vma(512L << 20, 2, 0);
    assertEquals(8192, big.rangeStats(p, 512L << 20, false).pages());
    assertEquals(1, big.freeBlocks().blocks(13));
    assertThrows(
        IllegalArgumentException.class, () -> big.rangeStats(p, (512L << 20) + 65536, false));
    assertThrows(
        IllegalArgumentException.class, () -> new FakePromotionContext(Geometries.basePagesOnly()));
  }

  @Test
  void freeBlocksAreTheHugeBlocksAndTheSmallFreePages() {
    mm.freeHugeBlocks(16).freeBasePages(73_728);
    FreeBlocks free = mm.freeBlocks();
    assertEquals(new FreeBlocks(new long[] {73_728, 0, 0, 0, 0, 0, 0, 0, 0, 16, 0}), free);
    assertEquals(900, free.unusableIndex(9));
    assertThrows(IllegalArgumentException.class, () -> mm.freeBasePages(-1));
  }

  @Test
  void addressSpacesComeInSpawnOrderUntilTheyExit() {
    FakeAddressSpace a = mm.spawn("a").vma(G, 1, 0);
    FakeAddressSpace b = mm.spawn("b").vma(2 * G, 1, 0);
    assertEquals(List.of(a, b), mm.addressSpaces());
    mm.exit(a);
    assertEquals(List.of(b), mm.addressSpaces());
    assertThrows(IllegalArgumentException.class, () -> mm.rangeStats(a, G, false));
    FakePromotionContext other = new FakePromotionContext();
    assertThrows(IllegalArgumentException.class, () -> other.promote(b, 2 * G, false));
  }

  @Test
  void rangeStatsIsASnapshotAndClearsAccessedBitsOnRequest() {
    FakeAddressSpace p = mm.spawn("p").vma(G, 2, 0);
    p.range(G).table(400, 300);
    RangeStats first = mm.rangeStats(p, G, true);
    assertEquals(300, first.accessed());
    assertEquals(400, first.present());
    assertEquals(112, first.none());
    assertTrue(first.hasTable());
    assertTrue(first.inVma());
    RangeStats second = mm.rangeStats(p, G, false);
    assertEquals(0, second.accessed(), "cleared by the first sample");
    assertEquals(300, first.accessed(), "the first sample is a copy");
    p.range(G).accessed = 20;
    assertEquals(20, mm.rangeStats(p, G, false).accessed());
    assertEquals(20, mm.rangeStats(p, G, false).accessed(), "not cleared unless asked");
  }

  @Test
  void aRangeNobodySetUpIsEmptyAndOneOutsideEveryVmaHasNone() {
    FakeAddressSpace p = mm.spawn("p").vma(G, 1, 0);
    RangeStats outside = mm.rangeStats(p, 4 * G, false);
    assertNull(outside.vma());
    assertFalse(outside.inVma());
    assertEquals(512, outside.none());
    assertFalse(outside.hasTable());
    assertThrows(IllegalArgumentException.class, () -> p.range(4 * G));
    assertThrows(IllegalArgumentException.class, () -> mm.rangeStats(p, G + 4096, false));
    assertThrows(IllegalArgumentException.class, () -> mm.promote(p, G + 4096, false));
    assertThrows(IllegalArgumentException.class, () -> mm.demote(p, G + 4096, false));
  }

  @Test
  void aHugeRangeReadsAsEveryPagePresentAndAccessedAllOrNothing() {
    FakeAddressSpace p = mm.spawn("p").vma(G, 1, 0);
    p.range(G).huge(true, 100);
    RangeStats huge = mm.rangeStats(p, G, true);
    assertTrue(huge.huge());
    assertFalse(huge.hasTable());
    assertEquals(512, huge.present());
    assertEquals(512, huge.accessed());
    assertEquals(0, huge.none());
    assertEquals(100, huge.zeroFilled());
    assertEquals(0, mm.rangeStats(p, G, false).accessed());
    assertEquals(512, p.anonPages());
    assertEquals(1, p.hugePages());
  }

  @Test
  void promotionTakesAHugeBlockAndFreesTheBasePages() {
    mm.freeHugeBlocks(1).freeBasePages(10);
    FakeAddressSpace p = mm.spawn("p").vma(G, 2, 0);
    p.range(G).table(500, 0);
    assertEquals(PromotionResult.PROMOTED, mm.promote(p, G, false));
    assertEquals(0, mm.freeHugeBlocks());
    assertEquals(510, mm.freeBasePages());
    RangeStats r = mm.rangeStats(p, G, false);
    assertTrue(r.huge());
    assertEquals(512, r.accessed(), "a new huge PMD is young");
    assertEquals(12, r.zeroFilled(), "the holes were zero-filled");
    assertEquals(PromotionResult.ALREADY_HUGE, mm.promote(p, G, false));
    p.range(G + HUGE).table(512, 512);
    assertEquals(PromotionResult.ALLOC_FAILED, mm.promote(p, G + HUGE, true));
    assertEquals(List.of("p@40000000"), mm.promoted());
    assertEquals(List.of("p@0"), mm.promotedRanges());
    assertEquals(1, mm.promotedOf("p"));
  }

  @Test
  void promotionRefusesWhatTheKernelCannotCollapse() {
    mm.freeHugeBlocks(8);
    FakeAddressSpace p =
        mm.spawn("p")
            .vma(G, 2, 0)
            .vma(FakeVma.file(2 * G, HUGE, 0))
            .vma(FakeVma.anonymous(3 * G, HUGE + 4096, VmFlags.HUGEPAGE));
    assertEquals(PromotionResult.NO_TABLE, mm.promote(p, G, false));
    p.range(G).table(512, 512).pinned = 1;
    assertEquals(PromotionResult.PINNED, mm.promote(p, G, false));
    p.range(2 * G).table(512, 512);
    assertEquals(PromotionResult.NOT_ANONYMOUS, mm.promote(p, 2 * G, false));
    p.range(3 * G + HUGE).table(1, 1);
    assertFalse(mm.rangeStats(p, 3 * G + HUGE, false).inVma());
    assertEquals(PromotionResult.NOT_ANONYMOUS, mm.promote(p, 3 * G + HUGE, false));
    assertEquals(PromotionResult.NOT_ANONYMOUS, mm.promote(p, 5 * G, false));
    assertEquals(8, mm.freeHugeBlocks());
    assertEquals(List.of(), mm.promoted());
  }

  @Test
  void demotionFreesTheZeroFilledPagesOnlyWhenAskedAndNeedsAHugePage() {
    FakeAddressSpace p = mm.spawn("p").vma(G, 3, 0);
    p.range(G).huge(true, 100);
    p.range(G + HUGE).huge(false, 300);
    p.range(G + 2 * HUGE).table(512, 512);
    assertEquals(100, mm.demote(p, G, true));
    RangeStats split = mm.rangeStats(p, G, false);
    assertFalse(split.huge());
    assertEquals(412, split.present());
    assertEquals(100, split.zeroPage(), "freed pages map the shared zero page");
    assertEquals(412, split.accessed(), "the PTEs inherit the PMD's accessed bit");
    assertEquals(0, split.zeroFilled());
    assertEquals(100, mm.freeBasePages());
    assertEquals(0, mm.demote(p, G + HUGE, false));
    assertEquals(300, mm.rangeStats(p, G + HUGE, false).zeroFilled());
    assertEquals(0, mm.rangeStats(p, G + HUGE, false).accessed());
    assertEquals(-1, mm.demote(p, G, true), "no longer huge");
    assertEquals(-1, mm.demote(p, G + 2 * HUGE, true));
    assertEquals(List.of("p@40000000", "p@40200000"), mm.demoted());
    assertEquals(List.of("p@0", "p@1"), mm.demotedRanges());
  }

  @Test
  void aHugePageMappedTwiceIsNotDemoted() {
    FakeAddressSpace p = mm.spawn("p").vma(G, 1, 0);
    p.range(G).huge(true, 0).shared = 512;
    assertEquals(-1, mm.demote(p, G, true));
    assertTrue(mm.demoted().isEmpty());
  }

  @Test
  void thePoolDrawsFromAndReturnsToTheHugeBlocks() {
    mm.freeHugeBlocks(10);
    assertEquals(8, mm.prezero(8));
    assertEquals(2, mm.prezero(8), "only two blocks were left");
    assertEquals(0, mm.prezero(-1));
    assertEquals(10, mm.prezeroed());
    assertEquals(0, mm.freeBlocks().blocks(9));
    assertEquals(3, mm.usePrezeroed(3));
    assertEquals(4, mm.releasePrezeroed(4));
    assertEquals(4, mm.freeHugeBlocks());
    assertEquals(3, mm.releasePrezeroed(10));
    assertEquals(0, mm.prezeroed());
    assertEquals(7, mm.freeHugeBlocks(), "the faulted blocks stay mapped");
  }

  @Test
  void whileShrinkingNothingIsPromotedOrPrezeroedButDemotionWorks() {
    mm.freeHugeBlocks(4).shrinking(true);
    FakeAddressSpace p = mm.spawn("p").vma(G, 2, 0);
    p.range(G).table(512, 512);
    p.range(G + HUGE).huge(false, 64);
    assertEquals(PromotionResult.ALLOC_FAILED, mm.promote(p, G, false));
    assertEquals(0, mm.prezero(2));
    assertEquals(64, mm.demote(p, G + HUGE, true));
    mm.shrinking(false);
    assertEquals(PromotionResult.PROMOTED, mm.promote(p, G, false));
    assertEquals(1, mm.prezero(1));
  }

  @Test
  void countersClockAndFullScansAreTheTests() {
    FakeAddressSpace p = mm.spawn("p").vma(G, 1, 0).spend(600, 1000).spend(0, 1000).walks(42);
    assertEquals(600, p.mmuNanos());
    assertEquals(2000, p.accessNanos());
    assertEquals(42, p.tlbMisses());
    assertThrows(IllegalArgumentException.class, () -> p.spend(10, 5));
    assertEquals(0, mm.nowNanos());
    assertEquals(7, mm.nowNanos(7).nowNanos());
    mm.fullScanDone();
    mm.fullScanDone();
    assertEquals(2, mm.fullScans());
  }
}
