package org.kmodel.thp.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kmodel.api.mm.VmaView;
import org.kmodel.api.thp.Defrag;
import org.kmodel.testkit.fake.FakePluginContext;
import org.kmodel.testkit.fake.Geometries;

/** On an architecture without PMD huge pages there is no THP: no files, only base pages. */
class NoPmdHugePagesTest {
  private FakePluginContext kernel;
  private final LinuxThpPolicy policy = new LinuxThpPolicy();

  @BeforeEach
  void boot() {
    kernel =
        new FakePluginContext(Geometries.basePagesOnly()).boot("transparent_hugepage", "always");
    policy.attach(kernel);
  }

  @Test
  void noTransparentHugepageDirectory() {
    assertEquals(List.of(), kernel.knobs().all());
    assertEquals(List.of(), kernel.counters().all());
    assertEquals(List.of(), kernel.events(), "the boot parameter has nothing to set");
  }

  @Test
  void everyDecisionIsBasePages() {
    VmaView madvised = FakeVma.anonymous("hugepage");
    assertEquals(0, policy.faultOrders(madvised, FakeVma.START));
    assertEquals(Defrag.NONE, policy.faultDefrag(madvised));
    assertFalse(policy.khugepagedEligible(madvised));
    assertFalse(policy.useHugeZeroPage());
    assertEquals(0, policy.khugepagedTuning().pagesToScan());
  }
}
