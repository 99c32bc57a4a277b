package org.kmodel.thp.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kmodel.allocator.buddy.BuddyAllocator;
import org.kmodel.arch.x86_64.X86_64Architecture;
import org.kmodel.kernel.run.RunResult;
import org.kmodel.testkit.harness.KernelHarness;

/**
 * Behaviours Linux changed between releases, each run as a scenario under the release before and
 * the release that changed it ({@code machine.kernel}), with thp-linux in the real kernel.
 */
class KernelVersionsTest {
  private static final String ENABLED = "/sys/kernel/mm/transparent_hugepage/enabled";

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

  private RunResult run(String release, String swap, String steps) throws Exception {
    RunResult r =
        kernel.run(
            "name: v\nmachine: {memory: 64M, swap: "
                + swap
                + ", kernel: '"
                + release
                + "'}\nknobs:\n  "
                + ENABLED
                + ": always\nsteps:\n"
                + steps);
    assertTrue(r.ok(), release + ": " + r.failures());
    assertEquals(release.replace("+", ""), r.kernel());
    return r;
  }

  /** A read fault, then a write fault, on one PMD range. */
  private static final String READ_THEN_WRITE =
      """
        - spawn: p
        - mmap: {pid: p, as: a, size: 2M, align: 2M}
        - touch: {pid: p, region: a, access: read, length: 4K}
        - touch: {pid: p, region: a, access: write, length: 4K}
        - check: {pid: p, region: a, value: 0}
      """;

  /**
   * 6.13's do_huge_zero_wp_pmd allocates a huge page where 5.8–6.12 split the huge zero PMD; before
   * 5.8 the copy-on-write path allocated one too. pgfault counts each handle_mm_fault once, the one
   * that splits and goes on at the PTE level included.
   */
  @ParameterizedTest
  @CsvSource({"6.13, 1, 0, 2048", "6.12, 0, 1, 4", "5.8, 0, 1, 4", "5.7, 1, 0, 2048"})
  void aWriteToTheHugeZeroPage(String release, long alloc, long splitPmd, long rssKb)
      throws Exception {
    run(release, "0", READ_THEN_WRITE);
    assertEquals(1, kernel.vmstat("thp_zero_page_alloc"));
    assertEquals(alloc, kernel.vmstat("thp_fault_alloc"));
    assertEquals(splitPmd, kernel.vmstat("thp_split_pmd"));
    assertEquals(0, kernel.vmstat("thp_fault_fallback"));
    assertEquals(2, kernel.vmstat("pgfault"), "one fault per access");
    assertEquals(rssKb == 2048 ? 2048 : 0, kernel.meminfo("AnonHugePages"));
    assertEquals(rssKb, kernel.meminfo("AnonPages"));
  }

  /**
   * 6.13 falls back to splitting the huge zero PMD when no huge page can be had, counting the
   * fallback as {@code thp_fault_fallback} and the PMD size's {@code anon_fault_fallback}.
   */
  @Test
  void aWriteToTheHugeZeroPageWithoutAHugePageSplitsUnder613() throws Exception {
    run(
        "6.13",
        "0",
        """
          - spawn: p
          - mmap: {pid: p, as: a, size: 2M, align: 2M}
          - touch: {pid: p, region: a, access: read, length: 4K}
          - set:
              /sys/kernel/debug/fail_page_alloc/ignore-gfp-wait: N
              /sys/kernel/debug/fail_page_alloc/ignore-gfp-highmem: N
              /sys/kernel/debug/fail_page_alloc/min-order: 9
              /sys/kernel/debug/fail_page_alloc/probability: 100
              /sys/kernel/debug/fail_page_alloc/times: -1
          - touch: {pid: p, region: a, access: write, length: 4K}
          - expect:
              vmstat.thp_fault_alloc: 0
              vmstat.thp_fault_fallback: 1
              vmstat.thp_split_pmd: 1
              vmstat.pgfault: 2
              knob./sys/kernel/mm/transparent_hugepage/hugepages-2048kB/stats/anon_fault_fallback: 1
              meminfo.AnonPages: 4
        """);
  }

  /** Before 3.8 there is no huge zero page: a read fault in a THP range allocates a huge page. */
  @Test
  void beforeThreeEightAReadFaultAllocatesAHugePage() throws Exception {
    run(
        "2.6.38",
        "0",
        """
          - spawn: p
          - mmap: {pid: p, as: a, size: 2M, align: 2M}
          - touch: {pid: p, region: a, access: read, length: 4K}
          - expect:
              vmstat.thp_fault_alloc: 1
              vmstat.thp_zero_page_alloc: 0
              smaps.p.a.AnonHugePages: 2048
        """);
    assertNull(kernel.kernel().knobTree().find(ThpSysfs.DIR + "use_zero_page"));
  }

  /**
   * The huge zero page outlives the last process that mapped it and is freed by its shrinker under
   * memory pressure; a later read fault allocates it again.
   */
  @Test
  void theHugeZeroPageStaysUntilItsShrinkerRuns() throws Exception {
    run(
        "6.13",
        "0",
        """
          - spawn: p
          - mmap: {pid: p, as: a, size: 2M, align: 2M}
          - touch: {pid: p, region: a, access: read, length: 4K}
          - exit: p
          - expect: {vmstat.thp_zero_page_alloc: 1, vmstat.nr_free_pages: "< 16000"}
          - spawn: q
          - mmap: {pid: q, as: b, size: 2M, align: 2M}
          - touch: {pid: q, region: b, access: read, length: 4K}
          - exit: q
          - expect: {vmstat.thp_zero_page_alloc: 1}
          - spawn: hog
          - mmap: {pid: hog, as: all, size: 63M}
          - madvise: {pid: hog, region: all, advice: nohugepage}
          - fill: {pid: hog, region: all, value: 1}
          - exit: hog
          - spawn: r
          - mmap: {pid: r, as: c, size: 2M, align: 2M}
          - touch: {pid: r, region: c, access: read, length: 4K}
          - expect: {vmstat.thp_zero_page_alloc: 2}
        """);
  }

  /**
   * THP swap-out under reclaim: split first until 4.13, written whole from 4.14. A 2M huge page,
   * then base pages until memory runs out, so reclaim swaps the huge page out.
   */
  @ParameterizedTest
  @CsvSource({"4.13, true", "4.14, false"})
  void aHugePageGoesToSwapWholeFromFourFourteen(String release, boolean splits) throws Exception {
    run(
        release,
        "64M",
        """
          - spawn: p
          - mmap: {pid: p, as: a, size: 2M, align: 2M}
          - fill: {pid: p, region: a, value: 3}
          - spawn: hog
          - mmap: {pid: hog, as: all, size: 120M}
          - madvise: {pid: hog, region: all, advice: nohugepage}
          - fill: {pid: hog, region: all, value: 1}
          - check: {pid: p, region: a, value: 3}
        """);
    assertTrue(kernel.vmstat("pswpout") > 0);
    assertEquals(splits ? 0 : 1, kernel.vmstat("thp_swpout"));
    assertEquals(splits, kernel.vmstat("thp_split_page") > 0);
  }

  /** MADV_PAGEOUT over a whole PTE-mapped huge page: split first up to 6.9, whole from 6.10. */
  @ParameterizedTest
  @CsvSource({"6.9, 1, 0", "6.10, 0, 1"})
  void aPteMappedHugePageCoveredWholeByPageout(String release, long split, long swpout)
      throws Exception {
    run(
        release,
        "8M",
        """
          - spawn: p
          - mmap: {pid: p, as: a, size: 4M, align: 2M}
          - fill: {pid: p, region: a, value: 3}
          - mprotect: {pid: p, region: a, offset: 2M, length: 4K, prot: r}
          - mprotect: {pid: p, region: a, offset: 2M, length: 4K, prot: rw}
          - expect: {vmstat.thp_split_pmd: 1, vmstat.thp_split_page: 0}
          - madvise: {pid: p, region: a, offset: 2M, length: 2M, advice: pageout}
          - check: {pid: p, region: a, value: 3}
        """);
    assertEquals(split, kernel.vmstat("thp_split_page"));
    assertEquals(swpout, kernel.vmstat("thp_swpout"));
  }

  /** The switches machine.kernel replaced are bad input that names it. */
  @ParameterizedTest
  @CsvSource({
    "/sys/kernel/kmodel/thp_cow",
    "/sys/kernel/kmodel/thp_swapout",
    "/sys/kernel/kmodel/khugepaged_collapse"
  })
  void aRemovedSwitchIsBadInputNamingMachineKernel(String knob) throws Exception {
    RunResult r = kernel.run("name: v\nknobs:\n  " + knob + ": legacy\nsteps: []\n");
    assertEquals(2, r.exitCode());
    String message = r.failures().get(0).message();
    assertTrue(message.contains("replaced by machine.kernel"), message);
  }

  /** MADV_COLLAPSE came with 6.1: EINVAL before, and the step fails. */
  @Test
  void madvCollapseIsEinvalBeforeSixOne() throws Exception {
    RunResult r =
        kernel.run(
            """
            name: v
            machine: {memory: 64M, kernel: '6.0'}
            steps:
              - spawn: p
              - mmap: {pid: p, as: a, size: 2M, align: 2M}
              - madvise: {pid: p, region: a, advice: nohugepage}
              - fill: {pid: p, region: a, value: 1}
              - madvise: {pid: p, region: a, advice: collapse}
            """);
    assertEquals(1, r.exitCode());
    assertTrue(r.failures().toString().contains("EINVAL"), r.failures().toString());
  }

  /**
   * A file a release did not have is absent, and the policy behaves as that release did: no
   * per-size THP files before 6.8, no max_ptes_shared before 5.8, no shrink_underused before 6.12.
   */
  @Test
  void filesOfLaterReleasesAreAbsent() throws Exception {
    run("5.7", "0", "  - spawn: p\n");
    var knobs = kernel.kernel().knobTree();
    assertNull(knobs.find(ThpSysfs.DIR + "hugepages-64kB/enabled"));
    assertNull(knobs.find(ThpSysfs.DIR + "khugepaged/max_ptes_shared"));
    assertNull(knobs.find(ThpSysfs.DIR + "shrink_underused"));
    assertNotNull(knobs.find(ThpSysfs.DIR + "khugepaged/max_ptes_swap"));
    assertNotNull(knobs.find(ThpSysfs.DIR + "use_zero_page"));
  }

  /**
   * Before 5.8 khugepaged refused a range holding a page mapped more than once; 5.8 allows up to
   * max_ptes_shared of them. A quarter of the child's range is still shared with the parent.
   */
  @ParameterizedTest
  @CsvSource({"5.7, 0", "5.8, 2048"})
  void khugepagedCollapsesSharedPagesFromFiveEight(String release, long childHugeKb)
      throws Exception {
    run(
        release,
        "0",
        """
          - set: {/sys/kernel/mm/transparent_hugepage/enabled: madvise}
          - spawn: p
          - mmap: {pid: p, as: a, size: 2M, align: 2M}
          - fill: {pid: p, region: a, value: 1}
          - fork: {pid: p, child: c}
          - fill: {pid: c, region: a, length: 1536K, value: 2}
          - madvise: {pid: c, region: a, advice: hugepage}
          - khugepaged: {full_scans: 2}
          - check: {pid: c, region: a, length: 1536K, value: 2}
          - check: {pid: c, region: a, offset: 1536K, value: 1}
        """);
    assertEquals(childHugeKb, kernel.meminfo("AnonHugePages"));
  }
}
