package org.kmodel.thp.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kmodel.allocator.buddy.BuddyAllocator;
import org.kmodel.arch.x86_64.X86_64Architecture;
import org.kmodel.kernel.run.RunResult;
import org.kmodel.testkit.harness.KernelHarness;

/**
 * Linux 6.12's underused-THP shrinker in the real memory manager: huge pages that are mostly zeros
 * give their zero-filled pages back under pressure once {@code max_ptes_none} is lowered, so a run
 * that needs that memory does not OOM; at the default nothing is underused.
 */
class UnderusedThpShrinkerTest {
  private final KernelHarness kernel =
      KernelHarness.builder()
          .arch("arch-x86_64", X86_64Architecture::new)
          .allocator("allocator-buddy", BuddyAllocator::new)
          .thpPolicy("thp-linux", LinuxThpPolicy::new)
          .memory("64M")
          .build();

  @AfterEach
  void close() {
    kernel.close();
  }

  /**
   * 16M of huge pages, each holding 64K of data, then 52M of base pages on a 64M machine without
   * swap: only the huge pages' zero-filled pages can make room.
   */
  private RunResult run(String knobs) throws Exception {
    return kernel.run(
        """
        name: underused
        machine: {memory: 64M}
        knobs:
        """
            + knobs
            + """
              - spawn: p1
              - mmap: {pid: p1, as: sparse, size: 16M, align: 2M}
              - fill: {pid: p1, region: sparse, offset: 0, length: 64K, value: 1}
              - fill: {pid: p1, region: sparse, offset: 2M, length: 64K, value: 1}
              - fill: {pid: p1, region: sparse, offset: 4M, length: 64K, value: 1}
              - fill: {pid: p1, region: sparse, offset: 6M, length: 64K, value: 1}
              - fill: {pid: p1, region: sparse, offset: 8M, length: 64K, value: 1}
              - fill: {pid: p1, region: sparse, offset: 10M, length: 64K, value: 1}
              - fill: {pid: p1, region: sparse, offset: 12M, length: 64K, value: 1}
              - fill: {pid: p1, region: sparse, offset: 14M, length: 64K, value: 1}
              - expect: {smaps.p1.sparse.AnonHugePages: 16384}
              - spawn: p2
              - mmap: {pid: p2, as: dense, size: 52M}
              - madvise: {pid: p2, region: dense, advice: nohugepage}
              - fill: {pid: p2, region: dense, value: 2}
              - check: {pid: p1, region: sparse, offset: 14M, length: 64K, value: 1}
              - check: {pid: p1, region: sparse, offset: 14400K, length: 64K, value: 0}
            """);
  }

  @Test
  void withMaxPtesNoneLoweredMostlyZeroHugePagesAreSplitAndTheRunDoesNotOom() throws Exception {
    RunResult r =
        run("  /sys/kernel/mm/transparent_hugepage/khugepaged/max_ptes_none: 255\nsteps:\n");
    assertTrue(r.ok(), r.failures().toString());
    assertEquals(0, kernel.vmstat("oom_kill"));
    long split = kernel.vmstat("thp_underused_split_page");
    assertEquals(3, split, "three of the eight huge pages made room for the last 4M");
    assertEquals(split, kernel.vmstat("thp_split_page"), "every split was an underused one");
    assertEquals(10240, kernel.meminfo("AnonHugePages"));
  }

  @Test
  void atTheDefaultMaxPtesNoneNothingIsUnderused() throws Exception {
    run("  /sys/kernel/mm/transparent_hugepage/defrag: madvise\nsteps:\n");
    assertEquals(0, kernel.vmstat("thp_underused_split_page"));
    assertEquals(0, kernel.vmstat("thp_split_page"));
    assertEquals(1, kernel.vmstat("oom_kill"), "nothing could make room");
    assertEquals("1", kernel.cat("/sys/kernel/mm/transparent_hugepage/shrink_underused"));
  }

  @Test
  void shrinkUnderusedZeroTurnsTheShrinkerOff() throws Exception {
    run(
        "  /sys/kernel/mm/transparent_hugepage/khugepaged/max_ptes_none: 255\n"
            + "  /sys/kernel/mm/transparent_hugepage/shrink_underused: 0\nsteps:\n");
    assertEquals(0, kernel.vmstat("thp_underused_split_page"));
    assertEquals(1, kernel.vmstat("oom_kill"));
  }
}
