package org.kmodel.kernel.mm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.kmodel.api.mm.VmaView;
import org.kmodel.api.thp.AddressSpaceView;
import org.kmodel.api.thp.PromotionContext;
import org.kmodel.api.thp.ThpPolicy;
import org.kmodel.kernel.Kernel;
import org.kmodel.kernel.KernelConfig;
import org.kmodel.kernel.slot.TestPlugins;

/**
 * The allocator's slow path asks the THP policy's shrinker before it reclaims or kills: a policy
 * that demotes huge pages full of zeros keeps a process alive that would otherwise be OOM-killed.
 */
class PolicyShrinkerTest {
  private static final long M = 1L << 20;

  /** Demotes every huge page, dropping zero-filled base pages, until enough were freed. */
  static final class DemotingPolicy extends TestPlugins.KnobPolicy
      implements org.kmodel.api.thp.PromotionPolicy {
    @Override
    public long backgroundPass(org.kmodel.api.thp.PromotionContext context) {
      context.fullScanDone();
      return IDLE_SLEEP_NANOS;
    }

    int calls;

    @Override
    public long shrink(PromotionContext context, long wanted) {
      calls++;
      long freed = 0;
      for (AddressSpaceView space : context.addressSpaces()) {
        for (VmaView vma : space.vmas()) {
          for (long a = vma.start(); a < vma.end() && freed < wanted; a += context.hugePageSize()) {
            freed += Math.max(0, context.demote(space, a, true));
          }
        }
      }
      return freed;
    }
  }

  private static MemoryManager boot(Supplier<ThpPolicy> policy) {
    Kernel kernel = Kernel.create(new KernelConfig(64 * M, 0, "", 0));
    TestPlugins.fill(
        kernel, "x86_64", TestPlugins.FOUR_LEVEL, TestPlugins.FirstFitAllocator::new, policy);
    return kernel.mm();
  }

  /** 32M of huge pages holding zeros, then 40M of base pages holding data, on 64M. */
  private static boolean workload(MemoryManager mm) {
    mm.spawn("p1");
    Process.Region zeros = mm.mmapAnonymous("p1", "zeros", 32 * M, 2 * M, 3);
    assertTrue(mm.touch("p1", zeros.start(), zeros.end(), 2 * M, true));
    assertEquals(
        32 * M / 1024, mm.views().smaps("p1", zeros.start(), zeros.end()).get("AnonHugePages"));
    Process.Region data = mm.mmapAnonymous("p1", "data", 40 * M, 4096, 3);
    return mm.fill("p1", data.start(), data.end(), 5);
  }

  @Test
  void withoutAShrinkerTheProcessIsKilled() {
    MemoryManager mm = boot(TestPlugins.KnobPolicy::new);
    assertFalse(workload(mm));
  }

  @Test
  void aShrinkerThatDropsZeroFilledPagesKeepsItAlive() {
    DemotingPolicy policy = new DemotingPolicy();
    MemoryManager mm = boot(() -> policy);
    assertTrue(workload(mm));
    assertTrue(policy.calls > 0);
    Process.Region data = mm.process("p1").region("data");
    assertEquals(-1, mm.check("p1", data.start(), data.end(), 5));
    Process.Region zeros = mm.process("p1").region("zeros");
    assertEquals(-1, mm.check("p1", zeros.start(), zeros.end(), 0));
    assertEquals(java.util.List.of(), new DebugVm(mm).check());
  }
}
