package org.kmodel.kernel.mm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.kmodel.api.mm.VmFlags;
import org.kmodel.kernel.KernelConfig;
import org.kmodel.kernel.cost.CpuProfiles;
import org.kmodel.kernel.cost.PhaseCosts;
import org.kmodel.kernel.cost.TestProfiles;
import org.kmodel.kernel.slot.TestPlugins;

/**
 * What the cost model counts and charges for the memory manager's work: TLB misses per level, walk
 * references native and nested, fault, clearing and memset costs.
 */
class CostAccountingTest {
  private static final long K4 = MmHarness.K4;
  private static final long M2 = MmHarness.M2;
  private static final long RW = VmFlags.READ | VmFlags.WRITE;

  private static final String PROFILE = TestProfiles.ROUND;

  private static MmHarness harness(String profile, long nestedHostPageSize) {
    String cpu;
    try {
      Path file = Files.createTempFile("kmodel-profile-", ".yaml");
      file.toFile().deleteOnExit();
      Files.writeString(file, profile);
      cpu = file.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new MmHarness(
        new KernelConfig(
            256L << 20, 0, "", 0, 0, null, cpu, CpuProfiles.builtIn(), nestedHostPageSize),
        TestPlugins.FirstFitAllocator::new);
  }

  private static PhaseCosts touchAll(MmHarness h, String thp, long size, boolean write) {
    h.thp(thp);
    h.mm.spawn("p");
    Process.Region r = h.mm.mmapAnonymous("p", "a", size, M2, RW);
    h.mm.touch("p", r.start(), r.end(), K4, write);
    return h.mm.cost().totals();
  }

  @Test
  void aNativeWalkReadsFourLevelsForABasePageAndThreeForAHugePage() {
    PhaseCosts base = touchAll(harness(PROFILE, 0), "never", 16 * M2, true);
    assertEquals(16 * 512, base.tlbL2Misses());
    assertEquals(4.0, base.walkRefsPerWalk());
    PhaseCosts huge = touchAll(harness(PROFILE, 0), "always", 16 * M2, true);
    assertEquals(16, huge.tlbL2Misses());
    assertEquals(3.0, huge.walkRefsPerWalk());
  }

  @Test
  void nestedWalksTake24Then19Then15References() {
    assertEquals(24.0, touchAll(harness(PROFILE, K4), "never", 4 * M2, true).walkRefsPerWalk());
    assertEquals(19.0, touchAll(harness(PROFILE, M2), "never", 4 * M2, true).walkRefsPerWalk());
    assertEquals(15.0, touchAll(harness(PROFILE, M2), "always", 4 * M2, true).walkRefsPerWalk());
    PhaseCosts splintered = touchAll(harness(PROFILE, K4), "always", 4 * M2, true);
    assertEquals(19.0, splintered.walkRefsPerWalk());
    assertEquals(
        4 * 512, splintered.tlbL2Misses(), "a guest 2M page on 4K host pages is cached as 4K");
  }

  @Test
  void nestedWalksCostMoreThanNativeOnes() {
    long nativeNs = touchAll(harness(PROFILE, 0), "never", 16 * M2, true).tlbNanos();
    long nestedNs = touchAll(harness(PROFILE, K4), "never", 16 * M2, true).tlbNanos();
    assertTrue(nestedNs > nativeNs, nestedNs + " ns nested vs " + nativeNs + " native");
  }

  @Test
  void aWorkingSetWithinTheL1TlbMissesOnlyOnce() {
    MmHarness h = harness(PROFILE, 0);
    PhaseCosts first = touchAll(h, "never", 32 * K4, false);
    Process.Region r = h.region("p", "a");
    h.mm.touch("p", r.start(), r.end(), K4, false);
    PhaseCosts second = h.mm.cost().totals().minus(first);
    assertEquals(32, second.accesses());
    assertEquals(0, second.tlbL1Misses());
  }

  @Test
  void theSecondLevelTlbCatchesWhatTheFirstCannotHold() {
    MmHarness h = harness(PROFILE, 0);
    PhaseCosts first = touchAll(h, "never", 300 * K4, true);
    Process.Region r = h.region("p", "a");
    h.mm.touch("p", r.start(), r.end(), K4, true);
    PhaseCosts second = h.mm.cost().totals().minus(first);
    assertEquals(300, second.tlbL1Misses(), "300 pages cycle through a 64-entry L1");
    assertEquals(0, second.tlbL2Misses(), "but fit the 512-entry STLB");
    assertEquals(300 * 4, second.tlbNanos(), "an STLB hit costs 8 cycles at 2 GHz");
  }

  @Test
  void aSequentialWalkReadsOnlyThePteWhenTheWalkCachesHit() {
    PhaseCosts c = touchAll(harness(PROFILE, 0), "never", 8 * M2, true);
    long walks = c.tlbL2Misses();
    assertTrue(
        c.walkMemRefs() <= walks + 3 * 8, c.walkMemRefs() + " references for " + walks + " walks");
    String noWalkCache = PROFILE.replace("walk_cache: {PGD: 2, PUD: 4, PMD: 32}", "walk_cache: {}");
    PhaseCosts uncached = touchAll(harness(noWalkCache, 0), "never", 8 * M2, true);
    assertEquals(4 * uncached.tlbL2Misses(), uncached.walkMemRefs());
  }

  @Test
  void randomAccessesMissTheTlbMoreThanSequentialOnes() {
    MmHarness h = harness(PROFILE, 0);
    PhaseCosts faulted = touchAll(h, "never", 64 * M2, true);
    Process.Region r = h.region("p", "a");
    long[] at = new long[4096];
    java.util.SplittableRandom random = new java.util.SplittableRandom(1);
    for (int i = 0; i < at.length; i++) {
      at[i] = r.start() + random.nextLong(64 * 512) * K4;
    }
    h.mm.touchAt("p", at, false);
    PhaseCosts randomCosts = h.mm.cost().totals().minus(faulted);
    h.mm.touch("p", r.start(), r.start() + 4096 * K4, K4, false);
    PhaseCosts sequential = h.mm.cost().totals().minus(faulted).minus(randomCosts);
    assertTrue(randomCosts.tlbNanos() > sequential.tlbNanos());
    assertTrue(randomCosts.walkMemRefs() > sequential.walkMemRefs());
  }

  @Test
  void aFaultCostsItsFixedOverheadPlusClearingThePage() {
    MmHarness h = harness(PROFILE, 0);
    PhaseCosts base = touchAll(h, "never", K4, true);
    assertEquals(1, base.faultsBase());
    assertEquals(1000, base.faultNanos());
    assertEquals(1024, base.clearNanos(), "4096 bytes at 4 GB/s");
    PhaseCosts huge = touchAll(harness(PROFILE, 0), "always", M2, true);
    assertEquals(1, huge.faultsHuge());
    assertEquals(3000, huge.faultNanos());
    assertEquals(524288, huge.clearNanos(), "2 MiB at 4 GB/s");
  }

  @Test
  void aReadFaultMapsTheZeroPageWithoutClearing() {
    PhaseCosts c = touchAll(harness(PROFILE, 0), "never", 4 * K4, false);
    assertEquals(4, c.faultsBase());
    assertEquals(0, c.clearNanos());
  }

  @Test
  void aMemsetOfColdMemoryRunsAtMemoryBandwidthAndOfJustClearedPagesAtCacheBandwidth() {
    MmHarness h = harness(PROFILE, 0);
    h.thp("never");
    h.mm.spawn("p");
    Process.Region r = h.mm.mmapAnonymous("p", "a", 32 * M2, M2, RW);
    h.mm.fill("p", r.start(), r.end(), 1);
    PhaseCosts first = h.mm.cost().totals();
    assertEquals(32 * 512 * 128, first.memsetNanos(), "each page just cleared: L1, 32 GB/s");
    h.mm.fill("p", r.start(), r.end(), 2);
    PhaseCosts second = h.mm.cost().totals().minus(first);
    assertEquals(32 * 512 * 1024, second.memsetNanos(), "64 MiB > LLC: 4 GB/s");
    assertEquals(0, second.faultsBase());
  }

  @Test
  void copyOnWriteChargesTheCopy() {
    MmHarness h = harness(PROFILE, 0);
    PhaseCosts before = touchAll(h, "never", 4 * K4, true);
    h.mm.fork("p", "c");
    Process.Region r = h.region("c", "a");
    h.mm.touch("c", r.start(), r.end(), K4, true);
    PhaseCosts cow = h.mm.cost().totals().minus(before);
    assertEquals(4 * 2048, cow.copyNanos(), "4 pages at 2 GB/s");
  }

  @Test
  void anArchitectureWithoutAFittingProfileChargesNothingAndSaysSo() {
    MmHarness h = new MmHarness(16L << 20, 0);
    PhaseCosts c = touchAll(h, "never", 4 * K4, true);
    assertEquals(PhaseCosts.ZERO, c);
    assertTrue(
        h.kernel.events().events().stream()
            .anyMatch(e -> e.type().equals("cost") && e.message().contains("nothing is charged")));
  }
}
