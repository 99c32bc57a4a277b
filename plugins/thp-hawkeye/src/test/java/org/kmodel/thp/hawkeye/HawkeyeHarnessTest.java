package org.kmodel.thp.hawkeye;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kmodel.allocator.buddy.BuddyAllocator;
import org.kmodel.api.thp.ThpPolicy;
import org.kmodel.arch.x86_64.X86_64Architecture;
import org.kmodel.kernel.cost.PhaseCosts;
import org.kmodel.kernel.run.PhaseRecord;
import org.kmodel.kernel.run.RunResult;
import org.kmodel.testkit.harness.KernelHarness;
import org.kmodel.thp.linux.LinuxThpPolicy;

/**
 * The policy inside the real memory manager, beside thp-linux; each scenario pins the one it runs
 * on.
 */
class HawkeyeHarnessTest {
  private static final String HAWKEYE = "thp-hawkeye";
  private static final String LINUX = "thp-linux";
  private static final String DIR = "/sys/kernel/mm/hawkeye/";

  private final KernelHarness kernel =
      KernelHarness.builder()
          .arch("arch-x86_64", X86_64Architecture::new)
          .allocator("allocator-buddy", BuddyAllocator::new)
          .plugin(ThpPolicy.SLOT, LINUX, 100, LinuxThpPolicy::new)
          .plugin(ThpPolicy.SLOT, HAWKEYE, 40, HawkeyeThpPolicy::new)
          .memory("256M")
          .build();

  @AfterEach
  void close() {
    kernel.close();
  }

  private RunResult run(String policy, String machine, String steps) throws Exception {
    return kernel.run(
        "name: t\nseed: 10\nslots: {thp-policy: "
            + policy
            + "}\nmachine: "
            + machine
            + "\nsteps:\n"
            + steps);
  }

  private static PhaseCosts phase(RunResult r, String name) {
    return r.phases().stream()
        .filter(p -> p.name().equals(name))
        .map(PhaseRecord::costs)
        .findFirst()
        .orElseThrow();
  }

  private static final String PREZERO =
      """
        - spawn: p1
        - mmap: {pid: p1, as: a, size: 64M, align: 2M}
        - phase: idle
        - sleep: 30s
        - phase: fault
        - fill: {pid: p1, region: a, value: 3}
        - expect:
            vmstat.thp_fault_alloc: 32
            smaps.p1.a.AnonHugePages: 65536
        - check: {pid: p1, region: a, value: 3}
      """;

  @Test
  void aSleepFillsThePoolAndTheNextHugeFaultsChargeNoClearing() throws Exception {
    RunResult hawkeye = run(HAWKEYE, "{memory: 256M}", PREZERO);
    assertTrue(hawkeye.ok(), hawkeye.failures().toString());
    assertEquals(0, phase(hawkeye, "fault").clearNanos());
    assertEquals(32, phase(hawkeye, "fault").faultsHuge());
    assertTrue(phase(hawkeye, "idle").backgroundNanos() > 0, "zeroing is background work");
    assertTrue(Long.parseLong(kernel.cat(DIR + "prezeroed")) >= 32);

    RunResult linux = run(LINUX, "{memory: 256M}", PREZERO);
    assertTrue(linux.ok(), linux.failures().toString());
    assertTrue(phase(linux, "fault").clearNanos() > 0);
    assertTrue(
        phase(hawkeye, "fault").faultNanos() + phase(hawkeye, "fault").clearNanos()
            < phase(linux, "fault").faultNanos() + phase(linux, "fault").clearNanos());
  }

  /** HawkEye's bloat workload on 256M without swap: see scenarios/policies/bloat.yaml. */
  private static final String BLOAT =
      """
        - spawn: p1
        - mmap: {pid: p1, as: values, size: 200M, align: 2M}
        - fill: {pid: p1, region: values, value: 1}
        - fill: {pid: p1, region: values, value: 0, pattern: random, fraction: 80%}
        - sleep: 30s
        - mmap: {pid: p1, as: large, size: 160M, align: 2M}
        - fill: {pid: p1, region: large, value: 2}
      """;

  @Test
  void underPressureBloatRecoveryKeepsTheProcessAliveWhereLinuxKillsIt() throws Exception {
    RunResult linux = run(LINUX, "{memory: 256M}", BLOAT);
    assertEquals(1, kernel.vmstat("oom_kill"), linux.events().toString());

    RunResult hawkeye =
        run(
            HAWKEYE,
            "{memory: 256M}",
            BLOAT
                + """
                  - check: {pid: p1, region: large, value: 2}
                  - expect: {smaps.p1.large.Rss: 163840}
                """);
    assertTrue(hawkeye.ok(), hawkeye.failures().toString());
    assertEquals(0, kernel.vmstat("oom_kill"));
    long demoted = Long.parseLong(kernel.cat(DIR + "demoted"));
    assertTrue(demoted > 0);
    assertEquals(demoted, kernel.vmstat("thp_split_page"));
    assertTrue(Long.parseLong(kernel.cat(DIR + "bloat_freed_pages")) >= 64 * demoted);
  }

  @Test
  void aboveTheHighWatermarkAPassSplitsHugePagesFullOfZerosAndFreesThem() throws Exception {
    RunResult r =
        run(
            HAWKEYE,
            "{memory: 256M}",
            """
              - spawn: p1
              - mmap: {pid: p1, as: a, size: 224M, align: 2M}
              - fill: {pid: p1, region: a, value: 0}
              - expect: {vmstat.thp_fault_alloc: 112}
              - sleep: 10s
              - expect:
                  smaps.p1.a.AnonHugePages: "< 229376"
                  smaps.p1.a.Rss: "< 229376"
                  meminfo.MemFree: ">= 78643"
              - check: {pid: p1, region: a, value: 0}
            """);
    assertTrue(r.ok(), r.failures().toString());
    long demoted = Long.parseLong(kernel.cat(DIR + "demoted"));
    assertEquals(512 * demoted, Long.parseLong(kernel.cat(DIR + "bloat_freed_pages")));
  }

  @Test
  void theHottestRangeIsPromotedFirst() throws Exception {
    RunResult r =
        run(
            HAWKEYE,
            "{memory: 256M}",
            """
              - set: {/sys/kernel/mm/hawkeye/enabled: never}
              - spawn: p1
              - mmap: {pid: p1, as: cool, size: 2M, align: 2M}
              - mmap: {pid: p1, as: hot, size: 2M, align: 2M}
              - fill: {pid: p1, region: cool, value: 1}
              - fill: {pid: p1, region: hot, value: 2}
              - set:
                  /sys/kernel/mm/hawkeye/enabled: always
                  /sys/kernel/mm/hawkeye/promotions_per_pass: 0
              - sleep: 120s
              - touch: {pid: p1, region: cool, length: 400K, access: read}
              - touch: {pid: p1, region: hot, length: 2000K, access: read}
              - set: {/sys/kernel/mm/hawkeye/promotions_per_pass: 1}
              - sleep: 10s
              - expect:
                  huge.p1.hot: true
                  huge.p1.cool: false
              - sleep: 10s
              - expect:
                  huge.p1.hot: true
                  huge.p1.cool: true
              - check: {pid: p1, region: cool, value: 1}
              - check: {pid: p1, region: hot, value: 2}
            """);
    assertTrue(r.ok(), r.failures().toString());
    assertEquals("2", kernel.cat(DIR + "promoted"));
  }
}
