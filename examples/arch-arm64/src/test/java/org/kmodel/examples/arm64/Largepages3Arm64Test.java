package org.kmodel.examples.arm64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kmodel.allocator.buddy.BuddyAllocator;
import org.kmodel.kernel.cost.PhaseCosts;
import org.kmodel.kernel.cost.TlbReach;
import org.kmodel.kernel.run.MachineReport;
import org.kmodel.kernel.run.RunResult;
import org.kmodel.testkit.harness.KernelHarness;
import org.kmodel.thp.linux.LinuxThpPolicy;

/**
 * The shipped scenario on each granule, with the real buddy allocator and Linux THP policy: 3 GiB
 * of PMD pages (2M, 32M or 512M), the walk a TLB miss takes to them, and the TLB reach the Neoverse
 * N1 profile gives each granule.
 */
class Largepages3Arm64Test {
  private static final Path SCENARIO = Path.of("scenarios/largepages3-arm64.yaml");

  @ParameterizedTest(name = "{0} pages: {1} PMD faults, {2} references per miss")
  @CsvSource({"4K, 1536, 3.0, 2M", "16K, 96, 3.0, 32M", "64K, 6, 2.0, 512M"})
  void eachGranuleMapsTheHeapWithItsOwnPmdPages(
      String granule, long pmdFaults, double refsPerMiss, String hugePage) throws Exception {
    String yaml =
        Files.readString(SCENARIO)
            .replace("arm64.granule=4K", "arm64.granule=" + granule)
            .replace("bundles: default\n", "")
            .replace("slots: {arch: arch-arm64}\n", "");
    try (KernelHarness kernel =
        KernelHarness.builder()
            .arch("arch-arm64", Arm64Architecture::new)
            .allocator("allocator-buddy", BuddyAllocator::new)
            .thpPolicy("thp-linux", LinuxThpPolicy::new)
            .memory("4G")
            .build()) {
      RunResult r = kernel.run("largepages3-arm64", yaml);
      assertTrue(r.ok(), r.failures().toString());
      MachineReport m = r.machine();
      assertEquals("aarch64", m.arch());
      assertEquals(granule, size(m.pageSize()));
      assertEquals(hugePage, size(m.hugePageSize()));
      assertEquals("neoverse-n1", r.cpu());
      PhaseCosts firstTouch = r.phases().get(0).costs();
      assertEquals(pmdFaults, firstTouch.faultsHuge());
      assertEquals(0, firstTouch.faultsBase());
      assertEquals(refsPerMiss, firstTouch.walkRefsPerWalk());
      TlbReach l2 =
          m.tlbReach().stream()
              .filter(t -> t.level() == 2 && t.pageSize() == m.hugePageSize())
              .findFirst()
              .orElseThrow();
      assertEquals(1280 * m.hugePageSize(), l2.reachBytes());
    }
  }

  private static String size(long bytes) {
    return bytes >= 1L << 20 ? (bytes >> 20) + "M" : (bytes >> 10) + "K";
  }
}
