package org.kmodel.thp.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kmodel.api.knob.KnobException;
import org.kmodel.testkit.fake.FakePluginContext;
import org.kmodel.testkit.fake.Geometries;

/**
 * Linux 6.8's per-size controls, {@code hugepages-<size>kB/enabled}, as {@code
 * thp_vma_allowable_orders} reads them: {@code inherit} follows the top-level {@code enabled},
 * {@code madvise} needs MADV_HUGEPAGE, MADV_NOHUGEPAGE excludes every size.
 */
class MultiSizeThpTest {
  private static final String THP = "/sys/kernel/mm/transparent_hugepage/";
  private static final long K64 = 1L << 4;
  private static final long M2 = 1L << 9;

  private FakePluginContext kernel;
  private final LinuxThpPolicy policy = new LinuxThpPolicy();

  @BeforeEach
  void boot() {
    kernel = new FakePluginContext(Geometries.x86_64());
    policy.attach(kernel);
  }

  private void echo(String file, String value) throws KnobException {
    kernel.knobs().find(THP + file).write(value);
  }

  @Test
  void byDefaultOnlyThePmdSizeIsOnThroughInherit() {
    assertEquals(M2, policy.faultOrders(FakeVma.anonymous("-"), FakeVma.START));
    for (int kb : new int[] {16, 32, 64, 128, 256, 512, 1024}) {
      assertEquals(
          "always inherit madvise [never]", kernel.cat(THP + "hugepages-" + kb + "kB/enabled"));
    }
    assertEquals("always [inherit] madvise never", kernel.cat(THP + "hugepages-2048kB/enabled"));
  }

  @ParameterizedTest(name = "enabled={0} 64kB={1} 2048kB={2} madvise={3} -> {4}")
  @CsvSource({
    "always,  always,  inherit, -,          528",
    "never,   always,  inherit, -,          16",
    "never,   madvise, inherit, -,          0",
    "never,   madvise, inherit, hugepage,   16",
    "madvise, inherit, never,   -,          0",
    "madvise, inherit, never,   hugepage,   16",
    "always,  always,  always,  nohugepage, 0",
  })
  void eachSizeFollowsItsOwnFileOrTheTopLevelOne(
      String enabled, String k64, String m2, String madvise, long orders) throws KnobException {
    echo("enabled", enabled);
    echo("hugepages-64kB/enabled", k64);
    echo("hugepages-2048kB/enabled", m2);
    assertEquals(orders, policy.faultOrders(FakeVma.anonymous(madvise), FakeVma.START));
  }

  @Test
  void khugepagedFollowsThePmdSizeOnly() throws KnobException {
    echo("enabled", "never");
    echo("hugepages-64kB/enabled", "always");
    assertFalse(policy.khugepagedEligible(FakeVma.anonymous("-")));
    echo("hugepages-2048kB/enabled", "always");
    assertTrue(policy.khugepagedEligible(FakeVma.anonymous("-")));
    assertEquals(K64 | M2, policy.faultOrders(FakeVma.anonymous("-"), FakeVma.START));
  }

  @Test
  void aBadWordIsEinval() {
    KnobException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            KnobException.class, () -> echo("hugepages-64kB/enabled", "sometimes"));
    assertEquals("EINVAL", e.errno().name());
  }

  @Test
  void sixtyFourKilobytePagesHaveSizesFrom256kBToThe512MPmd() {
    FakePluginContext arm = new FakePluginContext(Arm64Geometry.with64KiBPages());
    new LinuxThpPolicy().attach(arm);
    assertEquals("always [inherit] madvise never", arm.cat(THP + "hugepages-524288kB/enabled"));
    assertEquals("always inherit madvise [never]", arm.cat(THP + "hugepages-256kB/enabled"));
    assertEquals(null, arm.knobs().find(THP + "hugepages-64kB/enabled"));
  }
}
