package org.kmodel.thp.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kmodel.allocator.buddy.BuddyAllocator;
import org.kmodel.arch.x86_64.X86_64Architecture;
import org.kmodel.kernel.run.RunResult;
import org.kmodel.testkit.harness.KernelHarness;

/** Linux's khugepaged scan as thp-linux runs it in the kernel's background thread. */
class LinuxKhugepagedTest {
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
   * A process with no mapping costs its visit one page of the budget, as {@code progress++} in
   * {@code khugepaged_scan_mm_slot}: the pass ends instead of wrapping for ever.
   */
  @Test
  void aProcessWithoutMemoryDoesNotHangThePass() throws Exception {
    RunResult r =
        kernel.run(
            """
            name: empty-mm
            machine: {memory: 64M}
            steps:
              - spawn: p1
              - khugepaged: {full_scans: 3}
              - sleep: 30s
              - mmap: {pid: p1, as: a, size: 4M, align: 2M}
              - touch: {pid: p1, region: a, access: write, length: 4K}
              - khugepaged: {full_scans: 2}
              - expect:
                  vmstat.thp_fault_alloc: 1
                  knob./sys/kernel/mm/transparent_hugepage/khugepaged/full_scans: ">= 5"
            """);
    assertTrue(r.ok(), r.failures().toString());
    assertEquals(0, r.exitCode());
  }

  /**
   * One pass scans pages_to_scan, 4096: the visit of p1 takes one, seven ranges of 512 leave 511,
   * enough to start an eighth; the next pass comes 10 s later and takes the other eight.
   */
  @Test
  void aPassScansPagesToScanThenSleeps() throws Exception {
    RunResult r =
        kernel.run(
            """
            name: budget
            machine: {memory: 64M}
            knobs:
              /sys/kernel/mm/transparent_hugepage/enabled: madvise
            steps:
              - spawn: p1
              - mmap: {pid: p1, as: a, size: 32M, align: 2M}
              - fill: {pid: p1, region: a, value: 4}
              - madvise: {pid: p1, region: a, advice: hugepage}
              - sleep: 10s
              - expect: {smaps.p1.a.AnonHugePages: 16384}
              - sleep: 10s
              - expect: {smaps.p1.a.AnonHugePages: 32768}
              - check: {pid: p1, region: a, value: 4}
            """);
    assertTrue(r.ok(), r.failures().toString());
  }
}
