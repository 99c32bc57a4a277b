package org.kmodel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kmodel.api.thp.ThpPolicy;
import org.kmodel.it.plugins.ModeThpPolicy;
import org.kmodel.kernel.event.Event;
import org.kmodel.kernel.run.RunResult;
import org.kmodel.testkit.Kmodel;
import org.kmodel.testkit.KmodelTest;
import org.kmodel.testkit.bundle.TestBundle;

/** A THP-policy swap in the middle of a run, to a policy bundle the test builds itself. */
@KmodelTest(set = "default")
class ThpPolicySwapIT {

  @Test
  void theSwapHappensBetweenTwoStepsAndIsRecordedInTheEventLog(Kmodel kmodel) throws Exception {
    Path jar =
        TestBundle.named("org.kmodel.it.thp.never")
            .service(ThpPolicy.class, ModeThpPolicy.class, "thp-never-test", 10)
            .build(kmodel.workDir());
    kmodel.deploy(jar);

    RunResult r =
        kmodel.run(
            "swap.yaml",
            """
            name: swap-mid-run
            steps:
              - spawn: p1
              - mmap: {pid: p1, as: a, size: 4M}
              - expect: {knob./sys/kernel/mm/transparent_hugepage/enabled: always}
              - swap: {slot: thp-policy, to: thp-never-test}
              - expect: {knob./sys/kernel/mm/transparent_hugepage/mode: never-test}
              - mmap: {pid: p1, as: b, size: 4M}
              - swap: {slot: thp-policy, to: thp-linux}
              - expect: {knob./sys/kernel/mm/transparent_hugepage/enabled: always}
            """);

    assertTrue(r.ok(), r.failures().toString());
    List<Event> swaps =
        r.events().stream()
            .filter(e -> e.type().equals("swap") && "thp-policy".equals(e.data().get("slot")))
            .toList();
    assertEquals(3, swaps.size(), swaps.toString());
    assertEquals("thp-linux", swaps.get(1).data().get("from"));
    assertEquals("thp-never-test", swaps.get(1).data().get("to"));
    assertEquals("org.kmodel.it.thp.never", swaps.get(1).data().get("bundle"));
    assertTrue(swaps.get(1).data().get("reason").toString().contains("swap.yaml:6:5"));
    assertEquals("thp-linux", swaps.get(2).data().get("to"));
  }

  @Test
  void theSwappedOutPolicysKnobsDisappear(Kmodel kmodel) throws Exception {
    kmodel.deploy(
        TestBundle.named("org.kmodel.it.thp.never2")
            .service(ThpPolicy.class, ModeThpPolicy.class, "thp-never-2", 10)
            .build(kmodel.workDir()));
    RunResult r =
        kmodel.run(
            "gone.yaml",
            """
            name: gone
            steps:
              - expect: {knob./sys/kernel/mm/transparent_hugepage/enabled: always}
              - swap: {slot: thp-policy, to: thp-never-2}
              - expect: {knob./sys/kernel/mm/transparent_hugepage/enabled: always}
            """);
    assertEquals(2, r.exitCode());
    assertEquals("gone.yaml:5:14", r.failures().get(0).where());
  }

  @Test
  void aPolicyThatCannotAttachIsRefusedAndTheRunKeepsTheOldOne(Kmodel kmodel) throws Exception {
    Path jar =
        TestBundle.named("org.kmodel.it.thp.broken")
            .service(ThpPolicy.class, ModeThpPolicy.Broken.class, "thp-broken", 5)
            .build(kmodel.workDir());
    kmodel.deploy(jar);
    RunResult r =
        kmodel.run(
            "broken.yaml",
            """
            name: broken
            steps:
              - swap: {slot: thp-policy, to: thp-broken}
              - expect: {knob./sys/kernel/mm/transparent_hugepage/enabled: always}
            """);
    assertEquals(1, r.exitCode());
    assertEquals(1, r.failures().size(), r.failures().toString());
    assertTrue(
        r.failures().get(0).message().contains("refusing to attach"), r.failures().toString());
  }
}
