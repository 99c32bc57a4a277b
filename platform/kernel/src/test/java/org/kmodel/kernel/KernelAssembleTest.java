package org.kmodel.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.kmodel.api.arch.Architecture;
import org.kmodel.api.knob.Knob;
import org.kmodel.kernel.slot.ManualProvider;
import org.kmodel.kernel.slot.SlotUpdate;
import org.kmodel.kernel.slot.TestPlugins;

/** A kernel assembled by hand is the kernel Guice builds. */
class KernelAssembleTest {
  private static final KernelConfig CONFIG =
      new KernelConfig(64L << 20, 8L << 20, "fail_page_alloc=10,0,0,1", 7);

  private static Kernel booted(Kernel kernel) {
    kernel
        .slots()
        .offer(
            SlotUpdate.added(
                new ManualProvider(
                    Architecture.SLOT,
                    "x86_64",
                    1,
                    () -> TestPlugins.arch("x86_64", TestPlugins.FOUR_LEVEL))));
    kernel.slots().applyPending();
    return kernel;
  }

  private static Map<String, String> knobs(Kernel kernel) {
    return kernel.knobTree().all().stream()
        .collect(java.util.stream.Collectors.toMap(Knob::path, Knob::read));
  }

  @Test
  void itSharesOneClockAndOneEventLogAsGuiceWiresThem() {
    Kernel k = Kernel.assemble(CONFIG);

    assertSame(k.clock(), k.engine().clock());
    assertSame(CONFIG, k.config());
    k.clock().advance(5);
    assertEquals(5, k.events().record("test", "now").timeNanos());
  }

  @Test
  void itBootsTheSameMachineWithTheSameKnobsCountersAndEvents() {
    Kernel guice = booted(Kernel.create(CONFIG));
    Kernel hand = booted(Kernel.assemble(CONFIG));

    assertEquals(guice.meminfo(), hand.meminfo());
    assertEquals(guice.counters().snapshot(), hand.counters().snapshot());
    assertEquals(knobs(guice), knobs(hand));
    assertEquals(messages(guice), messages(hand));
    assertEquals(guice.cost().profile(), hand.cost().profile());
  }

  @Test
  void everyKernelHasItsOwnState() {
    Kernel a = Kernel.assemble(CONFIG);
    Kernel b = Kernel.assemble(CONFIG);

    assertNotSame(a.slots(), b.slots());
    assertNotSame(a.knobTree(), b.knobTree());
    assertNotSame(a.processes(), b.processes());
  }

  private static List<String> messages(Kernel kernel) {
    return kernel.events().events().stream().map(e -> e.type() + " " + e.message()).toList();
  }
}
