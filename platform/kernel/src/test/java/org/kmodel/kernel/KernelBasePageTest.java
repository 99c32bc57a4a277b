package org.kmodel.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.kmodel.api.arch.Architecture;
import org.kmodel.kernel.slot.ManualProvider;
import org.kmodel.kernel.slot.SlotUpdate;
import org.kmodel.kernel.slot.TestPlugins;

/** The base page a scenario's sizes are measured in, before and after the machine is pinned. */
class KernelBasePageTest {

  private static void offer(Kernel kernel, String machine) {
    kernel
        .slots()
        .offer(
            SlotUpdate.added(
                new ManualProvider(
                    Architecture.SLOT,
                    machine,
                    1,
                    () -> TestPlugins.arch(machine, TestPlugins.ARM64_64K))));
    kernel.slots().applyPending();
  }

  @Test
  void thereIsNoneBeforeAnArchitectureIsSeen() {
    assertNull(Kernel.create(KernelConfig.ofMemory(64L << 20)).basePage());
  }

  @Test
  void itIsThePinnedMachines() {
    Kernel kernel = Kernel.create(KernelConfig.ofMemory(64L << 20));
    offer(kernel, "aarch64");

    assertEquals(new Kernel.BasePage(64 * 1024, "aarch64"), kernel.basePage());
    assertEquals("the 64K base page of aarch64", kernel.basePage().toString());
  }

  @Test
  void itIsThatOfAnArchitectureRefusedBecauseTheMemoryIsNotAWholeNumberOfItsPages() {
    Kernel kernel = Kernel.create(KernelConfig.ofMemory((64L << 20) + 4096));
    offer(kernel, "aarch64");

    assertNull(kernel.machine());
    assertEquals(new Kernel.BasePage(64 * 1024, "aarch64"), kernel.basePage());
  }
}
