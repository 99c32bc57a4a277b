package org.kmodel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.kmodel.api.thp.ThpPolicy;
import org.kmodel.it.plugins.ModeThpPolicy;
import org.kmodel.kernel.run.RunResult;
import org.kmodel.testkit.Kmodel;
import org.kmodel.testkit.KmodelTest;
import org.kmodel.testkit.bundle.TestBundle;

/** A bundle copied into the watched deploy directory takes effect in a model that is running. */
@KmodelTest(set = "default", deploy = true)
class HotDeployIT {

  @Test
  void aBundleDroppedIntoDeployDuringARunIsSwappedIn(Kmodel kmodel) throws Exception {
    Path jar =
        TestBundle.named("org.kmodel.it.thp.hot")
            .service(ThpPolicy.class, ModeThpPolicy.Hot.class, "thp-hot", 1)
            .build(kmodel.workDir().resolve("built"));
    CompletableFuture<RunResult> run =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return kmodel.run(
                    "hot.yaml",
                    """
                    name: hot
                    steps:
                      - spawn: p1
                      - swap: {slot: thp-policy, to: thp-hot, wait: 30s}
                      - expect: {knob./sys/kernel/mm/transparent_hugepage/mode: hot}
                    """);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    Thread.sleep(300);
    assertTrue(!run.isDone(), "the run must still be waiting for the bundle");
    kmodel.hotDeploy(jar);
    RunResult r = run.get(30, TimeUnit.SECONDS);
    assertTrue(r.ok(), r.failures().toString());
    assertTrue(
        r.events().stream()
            .anyMatch(e -> e.type().equals("swap") && "thp-hot".equals(e.data().get("to"))));
  }

  @Test
  void aHigherRankedBundleDroppedIntoDeployTakesTheSlotBetweenSteps(Kmodel kmodel)
      throws Exception {
    Path jar =
        TestBundle.named("org.kmodel.it.thp.ranked")
            .service(ThpPolicy.class, ModeThpPolicy.class, "thp-ranked", 1000)
            .build(kmodel.workDir().resolve("ranked"));
    kmodel.hotDeploy(jar);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (kmodel.container().bundles().stream()
        .noneMatch(
            b -> b.name().equals("org.kmodel.it.thp.ranked") && b.state().equals("ACTIVE"))) {
      assertTrue(System.nanoTime() < deadline, "FileInstall did not pick the bundle up");
      Thread.sleep(50);
    }
    RunResult r =
        kmodel.run(
            "ranked.yaml",
            """
            name: ranked
            steps:
              - expect: {knob./sys/kernel/mm/transparent_hugepage/mode: never-test}
            """);
    assertTrue(r.ok(), r.failures().toString());
    assertEquals(
        "thp-ranked",
        r.events().stream()
            .filter(e -> e.type().equals("swap") && "thp-policy".equals(e.data().get("slot")))
            .reduce((a, b) -> b)
            .orElseThrow()
            .data()
            .get("to"));
  }
}
