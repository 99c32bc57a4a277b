package org.kmodel.thp.ingens;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kmodel.api.knob.KnobException;
import org.kmodel.api.mm.VmFlags;
import org.kmodel.testkit.fake.FakeAddressSpace;
import org.kmodel.testkit.fake.FakePluginContext;
import org.kmodel.testkit.fake.FakePromotionContext;
import org.kmodel.testkit.fake.Geometries;

/**
 * Passes of the promotion thread over fake address spaces: what is promoted, for whom, how fast.
 */
class BackgroundPassTest {
  private static final String DIR = "/sys/kernel/mm/ingens/";
  private static final long BASE = 1L << 30;

  private FakePluginContext kernel;
  private final IngensThpPolicy policy = new IngensThpPolicy();

  @BeforeEach
  void boot() {
    kernel = new FakePluginContext(Geometries.x86_64());
    policy.attach(kernel);
  }

  @Test
  void aRangeNinetyFivePercentPopulatedIsPromotedOneHalfPopulatedIsNot() {
    FakePromotionContext context = context(64, 0);
    space(context, "p1", 2, 0).populate(0, 487).populate(1, 256);
    assertEquals(1_000_000_000L, policy.backgroundPass(context));
    assertEquals(List.of("p1@0"), context.promotedRanges());
    assertEquals(1, context.fullScans());
    assertEquals("1", kernel.cat(DIR + "stats/promoted"));
    policy.backgroundPass(context);
    assertEquals(List.of("p1@0"), context.promotedRanges(), "the half-populated range stays");
    assertEquals(2, context.fullScans());
  }

  @Test
  void twoProcessesCompetingForFourHugeBlocksGetTwoEach() {
    FakePromotionContext context = context(4, 0);
    full(space(context, "p1", 4, 0));
    full(space(context, "p2", 4, 0));
    policy.backgroundPass(context);
    assertEquals(List.of("p1@0", "p2@0", "p1@1", "p2@1"), context.promotedRanges());
    assertEquals("1", kernel.cat(DIR + "stats/promote_failed"), "the fifth found no block");
    policy.backgroundPass(context);
    assertEquals(2, context.promotedOf("p1"));
    assertEquals(2, context.promotedOf("p2"));
  }

  @Test
  void aProcessThatFaultedHugePagesFirstWaitsForTheOther() {
    FakePromotionContext context = context(2, 0);
    FakeAddressSpace early = space(context, "p1", 4, 0);
    early.huge(0, true).huge(1, true).populate(2, 512).populate(3, 512);
    full(space(context, "p2", 4, 0));
    policy.backgroundPass(context);
    assertEquals(List.of("p2@0", "p2@1"), context.promotedRanges());
  }

  @Test
  void idleHugePagesCountAgainstTheirProcess() {
    FakePromotionContext context = context(1, 0);
    FakeAddressSpace idle = space(context, "idle", 4, 0);
    idle.huge(0, false).huge(1, false).populate(2, 512);
    FakeAddressSpace busy = space(context, "busy", 4, 0);
    busy.huge(0, true).huge(1, true).populate(2, 512);
    policy.backgroundPass(context);
    assertEquals(List.of("busy@2"), context.promotedRanges());
  }

  @Test
  void withoutPenaltyIdlePagesCountAsActiveOnes() throws KnobException {
    kernel.echo(DIR + "idle_penalty", "0");
    FakePromotionContext context = context(1, 0);
    space(context, "idle", 4, 0).huge(0, false).populate(2, 512);
    space(context, "busy", 4, 0).huge(0, true).populate(2, 512);
    policy.backgroundPass(context);
    assertEquals(List.of("idle@2"), context.promotedRanges(), "equal holdings: the first created");
  }

  @Test
  void aFragmentedMachinePromotesFewerPerPass() {
    // 16 free huge blocks hold 8192 pages; 73728 more free pages in small blocks: FMFI 900.
    FakePromotionContext fragmented = context(16, 73_728);
    full(space(fragmented, "p1", 16, 0));
    policy.backgroundPass(fragmented);
    assertEquals(2, fragmented.promotedRanges().size(), "8 − ⌈7 × 400 / 500⌉");

    FakePromotionContext whole = context(16, 0);
    full(space(whole, "p1", 16, 0));
    policy.backgroundPass(whole);
    assertEquals(8, whole.promotedRanges().size());
  }

  @Test
  void fmfiThresholdAtOneThousandNeverSlowsPromotion() throws KnobException {
    kernel.echo(DIR + "fmfi_threshold", "1000");
    FakePromotionContext fragmented = context(16, 73_728);
    full(space(fragmented, "p1", 16, 0));
    policy.backgroundPass(fragmented);
    assertEquals(8, fragmented.promotedRanges().size());
  }

  @Test
  void madviseModePromotesOnlyMadvisedVmasAndNeverNone() throws KnobException {
    kernel.echo(DIR + "enabled", "madvise");
    FakePromotionContext context = context(8, 0);
    full(space(context, "plain", 2, 0));
    full(space(context, "madvised", 2, VmFlags.HUGEPAGE));
    full(space(context, "opted-out", 2, VmFlags.NOHUGEPAGE));
    policy.backgroundPass(context);
    assertEquals(List.of("madvised@0", "madvised@1"), context.promotedRanges());

    kernel.echo(DIR + "enabled", "never");
    full(space(context, "late", 2, VmFlags.HUGEPAGE));
    assertEquals(1_000_000_000L, policy.backgroundPass(context));
    assertEquals(2, context.promotedRanges().size());
    assertEquals(2, context.fullScans(), "a pass that promotes nothing is still a full scan");
  }

  @Test
  void aRefusedPromotionCountsAndTheNextCandidateIsTried() {
    FakePromotionContext context = context(8, 0);
    FakeAddressSpace p1 = full(space(context, "p1", 2, 0));
    p1.range(p1.rangeStart(0)).pinned = 1;
    policy.backgroundPass(context);
    assertEquals(List.of("p1@1"), context.promotedRanges());
    assertEquals("1", kernel.cat(DIR + "stats/promote_failed"));
  }

  @Test
  void theSleepIsScanSleepMillisecs() throws KnobException {
    kernel.echo(DIR + "scan_sleep_millisecs", "25");
    assertEquals(25_000_000L, policy.backgroundPass(context(0, 0)));
  }

  private static FakeAddressSpace full(FakeAddressSpace space) {
    return space.populateAll(512);
  }

  private static FakePromotionContext context(long hugeBlocks, long smallFreePages) {
    return new FakePromotionContext().freeHugeBlocks(hugeBlocks).freeBasePages(smallFreePages);
  }

  /** A process whose VMA spans {@code hugeRanges} PMD ranges from 1 GiB, with these flags. */
  private static FakeAddressSpace space(
      FakePromotionContext context, String pid, int hugeRanges, long flags) {
    return context.spawn(pid).vma(BASE, hugeRanges, flags);
  }
}
