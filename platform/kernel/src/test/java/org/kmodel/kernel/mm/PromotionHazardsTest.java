package org.kmodel.kernel.mm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.kmodel.api.thp.AddressSpaceView;
import org.kmodel.api.thp.PromotionResult;
import org.kmodel.kernel.Kernel;
import org.kmodel.kernel.KernelConfig;
import org.kmodel.kernel.slot.TestPlugins;

/**
 * Hazards of the promotion SPI's mechanisms: a policy's shrinker runs in the middle of fork, faults
 * and collapse; the pre-zeroed pool is free memory, not a leak; collapse and split flush the TLB.
 */
class PromotionHazardsTest {
  private static final long M = 1L << 20;
  private static final long K4 = 4096;

  private static MemoryManager boot(TestPlugins.KnobPolicy policy) {
    Kernel kernel = Kernel.create(new KernelConfig(64 * M, 0, "", 0));
    TestPlugins.fill(
        kernel, "x86_64", TestPlugins.FOUR_LEVEL, TestPlugins.FirstFitAllocator::new, () -> policy);
    return kernel.mm();
  }

  private static long free(MemoryManager mm) {
    return mm.paths().machine.memory.freeFrames();
  }

  /** A hog process eats memory until exactly {@code left} frames are free. */
  private static void leaveFree(MemoryManager mm, long left) {
    mm.spawn("hog");
    Process.Region r = mm.mmapAnonymous("hog", "hog", 64 * M, K4, 3);
    long va = r.start();
    while (free(mm) > left) {
      assertTrue(mm.fill("hog", va, va + K4, 3), "hog at " + free(mm));
      va += K4;
    }
    while (free(mm) < left) {
      va -= K4;
      mm.munmap("hog", va, va + K4);
    }
    assertEquals(left, free(mm));
  }

  /**
   * fork copies a huge PMD after allocating the child's deposit table; the allocation runs the
   * policy's shrinker, which demotes the very PMD fork read before allocating.
   */
  @Test
  void forkOfAHugePmdSurvivesTheShrinkerDemotingIt() {
    PolicyShrinkerTest.DemotingPolicy policy = new PolicyShrinkerTest.DemotingPolicy();
    MemoryManager mm = boot(policy);
    mm.spawn("p1");
    Process.Region h = mm.mmapAnonymous("p1", "h", 2 * M, 2 * M, 3);
    assertTrue(mm.fill("p1", h.start(), h.start() + K4, 7));
    assertEquals(1, mm.process("p1").mm().hugeRss);
    ((TestPlugins.KnobPolicy) policy).enabled.set("never");
    // fork needs: child root, child PUD, child PMD, then the deposit table for the huge PMD
    leaveFree(mm, 3);
    assertEquals(0, policy.calls);
    Throwable thrown = null;
    try {
      mm.fork("p1", "c1");
    } catch (RuntimeException e) {
      thrown = e;
    }
    assertTrue(policy.calls > 0, "the shrinker ran inside fork");
    assertEquals(null, thrown, "fork threw");
    assertEquals(0, mm.process("c1").mm().hugeRss, "the child copied the split page tables");
    assertEquals(List.of(), new DebugVm(mm).check());
    assertEquals(-1, mm.check("p1", h.start(), h.start() + K4, 7));
  }

  /** The pre-zeroed pool is free memory set aside, not a leak. */
  @Test
  void debugVmWithAPrezeroedPoolAndNoProcess() {
    MmHarness h = new MmHarness(64 * M, 0);
    assertEquals(1, h.mm.paths().promotion.prezero(1));
    h.mm.spawn("p1");
    h.mm.exit("p1");
    h.assertInvariants();
  }

  /** Stale 4K TLB entries from before a collapse hit after the huge page is demoted. */
  @Test
  void promoteThenDemoteFlushesTheBaseTlbEntries() throws Exception {
    java.nio.file.Path file = java.nio.file.Files.createTempFile("kmodel-profile-", ".yaml");
    java.nio.file.Files.writeString(file, org.kmodel.kernel.cost.TestProfiles.ROUND);
    MmHarness h =
        new MmHarness(
            new KernelConfig(
                64 * M,
                0,
                "",
                0,
                0,
                null,
                file.toString(),
                org.kmodel.kernel.cost.CpuProfiles.builtIn(),
                0),
            TestPlugins.FirstFitAllocator::new);
    h.thp("never");
    h.mm.spawn("p1");
    Process.Region a = h.mm.mmapAnonymous("p1", "a", 2 * M, 2 * M, 3);
    assertTrue(h.mm.fill("p1", a.start(), a.start() + 16 * K4, 7));
    Promotion pr = h.mm.paths().promotion;
    AddressSpaceView s = pr.addressSpaces().get(0);
    long first = s.tlbMisses();
    assertTrue(h.mm.touch("p1", a.start() + K4, a.start() + 16 * K4, K4, false));
    assertEquals(first, s.tlbMisses(), "warm TLB");
    assertTrue(first >= 16, "cold walks " + first);
    assertEquals(PromotionResult.PROMOTED, pr.promote(s, a.start(), false));
    assertEquals(0, pr.demote(s, a.start(), false));
    long before = s.tlbMisses();
    assertTrue(h.mm.touch("p1", a.start() + K4, a.start() + 16 * K4, K4, false));
    long misses = s.tlbMisses() - before;
    // Linux flushes the range on collapse (pmdp_collapse_flush) and on split: 15 new translations
    assertEquals(15, misses, "TLB walks after promote+demote");
  }

  /** Demotes cold huge pages and promotes the hot ranges in one go, from its shrinker. */
  static final class RebalancingPolicy extends TestPlugins.KnobPolicy
      implements org.kmodel.api.thp.PromotionPolicy {
    @Override
    public long backgroundPass(org.kmodel.api.thp.PromotionContext context) {
      context.fullScanDone();
      return IDLE_SLEEP_NANOS;
    }

    int promoted;

    @Override
    public long shrink(org.kmodel.api.thp.PromotionContext ctx, long wanted) {
      long freed = 0;
      for (AddressSpaceView space : ctx.addressSpaces()) {
        for (org.kmodel.api.mm.VmaView vma : space.vmas()) {
          for (long a = vma.start(); a < vma.end(); a += ctx.hugePageSize()) {
            freed += Math.max(0, ctx.demote(space, a, true));
          }
        }
      }
      for (AddressSpaceView space : ctx.addressSpaces()) {
        for (org.kmodel.api.mm.VmaView vma : space.vmas()) {
          for (long a = vma.start(); a + ctx.hugePageSize() <= vma.end(); a += ctx.hugePageSize()) {
            org.kmodel.api.thp.RangeStats r = ctx.rangeStats(space, a, false);
            if (r.hasTable()
                && r.present() >= 64
                && ctx.promote(space, a, false) == PromotionResult.PROMOTED) {
              promoted++;
            }
          }
        }
      }
      return freed;
    }
  }

  /**
   * A shrinker may not promote: the fault that called it would write into the table a collapse
   * retired. It may demote, and the fault's write lands.
   */
  @Test
  void promoteFromTheShrinkerUnderAnAnonymousFaultIsRefused() {
    RebalancingPolicy policy = new RebalancingPolicy();
    MemoryManager mm = boot(policy);
    mm.spawn("p1");
    Process.Region cold = mm.mmapAnonymous("p1", "cold", 2 * M, 2 * M, 3);
    assertTrue(mm.fill("p1", cold.start(), cold.start() + K4, 0));
    assertEquals(1, mm.process("p1").mm().hugeRss);
    policy.enabled.set("never");
    Process.Region hot = mm.mmapAnonymous("p1", "hot", 2 * M, 2 * M, 3);
    assertTrue(mm.fill("p1", hot.start(), hot.start() + 100 * K4, 7));
    leaveFree(mm, 0);
    assertTrue(mm.fill("p1", hot.start() + 100 * K4, hot.start() + 101 * K4, 9));
    assertEquals(0, policy.promoted, "promote answers ALLOC_FAILED inside a shrinker");
    assertEquals(9, mm.contentAt("p1", hot.start() + 100 * K4), "the write landed");
    assertEquals(List.of(), new DebugVm(mm).check());
  }

  /** Direct reclaim under a huge fault's deposit allocation frees the huge page being mapped. */
  @Test
  void reclaimUnderAHugeFaultLeavesItsFolioAlone() {
    MmHarness h = new MmHarness(64 * M, 64 * M);
    h.mm.spawn("p1");
    Process.Region a = h.mm.mmapAnonymous("p1", "a", 4 * M, 2 * M, 3);
    h.thp("never");
    assertTrue(h.mm.touch("p1", a.start() + 2 * M, a.start() + 2 * M + K4, K4, false));
    // page tables (not anonymous) fill the low frames, below the block the pool will take
    h.mm.spawn("tables");
    Process.Region sparse = h.mm.mmapAnonymous("tables", "sparse", 4096 * M, 2 * M, 3);
    for (int i = 0; i < 1014; i++) {
      long at = sparse.start() + i * 2 * M;
      assertTrue(h.mm.touch("tables", at, at + K4, K4, false));
    }
    h.thp("always");
    Promotion pr = h.mm.paths().promotion;
    assertEquals(1, pr.prezero(1));
    h.thp("never");
    h.mm.spawn("hog");
    Process.Region r = h.mm.mmapAnonymous("hog", "hog", 64 * M, K4, 3);
    long va = r.start();
    while (free(h.mm) > 0) {
      assertTrue(h.mm.fill("hog", va, va + K4, 3));
      va += K4;
    }
    assertEquals(1, pr.prezeroed());
    h.thp("always");
    assertTrue(h.mm.fill("p1", a.start(), a.start() + K4, 5));
    assertEquals(1, h.mm.process("p1").mm().hugeRss);
    h.assertInvariants();
  }
}
