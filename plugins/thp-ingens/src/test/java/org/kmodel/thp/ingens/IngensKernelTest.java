package org.kmodel.thp.ingens;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kmodel.allocator.buddy.BuddyAllocator;
import org.kmodel.arch.x86_64.X86_64Architecture;
import org.kmodel.kernel.run.RunResult;
import org.kmodel.testkit.harness.KernelHarness;

/**
 * The policy in the real memory manager with the buddy allocator: what it promotes, for whom and
 * how fast, read from the kernel's own counters and smaps, with the data checked after every
 * collapse.
 */
class IngensKernelTest {
  private static final String INGENS = "/sys/kernel/mm/ingens/";

  private final KernelHarness kernel =
      KernelHarness.builder()
          .arch("arch-x86_64", X86_64Architecture::new)
          .allocator("allocator-buddy", BuddyAllocator::new)
          .thpPolicy("thp-ingens", IngensThpPolicy::new)
          .memory("256M")
          .build();

  @TempDir Path dir;

  @AfterEach
  void close() {
    kernel.close();
  }

  /**
   * A buddyinfo with {@code small} free blocks of each order 0 to 8 and {@code huge} of order 9: a
   * machine whose huge blocks are exactly those.
   */
  private String buddyinfo(int small, int huge) throws Exception {
    StringBuilder line = new StringBuilder("Node 0, zone   Normal");
    for (int order = 0; order <= 10; order++) {
      line.append(' ').append(order < 9 ? small : order == 9 ? huge : 0);
    }
    Path file = dir.resolve("buddyinfo-" + small + "-" + huge + ".txt");
    Files.writeString(file, line + "\n");
    return file.toString();
  }

  @Test
  void aRangeNinetyFivePercentPopulatedIsPromotedAfterASleepOneHalfPopulatedIsNot()
      throws Exception {
    RunResult r =
        kernel.run(
            """
            name: utilisation
            machine: {memory: 256M}
            steps:
              - spawn: p1
              - mmap: {pid: p1, as: area, size: 4M, align: 2M}
              - fill: {pid: p1, region: area, offset: 0, length: 1948K, value: 7}
              - fill: {pid: p1, region: area, offset: 2M, length: 1M, value: 8}
              - expect: {vmstat.thp_fault_alloc: 0, smaps.p1.area.AnonHugePages: 0}
              - sleep: 3s
              - expect:
                  vmstat.thp_fault_alloc: 0
                  vmstat.thp_collapse_alloc: 1
                  smaps.p1.area.AnonHugePages: 2048
                  smaps.p1.area.Rss: 3072
                  knob./sys/kernel/mm/transparent_hugepage/khugepaged/pages_collapsed: 1
                  knob./sys/kernel/mm/ingens/stats/promoted: 1
              - check: {pid: p1, region: area, offset: 0, length: 1948K, value: 7}
              - check: {pid: p1, region: area, offset: 1948K, length: 100K, value: 0}
              - check: {pid: p1, region: area, offset: 2M, length: 1M, value: 8}
            """);
    assertTrue(r.ok(), r.failures().toString());
  }

  @Test
  void twoProcessesCompetingForFourFreeHugeBlocksGetTwoEach() throws Exception {
    RunResult r =
        kernel.run(
            """
            name: fairness
            machine: {memory: 512M, fragmentation: {buddyinfo: %s}}
            steps:
              - spawn: p1
              - spawn: p2
              - mmap: {pid: p1, as: a, size: 8M, align: 2M}
              - mmap: {pid: p2, as: a, size: 8M, align: 2M}
              - fill: {pid: p1, region: a, value: 1}
              - fill: {pid: p2, region: a, value: 2}
              - sleep: 10s
              - expect:
                  vmstat.thp_fault_alloc: 0
                  vmstat.thp_collapse_alloc: 4
                  smaps.p1.a.AnonHugePages: 4096
                  smaps.p2.a.AnonHugePages: 4096
                  knob./sys/kernel/mm/transparent_hugepage/khugepaged/pages_collapsed: 4
                  knob./sys/kernel/mm/ingens/stats/promote_failed: "> 0"
              - check: {pid: p1, region: a, value: 1}
              - check: {pid: p2, region: a, value: 2}
            """
                .formatted(buddyinfo(64, 4)));
    assertTrue(r.ok(), r.failures().toString());
  }

  @Test
  void onAFragmentedMachinePromotionSlows() throws Exception {
    String pass =
        """
        name: one pass
        machine: {memory: %s%s}
        knobs: {%senabled: never}
        steps:
          - spawn: p1
          - mmap: {pid: p1, as: a, size: 32M, align: 2M}
          - fill: {pid: p1, region: a, value: 5}
          - set: {%senabled: always}
          - khugepaged: {full_scans: 1}
          - expect: {vmstat.thp_collapse_alloc: %d, smaps.p1.a.AnonHugePages: %d}
          - check: {pid: p1, region: a, value: 5}
        """;
    RunResult whole = kernel.run(pass.formatted("256M", "", INGENS, INGENS, 8, 8 * 2048));
    assertTrue(whole.ok(), whole.failures().toString());

    // 16 free huge blocks and about nine times as much free memory in smaller ones: FMFI ~ 0.89.
    String fragmented = ", fragmentation: {buddyinfo: " + buddyinfo(144, 16) + "}";
    RunResult slow = kernel.run(pass.formatted("1G", fragmented, INGENS, INGENS, 2, 2 * 2048));
    assertTrue(slow.ok(), slow.failures().toString());
    assertEquals("2", kernel.cat(INGENS + "stats/promoted"));
  }

  @Test
  void madviseCollapseStillCollapsesWhatTheThresholdWouldNot() throws Exception {
    RunResult r =
        kernel.run(
            """
            name: collapse
            machine: {memory: 256M}
            steps:
              - spawn: p1
              - mmap: {pid: p1, as: area, size: 2M, align: 2M}
              - fill: {pid: p1, region: area, offset: 0, length: 1M, value: 3}
              - madvise: {pid: p1, region: area, advice: collapse}
              - expect: {smaps.p1.area.AnonHugePages: 2048, vmstat.thp_collapse_alloc: 1}
              - check: {pid: p1, region: area, offset: 0, length: 1M, value: 3}
            """);
    assertTrue(r.ok(), r.failures().toString());
  }
}
