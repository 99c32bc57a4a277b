package org.kmodel.thp.hawkeye;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kmodel.api.knob.Errno;
import org.kmodel.api.knob.KnobException;
import org.kmodel.api.mm.VmFlags;
import org.kmodel.api.thp.Defrag;
import org.kmodel.testkit.fake.ArrayFrameTable;
import org.kmodel.testkit.fake.FakeAddressSpace;
import org.kmodel.testkit.fake.FakePluginContext;
import org.kmodel.testkit.fake.FakePromotionContext;
import org.kmodel.testkit.fake.FakeVma;
import org.kmodel.testkit.fake.Geometries;

/** The policy's decisions and background passes against a fake kernel of 256 MiB. */
class HawkeyeThpPolicyTest {
  private static final String DIR = "/sys/kernel/mm/hawkeye/";
  private static final int FRAMES = 65536;
  private static final long G = 1L << 30;
  private static final long HUGE = 2L << 20;
  private static final int PAGES = 512;

  private final HawkeyeThpPolicy policy = new HawkeyeThpPolicy();
  private final FakePromotionContext mm = new FakePromotionContext();
  private FakePluginContext kernel;

  @BeforeEach
  void attach() {
    kernel = new FakePluginContext(Geometries.x86_64(), new ArrayFrameTable(FRAMES));
    policy.attach(kernel);
    mm.freeHugeBlocks(100);
  }

  /** Free memory such that {@code used} base pages of the machine are in use. */
  private void use(long used) {
    long free = FRAMES - used;
    mm.freeHugeBlocks(free / PAGES).freeBasePages(free % PAGES);
  }

  private static long percent(int p) {
    return (long) FRAMES * p / 100;
  }

  @Test
  void knobsHaveThePaperDerivedDefaultsAndStatsAreReadOnly() {
    assertEquals("[always] madvise never", kernel.cat(DIR + "enabled"));
    assertEquals("10000", kernel.cat(DIR + "scan_sleep_millisecs"));
    assertEquals("8", kernel.cat(DIR + "promotions_per_pass"));
    assertEquals("128", kernel.cat(DIR + "prezero_target"));
    assertEquals("32", kernel.cat(DIR + "prezero_per_pass"));
    assertEquals("85", kernel.cat(DIR + "bloat_high_watermark"));
    assertEquals("70", kernel.cat(DIR + "bloat_low_watermark"));
    assertEquals("64", kernel.cat(DIR + "bloat_zero_threshold"));
    for (String stat : List.of("promoted", "demoted", "bloat_freed_pages", "prezeroed")) {
      assertEquals("0", kernel.cat(DIR + stat));
      KnobException e = assertThrows(KnobException.class, () -> kernel.echo(DIR + stat, "1"));
      assertEquals(Errno.EPERM, e.errno());
    }
    KnobException e =
        assertThrows(KnobException.class, () -> kernel.echo(DIR + "bloat_zero_threshold", "513"));
    assertEquals(Errno.EINVAL, e.errno());
  }

  @Test
  void faultsTakeHugePagesWhereEnabledAllowsButNeverCompact() throws Exception {
    FakeVma plain = FakeVma.anonymous(G, 4 * HUGE, 0);
    FakeVma madvised = FakeVma.anonymous(G, 4 * HUGE, VmFlags.HUGEPAGE);
    FakeVma refused = FakeVma.anonymous(G, 4 * HUGE, VmFlags.NOHUGEPAGE);
    FakeVma file = FakeVma.file(G, 4 * HUGE, 0);
    assertEquals(1L << 9, policy.faultOrders(plain, G));
    assertEquals(0, policy.faultOrders(refused, G));
    assertEquals(0, policy.faultOrders(file, G));
    assertEquals(Defrag.NONE, policy.faultDefrag(madvised));
    assertTrue(policy.useHugeZeroPage());
    kernel.echo(DIR + "enabled", "madvise");
    assertEquals(0, policy.faultOrders(plain, G));
    assertEquals(1L << 9, policy.faultOrders(madvised, G));
    assertFalse(policy.khugepagedEligible(plain));
    assertTrue(policy.khugepagedEligible(madvised));
    kernel.echo(DIR + "enabled", "never");
    assertEquals(0, policy.faultOrders(madvised, G));
    assertFalse(policy.useHugeZeroPage());
  }

  @Test
  void madvCollapseGetsLinuxsLimitsAndHawkeyesPassSize() throws Exception {
    kernel.echo(DIR + "promotions_per_pass", "2");
    assertEquals(1024, policy.khugepagedTuning().pagesToScan());
    assertEquals(511, policy.khugepagedTuning().maxPtesNone());
    assertEquals(10_000, policy.khugepagedTuning().scanSleepMillis());
  }

  @Test
  void withoutPmdHugePagesNothingIsRegisteredAndEverythingIsBasePages() {
    FakePluginContext generic = new FakePluginContext(Geometries.basePagesOnly());
    HawkeyeThpPolicy p = new HawkeyeThpPolicy();
    p.attach(generic);
    assertEquals(List.of(), generic.knobs().all());
    assertEquals(0, p.faultOrders(FakeVma.anonymous(G, HUGE, 0), G));
    assertFalse(p.khugepagedEligible(FakeVma.anonymous(G, HUGE, VmFlags.HUGEPAGE)));
    assertFalse(p.useHugeZeroPage());
    assertEquals(0, p.khugepagedTuning().pagesToScan());
    assertEquals(0, p.shrink(mm, 100));
  }

  @Test
  void eachPassIsAFullScanAndSleepsScanSleepMillisecs() throws Exception {
    mm.spawn("p1").vma(G, 2, 0);
    assertEquals(10_000_000_000L, policy.backgroundPass(mm));
    kernel.echo(DIR + "scan_sleep_millisecs", "250");
    assertEquals(250_000_000L, policy.backgroundPass(mm));
    assertEquals(2, mm.fullScans());
  }

  @Test
  void thePoolIsToppedUpToItsTargetAtTheRateAllowed() throws Exception {
    kernel.echo(DIR + "prezero_target", "40");
    policy.backgroundPass(mm);
    assertEquals(32, mm.prezeroed());
    policy.backgroundPass(mm);
    assertEquals(40, mm.prezeroed());
    mm.usePrezeroed(5);
    policy.backgroundPass(mm);
    assertEquals(40, mm.prezeroed());
    assertEquals("45", kernel.cat(DIR + "prezeroed"));
  }

  @Test
  void theHottestRangeIsPromotedFirst() throws Exception {
    kernel.echo(DIR + "promotions_per_pass", "1");
    kernel.echo(DIR + "prezero_per_pass", "0");
    FakeAddressSpace p1 = mm.spawn("p1").vma(G, 3, 0);
    p1.range(G).table(512, 60);
    p1.range(G + HUGE).table(512, 500);
    p1.range(G + 2 * HUGE).table(512, 300);
    policy.backgroundPass(mm);
    assertEquals(List.of("p1@40200000"), mm.promoted());
    policy.backgroundPass(mm);
    assertEquals(List.of("p1@40200000", "p1@40400000"), mm.promoted(), "300 then 60, smoothed");
    assertEquals("2", kernel.cat(DIR + "promoted"));
  }

  @Test
  void theProcessWithTheHighestMmuOverheadIsServedFirst() throws Exception {
    kernel.echo(DIR + "promotions_per_pass", "1");
    FakeAddressSpace calm = mm.spawn("calm").vma(G, 1, 0).spend(10, 1000);
    FakeAddressSpace walker = mm.spawn("walker").vma(2 * G, 1, 0).spend(600, 1000);
    calm.range(G).table(512, 512);
    walker.range(2 * G).table(512, 40);
    policy.backgroundPass(mm);
    assertEquals(List.of("walker@80000000"), mm.promoted());
  }

  @Test
  void aProcessThatWalkedLittleSinceTheLastPassGivesWay() throws Exception {
    kernel.echo(DIR + "promotions_per_pass", "1");
    FakeAddressSpace a = mm.spawn("a").vma(G, 2, 0).spend(900, 1000);
    FakeAddressSpace b = mm.spawn("b").vma(2 * G, 1, 0).spend(100, 1000);
    a.range(G).table(512, 512);
    a.range(G + HUGE).table(512, 512);
    b.range(2 * G).table(512, 512);
    policy.backgroundPass(mm);
    a.spend(0, 1000);
    b.spend(500, 1000);
    a.range(G + HUGE).table(512, 512);
    b.range(2 * G).table(512, 512);
    policy.backgroundPass(mm);
    assertEquals(List.of("a@40000000", "b@80000000"), mm.promoted());
  }

  @Test
  void withoutACostModelTheHottestRangeOfAnyProcessGoesFirst() throws Exception {
    kernel.echo(DIR + "promotions_per_pass", "1");
    FakeAddressSpace a = mm.spawn("a").vma(G, 1, 0);
    FakeAddressSpace b = mm.spawn("b").vma(2 * G, 1, 0);
    a.range(G).table(512, 100);
    b.range(2 * G).table(512, 480);
    policy.backgroundPass(mm);
    assertEquals(List.of("b@80000000"), mm.promoted());
  }

  @Test
  void untouchedRangesIneligibleVmasAndHugePagesAreNotPromoted() throws Exception {
    FakeAddressSpace p = mm.spawn("p").vma(G, 2, 0).vma(2 * G, 1, VmFlags.NOHUGEPAGE);
    p.range(G).table(512, 0);
    p.range(G + HUGE).huge(false, 0);
    p.range(2 * G).table(512, 512);
    policy.backgroundPass(mm);
    assertEquals(List.of(), mm.promoted());
  }

  @Test
  void promotionStopsWhenNoHugeBlockIsFree() throws Exception {
    mm.freeHugeBlocks(1);
    mm.freeBasePages(40000);
    kernel.echo(DIR + "prezero_per_pass", "0");
    FakeAddressSpace p = mm.spawn("p").vma(G, 3, 0);
    for (int i = 0; i < 3; i++) {
      p.range(G + i * HUGE).table(512, 512);
    }
    policy.backgroundPass(mm);
    assertEquals(1, mm.promoted().size());
  }

  @Test
  void aPromotionThatWouldPassTheHighWatermarkIsSkipped() throws Exception {
    use(percent(85) - 300);
    kernel.echo(DIR + "prezero_per_pass", "0");
    FakeAddressSpace p = mm.spawn("p").vma(G, 2, 0);
    p.range(G).table(12, 12);
    p.range(G + HUGE).table(500, 400);
    policy.backgroundPass(mm);
    assertEquals(List.of("p@40200000"), mm.promoted(), "filling 12 holes fits below 85%, 500 not");
  }

  @Test
  void shrinkDemotesTheMostBloatedHugePagesUntilEnoughIsFree() {
    FakeAddressSpace a = mm.spawn("a").vma(G, 3, 0);
    FakeAddressSpace b = mm.spawn("b").vma(2 * G, 2, 0);
    a.range(G).huge(false, 100);
    a.range(G + HUGE).huge(false, 410);
    a.range(G + 2 * HUGE).huge(false, 63);
    b.range(2 * G).huge(false, 300);
    b.range(2 * G + HUGE).huge(false, 200);
    assertEquals(710, policy.shrink(mm, 600));
    assertEquals(List.of("a@40200000", "b@80000000"), mm.demoted());
    assertEquals(300, policy.shrink(mm, 10_000), "everything else at or above 64 zero pages");
    assertEquals(List.of("a@40200000", "b@80000000", "b@80200000", "a@40000000"), mm.demoted());
    assertEquals(0, policy.shrink(mm, 10_000), "63 zero pages are not worth a split");
    assertEquals("4", kernel.cat(DIR + "demoted"));
    assertEquals("1010", kernel.cat(DIR + "bloat_freed_pages"));
  }

  @Test
  void aboveTheHighWatermarkAPassRecoversBloatDownToTheLowOne() throws Exception {
    kernel.echo(DIR + "prezero_per_pass", "0");
    FakeAddressSpace p = mm.spawn("p").vma(G, 100, 0);
    for (int i = 0; i < 100; i++) {
      p.range(G + i * HUGE).huge(false, 400);
    }
    use(percent(85) + 1);
    policy.backgroundPass(mm);
    long need = percent(85) + 1 - percent(70);
    assertEquals(25, (need + 399) / 400);
    assertEquals(25, mm.demoted().size(), "from above 85% down to 70%, 400 pages a split");
    mm.demoted().clear();
    use(percent(85));
    policy.backgroundPass(mm);
    assertEquals(List.of(), mm.demoted(), "at the high watermark nothing is recovered");
  }
}
