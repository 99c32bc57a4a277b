package org.kmodel.examples.arm64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kmodel.allocator.buddy.BuddyAllocator;
import org.kmodel.kernel.cost.PhaseCosts;
import org.kmodel.kernel.run.RunResult;
import org.kmodel.testkit.harness.KernelHarness;
import org.kmodel.thp.linux.LinuxThpPolicy;

/**
 * Multi-size THP on the 4K granule: with {@code hugepages-64kB/enabled=always} and the PMD size
 * off, anonymous memory comes in 64K folios the kernel maps as contiguous spans of 16 PTEs, and the
 * Neoverse N1 caches each span as one 64K TLB entry: a 64M heap fits its L2 TLB.
 */
class ContiguousFolioTest {
  private static final String THP = "/sys/kernel/mm/transparent_hugepage/";

  private static RunResult run(String sixtyFourK) throws Exception {
    try (KernelHarness kernel =
        KernelHarness.builder()
            .arch("arch-arm64", Arm64Architecture::new)
            .allocator("allocator-buddy", BuddyAllocator::new)
            .thpPolicy("thp-linux", LinuxThpPolicy::new)
            .memory("1G")
            .build()) {
      RunResult r =
          kernel.run(
              "mthp",
              """
              name: mthp
              machine: {memory: 1G}
              knobs:
                %senabled: never
                %shugepages-64kB/enabled: %s
              steps:
                - spawn: p1
                - mmap: {pid: p1, as: heap, size: 64M, align: 64K}
                - phase: first touch
                - touch: {pid: p1, region: heap, access: write}
                - phase: read
                - touch: {pid: p1, region: heap, access: read}
                - expect:
                    vmstat.thp_fault_alloc: 0
                    meminfo.AnonHugePages: 0
                    meminfo.AnonPages: 65536
              """
                  .formatted(THP, THP, sixtyFourK));
      assertTrue(r.ok(), r.failures().toString());
      assertEquals(
          sixtyFourK.equals("always") ? "1024" : "0",
          kernel.cat(THP + "hugepages-64kB/stats/anon_fault_alloc"));
      return r;
    }
  }

  @ParameterizedTest(name = "hugepages-64kB/enabled={0}: {1} faults, {2} TLB walks per pass")
  @CsvSource({"never, 16384, 16384", "always, 1024, 0"})
  void sixtyFourKilobyteFoliosFaultAndWalkOncePerSpan(String mode, long faults, long walks)
      throws Exception {
    RunResult r = run(mode);
    PhaseCosts touch = r.phases().get(0).costs();
    assertEquals(faults, touch.faultsBase());
    PhaseCosts read = r.phases().get(1).costs();
    assertEquals(
        walks,
        read.tlbL2Misses(),
        "64M is 16384 4K pages, beyond the L2 TLB's 5M reach, or 1024 spans within its 80M");
  }
}
