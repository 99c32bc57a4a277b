package org.kmodel.kernel.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.kmodel.kernel.scenario.model.Location;
import org.kmodel.kernel.scenario.model.Machine;

/** A machine that cannot fit the heap is refused before anything is built. */
class HeapCheckTest {
  private static final Location AT = new Location("m.yaml", 2, 1);

  @Test
  void aMachineThatFitsPasses() {
    MachineConfig.checkHeap(Machine.defaults(AT), 1L << 30);
  }

  @Test
  void aMachineThatDoesNotFitNamesTheHeapItNeedsAndHowToGetIt() {
    Machine big = new Machine(256L << 30, 0, 0, null, 0, null, null, null, AT);
    ResourceLimitException e =
        assertThrows(ResourceLimitException.class, () -> MachineConfig.checkHeap(big, 64L << 20));
    assertEquals(
        "m.yaml:2:1: a 256G machine needs up to 1.5 GiB of Java heap (24 bytes per 4K page for"
            + " its frame table and page tables); this JVM has 64 MiB: raise it with"
            + " KMODEL_HEAP=2g",
        e.toString());
  }
}
