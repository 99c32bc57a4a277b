package org.kmodel.examples.thp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kmodel.allocator.buddy.BuddyAllocator;
import org.kmodel.kernel.run.RunResult;
import org.kmodel.testkit.fake.FakeArchitecture;
import org.kmodel.testkit.fake.Geometries;
import org.kmodel.testkit.harness.KernelHarness;

/** The policy in the real memory manager, with the buddy allocator, without OSGi. */
class FaultOnlyHarnessTest {
  private final KernelHarness kernel =
      KernelHarness.builder()
          .arch("arch-x86_64", () -> new FakeArchitecture("x86_64", Geometries.x86_64()))
          .allocator("allocator-buddy", BuddyAllocator::new)
          .thpPolicy("thp-fault-only", FaultOnlyThpPolicy::new)
          .memory("256M")
          .build();

  @AfterEach
  void close() {
    kernel.close();
  }

  @Test
  void onlyTheMadvisedRegionFaultsInHugePagesAndKhugepagedLeavesTheRestAlone() throws Exception {
    RunResult r =
        kernel.run(
            """
            name: fault-only
            machine: {memory: 256M}
            steps:
              - spawn: p1
              - mmap: {pid: p1, as: hot, size: 8M, align: 2M}
              - madvise: {pid: p1, region: hot, advice: hugepage}
              - mmap: {pid: p1, as: cold, size: 8M, align: 2M}
              - fill: {pid: p1, region: hot, value: 1}
              - fill: {pid: p1, region: cold, value: 2}
              - khugepaged: {full_scans: 2}
              - expect:
                  vmstat.thp_fault_alloc: 4
                  vmstat.thp_collapse_alloc: 0
                  smaps.p1.hot.AnonHugePages: 8192
                  smaps.p1.cold.AnonHugePages: 0
              - check: {pid: p1, region: cold, value: 2}
            """);
    assertTrue(r.ok(), r.failures().toString());
    assertEquals("1", kernel.cat(FaultOnlyThpPolicy.ENABLED));
  }

  @Test
  void theKnobWrittenByAScenarioTurnsHugePagesOff() throws Exception {
    RunResult r =
        kernel.run(
            """
            name: switched-off
            machine: {memory: 256M}
            knobs:
              /sys/kernel/mm/thp_fault_only/enabled: 0
            steps:
              - spawn: p1
              - mmap: {pid: p1, as: hot, size: 4M, align: 2M}
              - madvise: {pid: p1, region: hot, advice: hugepage}
              - fill: {pid: p1, region: hot, value: 1}
              - expect: {vmstat.thp_fault_alloc: 0, meminfo.AnonHugePages: 0}
            """);
    assertTrue(r.ok(), r.failures().toString());
  }
}
