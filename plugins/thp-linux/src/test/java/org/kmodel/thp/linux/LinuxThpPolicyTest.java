package org.kmodel.thp.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kmodel.api.knob.KnobException;
import org.kmodel.api.mm.VmaView;
import org.kmodel.api.thp.Defrag;
import org.kmodel.api.thp.KhugepagedTuning;
import org.kmodel.testkit.fake.FakePluginContext;
import org.kmodel.testkit.fake.Geometries;

/** The decisions of the Linux THP policy on x86-64, table by table. */
class LinuxThpPolicyTest {
  private static final String THP = "/sys/kernel/mm/transparent_hugepage/";
  private static final String[] ENABLED = {"always", "madvise", "never"};
  private static final String[] DEFRAG = {"always", "defer", "defer+madvise", "madvise", "never"};
  private static final long PMD_ORDER_MASK = 1L << 9;

  private FakePluginContext kernel;
  private final LinuxThpPolicy policy = new LinuxThpPolicy();

  @BeforeEach
  void boot() {
    kernel = new FakePluginContext(Geometries.x86_64());
    policy.attach(kernel);
  }

  private void echo(String value, String file) throws KnobException {
    kernel.knobs().find(THP + file).write(value);
  }

  /** Whether a fault may try order 9 and khugepaged may collapse; defrag never changes it. */
  @ParameterizedTest(name = "enabled={0} madvise={1} anonymous={2} -> huge={3}")
  @CsvSource({
    "always,  -,                   true,  true",
    "always,  hugepage,            true,  true",
    "always,  nohugepage,          true,  false",
    "always,  hugepage+nohugepage, true,  false",
    "madvise, -,                   true,  false",
    "madvise, hugepage,            true,  true",
    "madvise, nohugepage,          true,  false",
    "madvise, hugepage+nohugepage, true,  false",
    "never,   -,                   true,  false",
    "never,   hugepage,            true,  false",
    "never,   nohugepage,          true,  false",
    "always,  -,                   false, false",
    "always,  hugepage,            false, false",
    "madvise, hugepage,            false, false",
  })
  void hugePageEligibility(String enabled, String madvise, boolean anonymous, boolean huge)
      throws KnobException {
    VmaView vma = anonymous ? FakeVma.anonymous(madvise) : FakeVma.file(madvise);
    echo(enabled, "enabled");
    for (String defrag : DEFRAG) {
      echo(defrag, "defrag");
      assertEquals(huge ? PMD_ORDER_MASK : 0, policy.faultOrders(vma, FakeVma.START), defrag);
      assertEquals(huge, policy.khugepagedEligible(vma), defrag);
    }
  }

  /** How hard a huge fault may try; enabled never changes it. */
  @ParameterizedTest(name = "defrag={0} madvise={1} -> {2}")
  @CsvSource({
    "always,        -,          DIRECT",
    "always,        hugepage,   DIRECT",
    "defer,         -,          DEFER",
    "defer,         hugepage,   DEFER",
    "defer+madvise, -,          DEFER",
    "defer+madvise, hugepage,   DIRECT",
    "madvise,       -,          NONE",
    "madvise,       hugepage,   DIRECT",
    "madvise,       nohugepage, NONE",
    "never,         -,          NONE",
    "never,         hugepage,   NONE",
  })
  void faultDefrag(String defrag, String madvise, Defrag expected) throws KnobException {
    echo(defrag, "defrag");
    for (String enabled : ENABLED) {
      echo(enabled, "enabled");
      assertEquals(expected, policy.faultDefrag(FakeVma.anonymous(madvise)), enabled);
    }
  }

  @Test
  void hugeZeroPageFollowsUseZeroPage() throws KnobException {
    assertTrue(policy.useHugeZeroPage());
    echo("0", "use_zero_page");
    assertFalse(policy.useHugeZeroPage());
  }

  @Test
  void khugepagedTuningReadsTheKhugepagedDirectory() throws KnobException {
    assertEquals(
        KhugepagedTuning.builder()
            .pagesToScan(4096)
            .scanSleepMillis(10_000)
            .allocSleepMillis(60_000)
            .maxPtesNone(511)
            .maxPtesSwap(64)
            .maxPtesShared(256)
            .defrag(true)
            .build(),
        policy.khugepagedTuning());
    echo("8192", "khugepaged/pages_to_scan");
    echo("10", "khugepaged/scan_sleep_millisecs");
    echo("20", "khugepaged/alloc_sleep_millisecs");
    echo("0", "khugepaged/max_ptes_none");
    echo("1", "khugepaged/max_ptes_swap");
    echo("2", "khugepaged/max_ptes_shared");
    echo("0", "khugepaged/defrag");
    assertEquals(
        KhugepagedTuning.builder()
            .pagesToScan(8192)
            .scanSleepMillis(10)
            .allocSleepMillis(20)
            .maxPtesNone(0)
            .maxPtesSwap(1)
            .maxPtesShared(2)
            .build(),
        policy.khugepagedTuning());
  }

  @Test
  void pagesToScanTakesTheWholeUnsignedIntRange() throws KnobException {
    echo("4294967295", "khugepaged/pages_to_scan");
    assertEquals(4294967295L, policy.khugepagedTuning().pagesToScan());
  }

  @Test
  void aReattachedPolicyStartsFromTheDefaults() throws KnobException {
    echo("never", "enabled");
    FakePluginContext next = new FakePluginContext(Geometries.x86_64());
    policy.detach();
    policy.attach(next);
    assertEquals("[always] madvise never", next.cat(THP + "enabled"));
    assertEquals(PMD_ORDER_MASK, policy.faultOrders(FakeVma.anonymous("-"), FakeVma.START));
  }

  @Test
  void theFaultPathAllocatesNothing() throws KnobException {
    echo("madvise", "enabled");
    echo("defer+madvise", "defrag");
    VmaView vma = FakeVma.anonymous("hugepage");
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();
    long sink = 0;
    threads.getThreadAllocatedBytes(thread);
    long before = threads.getThreadAllocatedBytes(thread);
    for (int i = 0; i < 1_000_000; i++) {
      sink += policy.faultOrders(vma, FakeVma.START) + policy.faultDefrag(vma).ordinal();
    }
    long allocated = threads.getThreadAllocatedBytes(thread) - before;
    assertEquals(1_000_000L * (PMD_ORDER_MASK + Defrag.DIRECT.ordinal()), sink);
    assertTrue(allocated < 1024, allocated + " bytes allocated over a million faults");
  }
}
