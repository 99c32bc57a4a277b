package org.kmodel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.kmodel.kernel.Kernel;
import org.kmodel.kernel.run.RunResult;
import org.kmodel.testkit.Kmodel;
import org.kmodel.testkit.KmodelTest;

/** An architecture without PMD huge pages: no THP knobs, as on such a Linux. */
@KmodelTest(set = "generic")
class GenericSetIT {

  @Test
  void theGenericArchitectureHasNoHugeLeavesAndTheThpPolicyRegistersNoKnobs(Kmodel kmodel) {
    Kernel k = kmodel.kernel(64L << 20);
    assertEquals("generic", k.architecture().get().machine());
    assertTrue(k.geometry().thpOrders().isEmpty());
    assertEquals(3, k.architecture().get().geometry().depth());
    assertNull(k.knobTree().find("/sys/kernel/mm/transparent_hugepage/enabled"));
  }

  @Test
  void aThpKnobInAScenarioIsBadInputNamingItsPlace(Kmodel kmodel) throws Exception {
    RunResult r =
        kmodel.run(
            "generic.yaml",
            """
            name: generic
            knobs:
              /sys/kernel/mm/transparent_hugepage/enabled: always
            steps:
              - spawn: p1
            """);
    assertEquals(2, r.exitCode());
    assertEquals("generic.yaml:3:3", r.failures().get(0).where());
    assertTrue(
        r.failures()
            .get(0)
            .message()
            .equals(
                "arch-generic has no transparent huge pages:"
                    + " /sys/kernel/mm/transparent_hugepage/enabled does not exist"),
        r.failures().get(0).message());
  }

  @Test
  void memoryStepsRunWithoutAThpPolicyBecauseNoneIsNeeded(Kmodel kmodel) throws Exception {
    RunResult r =
        kmodel.run(
            "generic-mm.yaml",
            """
            name: generic-mm
            slots: {thp-policy: nobody}
            steps:
              - spawn: p1
              - mmap: {pid: p1, as: a, size: 8M}
            """);
    assertTrue(r.ok(), r.failures().toString());
  }
}
