package org.kmodel.thp.ingens;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kmodel.api.knob.Errno;
import org.kmodel.api.knob.KnobException;
import org.kmodel.api.mm.VmFlags;
import org.kmodel.api.thp.Defrag;
import org.kmodel.api.thp.KhugepagedTuning;
import org.kmodel.api.thp.PromotionPolicy;
import org.kmodel.testkit.fake.FakePluginContext;
import org.kmodel.testkit.fake.FakePromotionContext;
import org.kmodel.testkit.fake.FakeVma;
import org.kmodel.testkit.fake.Geometries;

/** The policy's files, its fault-time answers and what it tells MADV_COLLAPSE. */
class IngensThpPolicyTest {
  private static final String DIR = "/sys/kernel/mm/ingens/";
  private static final long BASE = 1L << 30;
  private static final long HUGE = 2L << 20;
  private static final FakeVma MADVISED = FakeVma.anonymous(BASE, 4 * HUGE, VmFlags.HUGEPAGE);

  private FakePluginContext kernel;
  private final IngensThpPolicy policy = new IngensThpPolicy();

  @BeforeEach
  void boot() {
    kernel = new FakePluginContext(Geometries.x86_64());
    policy.attach(kernel);
  }

  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource({
    "enabled,              [always] madvise never",
    "util_threshold,       90",
    "fmfi_threshold,       500",
    "idle_penalty,         50",
    "promotions_per_pass,  8",
    "scan_sleep_millisecs, 1000",
    "stats/promoted,       0",
    "stats/promote_failed, 0",
  })
  void defaults(String file, String content) {
    assertEquals(content, kernel.cat(DIR + file));
  }

  @Test
  void onlyItsOwnDirectory() {
    assertEquals(8, kernel.knobs().all().size());
    assertTrue(kernel.knobs().all().stream().allMatch(k -> k.path().startsWith(DIR)));
  }

  @ParameterizedTest(name = "{0} rejects {1}")
  @CsvSource({
    "enabled,             defer",
    "util_threshold,      0",
    "util_threshold,      101",
    "fmfi_threshold,      1001",
    "fmfi_threshold,      -1",
    "promotions_per_pass, 0",
    "idle_penalty,        ten",
  })
  void badWritesAreEinval(String file, String value) {
    KnobException e = assertThrows(KnobException.class, () -> kernel.echo(DIR + file, value));
    assertEquals(Errno.EINVAL, e.errno());
  }

  @Test
  void statsAreReadOnly() {
    KnobException e =
        assertThrows(KnobException.class, () -> kernel.echo(DIR + "stats/promoted", "1"));
    assertEquals(Errno.EPERM, e.errno());
  }

  @Test
  void noHugePageAtFault() throws KnobException {
    for (String mode : List.of("always", "madvise")) {
      kernel.echo(DIR + "enabled", mode);
      assertEquals(0, policy.faultOrders(MADVISED, BASE), mode);
    }
    assertEquals(Defrag.NONE, policy.faultDefrag(MADVISED));
    assertFalse(policy.useHugeZeroPage());
  }

  @Test
  void madviseCollapseFollowsEnabled() throws KnobException {
    FakeVma plain = FakeVma.anonymous(BASE, HUGE, 0);
    assertTrue(policy.khugepagedEligible(plain));
    kernel.echo(DIR + "enabled", "madvise");
    assertFalse(policy.khugepagedEligible(plain));
    assertTrue(policy.khugepagedEligible(MADVISED));
    kernel.echo(DIR + "enabled", "never");
    assertFalse(policy.khugepagedEligible(MADVISED));
  }

  @Test
  void khugepagedTuningAdmitsTheHolesTheThresholdAdmits() throws KnobException {
    assertEquals(
        KhugepagedTuning.builder()
            .pagesToScan(4096)
            .scanSleepMillis(1000)
            .allocSleepMillis(1000)
            .maxPtesNone(51)
            .maxPtesSwap(64)
            .maxPtesShared(256)
            .defrag(true)
            .build(),
        policy.khugepagedTuning());
    kernel.echo(DIR + "util_threshold", "100");
    kernel.echo(DIR + "promotions_per_pass", "2");
    assertEquals(0, policy.khugepagedTuning().maxPtesNone());
    assertEquals(1024, policy.khugepagedTuning().pagesToScan());
  }

  @Test
  void theBootParameterSetsEnabled() {
    FakePluginContext booted =
        new FakePluginContext(Geometries.x86_64()).boot("transparent_hugepage", "madvise");
    new IngensThpPolicy().attach(booted);
    assertEquals("always [madvise] never", booted.cat(DIR + "enabled"));
  }

  @Test
  void withoutPmdHugePagesNothingIsRegisteredAndEveryAnswerIsBasePages() {
    FakePluginContext generic = new FakePluginContext(Geometries.basePagesOnly());
    IngensThpPolicy base = new IngensThpPolicy();
    base.attach(generic);
    assertEquals(List.of(), generic.knobs().all());
    assertEquals(0, base.faultOrders(MADVISED, BASE));
    assertFalse(base.khugepagedEligible(MADVISED));
    assertEquals(0, base.khugepagedTuning().pagesToScan());
    FakePromotionContext context = new FakePromotionContext().freeHugeBlocks(4);
    context.spawn("p1").vma(BASE, 1, 0).populate(0, 512);
    assertEquals(PromotionPolicy.IDLE_SLEEP_NANOS, base.backgroundPass(context));
    assertEquals(List.of(), context.promotedRanges());
    assertEquals(1, context.fullScans());
  }
}
