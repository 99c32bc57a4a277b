package org.kmodel.kernel.mm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.kmodel.api.mm.VmFlags;
import org.kmodel.kernel.KernelConfig;
import org.kmodel.kernel.cost.CostMode;
import org.kmodel.kernel.cost.CpuProfiles;
import org.kmodel.kernel.cost.PhaseCosts;
import org.kmodel.kernel.slot.TestPlugins;

/**
 * Fast mode against exact mode, and batched runs against one access at a time: the same random
 * workloads on three kernels — exact one access at a time ({@code kmodel.batch=0}), exact in runs,
 * fast — must end with the same counters, the same TLB, walk-cache and line-cache state, and the
 * same charged time (fast within 1%; the closed form adds nanoseconds in another order).
 */
class FastCostEquivalenceTest {
  private static final long K4 = MmHarness.K4;
  private static final long M2 = MmHarness.M2;
  private static final long RW = VmFlags.READ | VmFlags.WRITE;

  static Stream<Arguments> workloads() {
    List<Arguments> out = new ArrayList<>();
    for (String cpu : List.of("westmere", "skylake", "zen2", "zen5")) {
      for (long seed = 1; seed <= 4; seed++) {
        out.add(Arguments.of(cpu, seed));
      }
    }
    return out.stream();
  }

  private static MmHarness kernel(String cpu, String boot, CostMode mode) {
    return new MmHarness(
        new KernelConfig(
            256L << 20, 32L << 20, boot, 7, 0, null, cpu, CpuProfiles.builtIn(), 0, mode, null),
        TestPlugins.FirstFitAllocator::new);
  }

  /** A seeded mix of what workloads do: sequential, strided, sub-page and random touches. */
  private static void workload(MmHarness h, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    h.thp(seed % 2 == 0 ? "never" : "always");
    List<String> pids = List.of("a", "b");
    for (String pid : pids) {
      h.mm.spawn(pid);
    }
    int regions = 0;
    for (int step = 0; step < 40; step++) {
      String pid = pids.get(r.nextInt(pids.size()));
      Process p = h.mm.process(pid);
      int op = r.nextInt(10);
      List<Process.Region> mapped = List.copyOf(p.regions().values());
      if (op < 3 || mapped.isEmpty()) {
        long size = (1 + r.nextInt(6)) * M2 + r.nextInt(4) * K4;
        h.mm.mmapAnonymous(pid, "r" + regions++, size, r.nextBoolean() ? M2 : K4, RW);
        continue;
      }
      Process.Region region = mapped.get(r.nextInt(mapped.size()));
      long start = region.start() + r.nextLong((region.end() - region.start()) / K4) * K4;
      long end = Math.min(region.end(), start + r.nextLong(1, 1200) * K4);
      boolean write = r.nextInt(4) != 0;
      switch (op) {
        case 3, 4, 5 -> h.mm.touch(pid, start, end, K4, write);
        case 6 -> h.mm.touch(pid, start, end, K4 * (1 + r.nextInt(5)), write);
        case 7 -> h.mm.touch(pid, start, end, 64L << r.nextInt(6), write);
        case 8 -> h.mm.fill(pid, start, end, r.nextInt(1, 100));
        default -> {
          long[] at = new long[64];
          for (int i = 0; i < at.length; i++) {
            at[i] = start + r.nextLong(end - start) / 64 * 64;
          }
          h.mm.touchAt(pid, at, write);
        }
      }
    }
  }

  @ParameterizedTest(name = "{0}, seed {1}")
  @MethodSource("workloads")
  void fastAndBatchedRunsEndAsExactOneAtATime(String cpu, long seed) {
    MmHarness single = kernel(cpu, "kmodel.batch=0", CostMode.EXACT);
    MmHarness batched = kernel(cpu, "", CostMode.EXACT);
    MmHarness fast = kernel(cpu, "", CostMode.FAST);
    for (MmHarness h : List.of(single, batched, fast)) {
      workload(h, seed);
    }
    PhaseCosts reference = single.mm.cost().totals();
    assertTrue(reference.accesses() > 10_000, "the workload should access: " + reference);
    assertEquals(single.kernel.counters().snapshot(), batched.kernel.counters().snapshot());
    assertEquals(reference, batched.mm.cost().totals());
    assertEquals(single.mm.cost().stateDigest(), batched.mm.cost().stateDigest());

    assertEquals(single.kernel.counters().snapshot(), fast.kernel.counters().snapshot());
    PhaseCosts f = fast.mm.cost().totals();
    assertArrayEquals(counts(reference), counts(f));
    assertEquals(single.mm.cost().stateDigest(), fast.mm.cost().stateDigest(), "cost state");
    long[] exactNs = nanos(reference);
    long[] fastNs = nanos(f);
    for (int i = 0; i < exactNs.length; i++) {
      assertTrue(
          Math.abs(exactNs[i] - fastNs[i]) <= Math.max(1, exactNs[i] / 100),
          "nanoseconds " + i + ": exact " + exactNs[i] + ", fast " + fastNs[i]);
    }
  }

  @Test
  void fastModeTakesTheClosedFormForSequentialFirstTouches() {
    MmHarness exact = kernel("skylake", "", CostMode.EXACT);
    MmHarness fast = kernel("skylake", "", CostMode.FAST);
    for (MmHarness h : List.of(exact, fast)) {
      h.thp("never");
      h.mm.spawn("p");
      Process.Region r = h.mm.mmapAnonymous("p", "heap", 64 * M2, M2, RW);
      h.mm.touch("p", r.start(), r.end(), K4, true);
    }
    assertEquals(64 * 512, fast.mm.cost().totals().faultsBase());
    assertEquals(
        64 * 510, fast.mm.cost().closedFormTouches(), "all but the first two of each table");
    assertEquals(0, exact.mm.cost().closedFormTouches());
    assertEquals(exact.mm.cost().totals(), fast.mm.cost().totals());
    assertEquals(exact.mm.cost().stateDigest(), fast.mm.cost().stateDigest());
  }

  @Test
  void fastModeTakesTheClosedFormForFillsOfFreshMemory() {
    MmHarness exact = kernel("zen2", "", CostMode.EXACT);
    MmHarness fast = kernel("zen2", "", CostMode.FAST);
    for (MmHarness h : List.of(exact, fast)) {
      h.thp("never");
      h.mm.spawn("p");
      Process.Region r = h.mm.mmapAnonymous("p", "heap", 16 * M2, M2, RW);
      h.mm.fill("p", r.start(), r.end(), 7);
    }
    assertTrue(fast.mm.cost().totals().memsetNanos() > 0);
    assertEquals(16 * 510, fast.mm.cost().closedFormTouches());
    assertEquals(exact.mm.cost().totals(), fast.mm.cost().totals());
    assertEquals(exact.mm.cost().stateDigest(), fast.mm.cost().stateDigest());
  }

  @Test
  void fastModeTakesTheClosedFormForSecondPassesThatMissTheTlb() {
    MmHarness exact = kernel("skylake", "", CostMode.EXACT);
    MmHarness fast = kernel("skylake", "", CostMode.FAST);
    for (MmHarness h : List.of(exact, fast)) {
      h.thp("never");
      h.mm.spawn("p");
      Process.Region r = h.mm.mmapAnonymous("p", "heap", 32 * M2, M2, RW);
      h.mm.fill("p", r.start(), r.end(), 7);
      h.mm.fill("p", r.start(), r.end(), 8);
      h.mm.touch("p", r.start(), r.end(), K4, true);
      h.mm.touch("p", r.start(), r.start() + 64 * K4, K4, false);
    }
    assertEquals(exact.mm.cost().totals(), fast.mm.cost().totals());
    assertEquals(exact.mm.cost().stateDigest(), fast.mm.cost().stateDigest());
    assertTrue(
        fast.mm.cost().closedFormTouches() >= 3 * 32 * 510,
        "first fill, second fill and the touch: " + fast.mm.cost().closedFormTouches());
  }

  @Test
  void offChargesNothing() {
    MmHarness off = kernel("skylake", "", CostMode.OFF);
    off.thp("never");
    off.mm.spawn("p");
    Process.Region r = off.mm.mmapAnonymous("p", "heap", 8 * M2, M2, RW);
    off.mm.touch("p", r.start(), r.end(), K4, true);
    assertEquals(8 * 512, off.counter("pgfault"));
    assertEquals(PhaseCosts.ZERO, off.mm.cost().totals());
  }

  private static long[] counts(PhaseCosts c) {
    return new long[] {
      c.accesses(),
      c.tlbL1Misses(),
      c.tlbL2Misses(),
      c.walkRefs(),
      c.walkMemRefs(),
      c.faultsBase(),
      c.faultsHuge()
    };
  }

  private static long[] nanos(PhaseCosts c) {
    return new long[] {
      c.faultNanos(),
      c.clearNanos(),
      c.copyNanos(),
      c.memsetNanos(),
      c.accessNanos(),
      c.tlbNanos(),
      c.swapNanos(),
      c.backgroundNanos()
    };
  }
}
