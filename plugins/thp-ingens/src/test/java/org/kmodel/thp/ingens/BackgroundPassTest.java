package org.kmodel.thp.ingens;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kmodel.api.knob.KnobException;
import org.kmodel.api.mm.VmFlags;
import org.kmodel.testkit.fake.FakePluginContext;
import org.kmodel.testkit.fake.Geometries;

/**
 * Passes of the promotion thread over fake address spaces: what is promoted, for whom, how fast.
 */
class BackgroundPassTest {
  private static final String DIR = "/sys/kernel/mm/ingens/";

  private FakePluginContext kernel;
  private final IngensThpPolicy policy = new IngensThpPolicy();

  @BeforeEach
  void boot() {
    kernel = new FakePluginContext(Geometries.x86_64());
    policy.attach(kernel);
  }

  @Test
  void aRangeNinetyFivePercentPopulatedIsPromotedOneHalfPopulatedIsNot() {
    FakePromotionContext context = new FakePromotionContext(64, 0);
    context.add(new FakeAddressSpace("p1", 2, 0).populate(0, 487).populate(1, 256));
    assertEquals(1_000_000_000L, policy.backgroundPass(context));
    assertEquals(List.of("p1@0"), context.promoted);
    assertEquals(1, context.fullScans);
    assertEquals("1", kernel.cat(DIR + "stats/promoted"));
    policy.backgroundPass(context);
    assertEquals(List.of("p1@0"), context.promoted, "the half-populated range stays");
    assertEquals(2, context.fullScans);
  }

  @Test
  void twoProcessesCompetingForFourHugeBlocksGetTwoEach() {
    FakePromotionContext context = new FakePromotionContext(4, 0);
    context.add(full(new FakeAddressSpace("p1", 4, 0)));
    context.add(full(new FakeAddressSpace("p2", 4, 0)));
    policy.backgroundPass(context);
    assertEquals(List.of("p1@0", "p2@0", "p1@1", "p2@1"), context.promoted);
    assertEquals("1", kernel.cat(DIR + "stats/promote_failed"), "the fifth found no block");
    policy.backgroundPass(context);
    assertEquals(2, context.promotedOf("p1"));
    assertEquals(2, context.promotedOf("p2"));
  }

  @Test
  void aProcessThatFaultedHugePagesFirstWaitsForTheOther() {
    FakePromotionContext context = new FakePromotionContext(2, 0);
    FakeAddressSpace early = context.add(new FakeAddressSpace("p1", 4, 0));
    early.huge(0, true).huge(1, true).populate(2, 512).populate(3, 512);
    context.add(full(new FakeAddressSpace("p2", 4, 0)));
    policy.backgroundPass(context);
    assertEquals(List.of("p2@0", "p2@1"), context.promoted);
  }

  @Test
  void idleHugePagesCountAgainstTheirProcess() {
    FakePromotionContext context = new FakePromotionContext(1, 0);
    FakeAddressSpace idle = context.add(new FakeAddressSpace("idle", 4, 0));
    idle.huge(0, false).huge(1, false).populate(2, 512);
    FakeAddressSpace busy = context.add(new FakeAddressSpace("busy", 4, 0));
    busy.huge(0, true).huge(1, true).populate(2, 512);
    policy.backgroundPass(context);
    assertEquals(List.of("busy@2"), context.promoted);
  }

  @Test
  void withoutPenaltyIdlePagesCountAsActiveOnes() throws KnobException {
    kernel.echo(DIR + "idle_penalty", "0");
    FakePromotionContext context = new FakePromotionContext(1, 0);
    context.add(new FakeAddressSpace("idle", 4, 0)).huge(0, false).populate(2, 512);
    context.add(new FakeAddressSpace("busy", 4, 0)).huge(0, true).populate(2, 512);
    policy.backgroundPass(context);
    assertEquals(List.of("idle@2"), context.promoted, "equal holdings: the first created");
  }

  @Test
  void aFragmentedMachinePromotesFewerPerPass() {
    // 16 free huge blocks hold 8192 pages; 73728 more free pages in small blocks: FMFI 900.
    FakePromotionContext fragmented = new FakePromotionContext(16, 73_728);
    fragmented.add(full(new FakeAddressSpace("p1", 16, 0)));
    policy.backgroundPass(fragmented);
    assertEquals(2, fragmented.promoted.size(), "8 − ⌈7 × 400 / 500⌉");

    FakePromotionContext whole = new FakePromotionContext(16, 0);
    whole.add(full(new FakeAddressSpace("p1", 16, 0)));
    policy.backgroundPass(whole);
    assertEquals(8, whole.promoted.size());
  }

  @Test
  void fmfiThresholdAtOneThousandNeverSlowsPromotion() throws KnobException {
    kernel.echo(DIR + "fmfi_threshold", "1000");
    FakePromotionContext fragmented = new FakePromotionContext(16, 73_728);
    fragmented.add(full(new FakeAddressSpace("p1", 16, 0)));
    policy.backgroundPass(fragmented);
    assertEquals(8, fragmented.promoted.size());
  }

  @Test
  void madviseModePromotesOnlyMadvisedVmasAndNeverNone() throws KnobException {
    kernel.echo(DIR + "enabled", "madvise");
    FakePromotionContext context = new FakePromotionContext(8, 0);
    context.add(full(new FakeAddressSpace("plain", 2, 0)));
    context.add(full(new FakeAddressSpace("madvised", 2, VmFlags.HUGEPAGE)));
    context.add(full(new FakeAddressSpace("opted-out", 2, VmFlags.NOHUGEPAGE)));
    policy.backgroundPass(context);
    assertEquals(List.of("madvised@0", "madvised@1"), context.promoted);

    kernel.echo(DIR + "enabled", "never");
    context.add(full(new FakeAddressSpace("late", 2, VmFlags.HUGEPAGE)));
    assertEquals(1_000_000_000L, policy.backgroundPass(context));
    assertEquals(2, context.promoted.size());
    assertEquals(2, context.fullScans, "a pass that promotes nothing is still a full scan");
  }

  @Test
  void aRefusedPromotionCountsAndTheNextCandidateIsTried() {
    FakePromotionContext context = new FakePromotionContext(8, 0);
    FakeAddressSpace p1 = context.add(full(new FakeAddressSpace("p1", 2, 0)));
    p1.at(FakeAddressSpace.range(0)).pinned = 1;
    policy.backgroundPass(context);
    assertEquals(List.of("p1@1"), context.promoted);
    assertEquals("1", kernel.cat(DIR + "stats/promote_failed"));
  }

  @Test
  void theSleepIsScanSleepMillisecs() throws KnobException {
    kernel.echo(DIR + "scan_sleep_millisecs", "25");
    assertEquals(25_000_000L, policy.backgroundPass(new FakePromotionContext(0, 0)));
  }

  private static FakeAddressSpace full(FakeAddressSpace space) {
    return space.populateAll(FakeRange.PAGES);
  }
}
