package org.kmodel.examples.thp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kmodel.api.knob.Errno;
import org.kmodel.api.knob.KnobException;
import org.kmodel.api.mm.VmFlags;
import org.kmodel.api.mm.VmaView;
import org.kmodel.api.thp.Defrag;
import org.kmodel.testkit.fake.FakePluginContext;
import org.kmodel.testkit.fake.FakeVma;
import org.kmodel.testkit.fake.Geometries;

/** The policy's decisions, against the test kit's fake kernel. */
class FaultOnlyThpPolicyTest {
  private static final long GIB = 1L << 30;
  private static final long PMD_ORDER_MASK = 1L << 9;

  private final FakePluginContext kernel = new FakePluginContext(Geometries.x86_64());
  private final FaultOnlyThpPolicy policy = new FaultOnlyThpPolicy();

  @ParameterizedTest(name = "anonymous={0} flags={1} -> orders {2}")
  @CsvSource({
    "true,  0,          0",
    "true,  HUGEPAGE,   512",
    "true,  NOHUGEPAGE, 0",
    "true,  BOTH,       0",
    "false, HUGEPAGE,   0",
  })
  void hugePagesAtFaultOnlyForMadvisedAnonymousMemory(boolean anonymous, String flags, long mask) {
    policy.attach(kernel);
    long f =
        switch (flags) {
          case "HUGEPAGE" -> VmFlags.HUGEPAGE;
          case "NOHUGEPAGE" -> VmFlags.NOHUGEPAGE;
          case "BOTH" -> VmFlags.HUGEPAGE | VmFlags.NOHUGEPAGE;
          default -> 0;
        };
    VmaView vma = anonymous ? FakeVma.anonymous(GIB, 4 << 20, f) : FakeVma.file(GIB, 4 << 20, f);
    assertEquals(mask, policy.faultOrders(vma, GIB));
    assertEquals(mask != 0 ? Defrag.DIRECT : Defrag.NONE, policy.faultDefrag(vma));
    assertFalse(policy.khugepagedEligible(vma), "khugepaged never collapses");
  }

  @Test
  void theKnobSwitchesHugePagesOffAndRejectsAnythingButZeroOrOne() throws KnobException {
    policy.attach(kernel);
    VmaView madvised = FakeVma.anonymous(GIB, 2 << 20, VmFlags.HUGEPAGE);
    assertEquals("1", kernel.cat(FaultOnlyThpPolicy.ENABLED));

    kernel.echo(FaultOnlyThpPolicy.ENABLED, "0\n");
    assertEquals(0, policy.faultOrders(madvised, GIB));

    for (String bad : List.of("2", "yes", "", "-1")) {
      KnobException e =
          assertThrows(KnobException.class, () -> kernel.echo(FaultOnlyThpPolicy.ENABLED, bad));
      assertEquals(Errno.EINVAL, e.errno(), bad);
    }
    assertEquals("0", kernel.cat(FaultOnlyThpPolicy.ENABLED));
    kernel.echo(FaultOnlyThpPolicy.ENABLED, "1");
    assertEquals(PMD_ORDER_MASK, policy.faultOrders(madvised, GIB));
  }

  @Test
  void withoutThpOrdersThereIsNoKnobAndNoHugePage() {
    FakePluginContext basePages = new FakePluginContext(Geometries.basePagesOnly());
    policy.attach(basePages);
    assertEquals(List.of(), basePages.knobs().all());
    assertEquals(0, policy.faultOrders(FakeVma.anonymous(GIB, 2 << 20, VmFlags.HUGEPAGE), GIB));
  }
}
