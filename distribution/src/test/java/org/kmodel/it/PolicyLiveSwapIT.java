package org.kmodel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.kmodel.kernel.event.Event;
import org.kmodel.kernel.run.RunResult;
import org.kmodel.testkit.Kmodel;
import org.kmodel.testkit.KmodelTest;

/**
 * The three shipped THP policies swapped into the slot one after the other while two processes hold
 * memory, in real Felix with the bundle set that has them all: each policy's behaviour shows from
 * the step after its swap, the invariant checker runs after every step, and the data written under
 * one policy reads back under the next.
 */
@KmodelTest(set = "all")
class PolicyLiveSwapIT {

  private static final String SCENARIO =
      """
      name: live-policy-swap
      machine: {memory: 256M, swap: 0}
      seed: 5
      steps:
        - spawn: p1
        - spawn: p2
        - mmap: {pid: p1, as: a, size: 16M, align: 2M}
        - mmap: {pid: p2, as: b, size: 16M, align: 2M}
        # thp-linux (the set's default by ranking): huge pages at fault
        - fill: {pid: p1, region: a, length: 8M, value: 1}
        - expect: {smaps.p1.a.AnonHugePages: 8192, vmstat.thp_fault_alloc: 4}
        - swap: {slot: thp-policy, to: thp-ingens}
        # Ingens: base pages at fault, promotion of fully used ranges in the background
        - fill: {pid: p2, region: b, value: 2}
        - expect: {smaps.p2.b.AnonHugePages: 0, vmstat.thp_fault_alloc: 4}
        - sleep: 5s
        - expect:
            smaps.p2.b.AnonHugePages: 16384
            knob./sys/kernel/mm/ingens/stats/promoted: 8
        - swap: {slot: thp-policy, to: thp-hawkeye}
        # HawkEye: huge pages zeroed in the background, then taken at fault without clearing
        - sleep: 25s
        - expect: {knob./sys/kernel/mm/hawkeye/prezeroed: ">= 4"}
        - phase: hawkeye faults
        - fill: {pid: p1, region: a, offset: 8M, length: 8M, value: 3}
        - expect:
            smaps.p1.a.AnonHugePages: 16384
            phase.hawkeye faults.faults_huge: 4
            phase.hawkeye faults.clear_ns: 0
        - check: {pid: p1, region: a, length: 8M, value: 1}
        - check: {pid: p1, region: a, offset: 8M, length: 8M, value: 3}
        - swap: {slot: thp-policy, to: thp-linux}
        - expect: {knob./sys/kernel/mm/transparent_hugepage/enabled: always}
        - mmap: {pid: p2, as: c, size: 4M, align: 2M}
        - phase: linux faults
        - fill: {pid: p2, region: c, value: 4}
        - expect:
            phase.linux faults.faults_huge: 2
            phase.linux faults.clear_ns: "> 0"
        - khugepaged: {full_scans: 2}
        - check: {pid: p2, region: b, value: 2}
        - check: {pid: p2, region: c, value: 4}
        - exit: p1
        - exit: p2
      """;

  @Test
  void eachPolicyActsFromTheStepAfterItsSwapAndTheInvariantsHold(Kmodel kmodel) throws Exception {
    RunResult r = kmodel.run("live-policy-swap.yaml", SCENARIO);
    assertTrue(r.ok(), r.failures().toString());
    List<String> to =
        r.events().stream()
            .filter(e -> e.type().equals("swap") && "thp-policy".equals(e.data().get("slot")))
            .map(e -> String.valueOf(e.data().get("to")))
            .toList();
    assertEquals(List.of("thp-linux", "thp-ingens", "thp-hawkeye", "thp-linux"), to);
    List<Event> trouble =
        r.events().stream()
            .filter(e -> e.type().equals("violation") || e.type().equals("warning"))
            .toList();
    assertEquals(List.of(), trouble);
    assertEquals(0L, r.vmstat().get("oom_kill"));
  }
}
