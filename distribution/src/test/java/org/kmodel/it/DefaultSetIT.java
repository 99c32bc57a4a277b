package org.kmodel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.kmodel.container.BundleInfo;
import org.kmodel.container.Versions;
import org.kmodel.kernel.Kernel;
import org.kmodel.kernel.run.RunResult;
import org.kmodel.testkit.Kmodel;
import org.kmodel.testkit.KmodelTest;

@KmodelTest(set = "default")
class DefaultSetIT {
  private static final String THP = "/sys/kernel/mm/transparent_hugepage/";

  @Test
  void everyBundleOfTheSetIsActiveAndRegistersItsService(Kmodel kmodel) {
    Map<String, BundleInfo> byName =
        kmodel.container().bundles().stream().collect(Collectors.toMap(BundleInfo::name, b -> b));
    for (String bsn :
        List.of("org.kmodel.arch.x86_64", "org.kmodel.allocator.buddy", "org.kmodel.thp.linux")) {
      BundleInfo b = byName.get(bsn);
      assertEquals("ACTIVE", b.state(), bsn);
      assertTrue(b.version().startsWith(Versions.kmodel().replace("-SNAPSHOT", "")), b.version());
      assertEquals(1, b.services().size(), bsn + " " + b.services());
    }
    assertEquals(
        List.of("arch: arch-x86_64 (ranking 100)"),
        byName.get("org.kmodel.arch.x86_64").services());
    assertEquals(List.of(), kmodel.problems());
  }

  @Test
  void theKernelsSlotsAreFilledWithTheSetsImplementations(Kmodel kmodel) {
    Kernel k = kmodel.kernel(64L << 20);
    assertEquals("x86_64", k.architecture().get().machine());
    assertEquals("allocator-buddy", k.allocator().occupantName());
    assertEquals("thp-linux", k.thpPolicy().occupantName());
    assertEquals(List.of(9), k.geometry().thpOrders());
  }

  @Test
  void thpKnobsPrintAsLinuxPrintsThem(Kmodel kmodel) {
    Kernel k = kmodel.kernel(64L << 20);
    assertEquals("[always] madvise never", k.knobTree().find(THP + "enabled").read());
    assertEquals(
        "always defer defer+madvise [madvise] never", k.knobTree().find(THP + "defrag").read());
    assertEquals("2097152", k.knobTree().find(THP + "hpage_pmd_size").read());
    assertEquals("511", k.knobTree().find(THP + "khugepaged/max_ptes_none").read());
  }

  @Test
  void theBuddyAllocatorAdoptsEveryFreeFrameOfTheMachine(Kmodel kmodel) {
    Kernel k = kmodel.kernel(64L << 20);
    assertEquals(
        "Node 0, zone   Normal      0      0      0      0      0      0      0      0      0      0     16 \n",
        k.procBuddyinfo());
  }

  @Test
  void aScenarioRunsOnTheSetAndTheBootParameterSetsTheMode(Kmodel kmodel) throws Exception {
    RunResult r =
        kmodel.run(
            "boot.yaml",
            """
            name: boot
            boot: "transparent_hugepage=never"
            machine: {memory: 256M}
            steps:
              - expect: {knob./sys/kernel/mm/transparent_hugepage/enabled: never}
              - set: {/sys/kernel/mm/transparent_hugepage/enabled: madvise}
              - expect:
                  knob./sys/kernel/mm/transparent_hugepage/enabled: madvise
                  meminfo.MemTotal: 262144
                  vmstat.nr_free_pages: 65536
            """);
    assertTrue(r.ok(), r.failures().toString());
    assertEquals(0, r.exitCode());
  }

  @Test
  void aBadKnobValueIsTheKernelsEinvalAndFailsTheRun(Kmodel kmodel) throws Exception {
    RunResult r =
        kmodel.run(
            "einval.yaml",
            """
            name: einval
            steps:
              - set: {/sys/kernel/mm/transparent_hugepage/enabled: sometimes}
              - expect: {knob./sys/kernel/mm/transparent_hugepage/enabled: always}
            """);
    assertEquals(1, r.exitCode());
    assertEquals(1, r.failures().size());
    assertEquals("einval.yaml:3:11", r.failures().get(0).where());
    assertTrue(
        r.failures().get(0).message().contains("Invalid argument (EINVAL)"),
        r.failures().toString());
  }
}
