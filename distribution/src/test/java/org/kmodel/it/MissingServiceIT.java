package org.kmodel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.kmodel.kernel.event.Event;
import org.kmodel.kernel.run.RunOptions;
import org.kmodel.kernel.run.RunResult;
import org.kmodel.testkit.Kmodel;
import org.kmodel.testkit.KmodelTest;

/** A bundle set without an allocator: the run pauses on the empty slot and names it. */
@KmodelTest(
    bundles = {"arch-x86_64", "thp-linux"},
    deploy = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MissingServiceIT {
  private static final String SCENARIO =
      """
      name: needs-allocator
      steps:
        - spawn: p1
        - mmap: {pid: p1, as: a, size: 2M}
      """;

  @Test
  @Order(1)
  void theRunPausesNamingTheEmptySlotAndFailsWhenNothingFillsIt(Kmodel kmodel) throws Exception {
    RunResult r = kmodel.run("missing.yaml", SCENARIO, RunOptions.defaults().withSlotWait(200));
    assertEquals(1, r.exitCode());
    List<Event> pauses = r.events().stream().filter(e -> e.type().equals("pause")).toList();
    assertEquals(1, pauses.size());
    assertEquals("allocator", pauses.get(0).data().get("slot"));
    assertTrue(pauses.get(0).message().contains("org.kmodel.api.mm.PageAllocator"));
    assertEquals(
        "slot 'allocator' stayed empty: no active bundle provides org.kmodel.api.mm.PageAllocator",
        r.failures().get(0).message());
    assertEquals(0, r.steps(), "no step may run on a kernel without an allocator");
  }

  @Test
  @Order(2)
  void deployingTheMissingBundleResumesThePausedRun(Kmodel kmodel) throws Exception {
    CompletableFuture<RunResult> run =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return kmodel.run(
                    "resume.yaml", SCENARIO, RunOptions.defaults().withSlotWait(30_000));
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    Thread.sleep(300);
    assertTrue(!run.isDone(), "the run must be paused");
    kmodel.hotDeploy(kmodel.launch().bundleJar("allocator-buddy"));
    RunResult r = run.get(30, TimeUnit.SECONDS);
    assertTrue(r.ok(), r.failures().toString());
    List<String> types = r.events().stream().map(Event::type).toList();
    assertTrue(types.indexOf("pause") < types.indexOf("resume"), types.toString());
    assertEquals(2, r.steps());
  }
}
