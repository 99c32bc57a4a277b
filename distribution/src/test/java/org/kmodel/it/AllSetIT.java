package org.kmodel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.kmodel.kernel.Kernel;
import org.kmodel.kernel.event.Event;
import org.kmodel.kernel.run.RunResult;
import org.kmodel.testkit.Kmodel;
import org.kmodel.testkit.KmodelTest;

/** Both architectures installed: ranking chooses, a swap step changes it, geometry guards it. */
@KmodelTest(set = "all")
class AllSetIT {

  @Test
  void theHigherRankedArchitectureWins(Kmodel kmodel) {
    Kernel k = kmodel.kernel(64L << 20);
    assertEquals("arch-x86_64", k.architecture().occupantName());
  }

  @Test
  void anArchitectureSwapBeforeAnyProcessTakesTheThpKnobsAway(Kmodel kmodel) throws Exception {
    RunResult r =
        kmodel.run(
            "swap-arch.yaml",
            """
            name: swap-arch
            steps:
              - expect: {knob./sys/kernel/mm/transparent_hugepage/enabled: always}
              - swap: {slot: arch, to: arch-generic}
              - spawn: p1
              - mmap: {pid: p1, as: a, size: 4M}
            """);
    assertTrue(r.ok(), r.failures().toString());
    List<Event> archSwaps =
        r.events().stream()
            .filter(e -> e.type().equals("swap") && e.data().get("slot").equals("arch"))
            .toList();
    assertEquals("arch-generic", archSwaps.get(archSwaps.size() - 1).data().get("to"));
    assertEquals("arch-x86_64", archSwaps.get(archSwaps.size() - 1).data().get("from"));
  }

  @Test
  void anArchitectureWithOtherPageTablesIsRefusedOnceAProcessHasThem(Kmodel kmodel)
      throws Exception {
    RunResult r =
        kmodel.run(
            "refused.yaml",
            """
            name: refused
            steps:
              - spawn: p1
              - swap: {slot: arch, to: arch-generic}
              - expect: {knob./sys/kernel/mm/transparent_hugepage/enabled: always}
            """);
    assertEquals(1, r.exitCode());
    assertEquals(1, r.failures().size(), r.failures().toString());
    assertEquals("refused.yaml:4:5", r.failures().get(0).where());
    assertTrue(r.failures().get(0).message().contains("page tables"), r.failures().toString());
  }
}
