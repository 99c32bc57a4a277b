package org.kmodel.examples.thp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.kmodel.kernel.event.Event;
import org.kmodel.kernel.run.RunResult;
import org.kmodel.testkit.Kmodel;
import org.kmodel.testkit.KmodelTest;

/**
 * The bundle this build packaged, dropped into the deploy directory of a running model (the
 * installation's default set: x86-64, buddy, thp-linux), takes the thp-policy slot.
 */
@KmodelTest(set = "default", deploy = true)
class FaultOnlyDeployIT {

  @Test
  void theBuiltBundleIsHotDeployedAndFillsTheThpPolicySlot(Kmodel kmodel) throws Exception {
    Path jar = Path.of(System.getProperty("bundle.jar"));
    assertTrue(Files.isRegularFile(jar), jar + " is built by mvn package");
    CompletableFuture<RunResult> run =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return kmodel.run(
                    "hot-deploy.yaml",
                    """
                    name: hot-deploy
                    machine: {memory: 256M}
                    steps:
                      - spawn: p1
                      - swap: {slot: thp-policy, to: thp-fault-only, wait: 30s}
                      - mmap: {pid: p1, as: hot, size: 4M, align: 2M}
                      - madvise: {pid: p1, region: hot, advice: hugepage}
                      - mmap: {pid: p1, as: cold, size: 4M, align: 2M}
                      - fill: {pid: p1, region: hot, value: 1}
                      - fill: {pid: p1, region: cold, value: 2}
                      - expect:
                          knob./sys/kernel/mm/thp_fault_only/enabled: 1
                          vmstat.thp_fault_alloc: 2
                          smaps.p1.cold.AnonHugePages: 0
                    """);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    Thread.sleep(300);
    assertFalse(run.isDone(), "the run must still be waiting for the bundle");
    kmodel.hotDeploy(jar);
    RunResult r = run.get(60, TimeUnit.SECONDS);
    assertTrue(r.ok(), r.failures() + " problems: " + kmodel.problems());
    Event swap =
        r.events().stream()
            .filter(e -> e.type().equals("swap") && "thp-fault-only".equals(e.data().get("to")))
            .findFirst()
            .orElseThrow();
    assertEquals("thp-policy", swap.data().get("slot"));
    assertEquals("org.kmodel.examples.thp.faultonly", swap.data().get("bundle"));
  }
}
