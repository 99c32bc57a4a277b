package org.kmodel.kernel.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.kmodel.kernel.Kernel;
import org.kmodel.kernel.event.Event;
import org.kmodel.kernel.scenario.model.Scenario;
import org.kmodel.kernel.scenario.op.Operations;
import org.kmodel.kernel.slot.TestPlugins;

/**
 * An expect value given per implementation: the entry naming an implementation in a slot applies
 * (here the THP policy {@code p}), else {@code other}; with neither the metric is not checked and a
 * {@code skip} event says so.
 */
class PerImplementationExpectTest {
  private static final String FILE = "per-policy.yaml";

  private static RunResult run(String expect) throws Exception {
    String text =
        """
        name: per-policy
        machine: {memory: 64M}
        steps:
          - spawn: p1
          - mmap: {pid: p1, as: a, size: 64K}
          - touch: {pid: p1, region: a, length: 4K, access: read}
        """
            + "  - expect: "
            + expect
            + "\n";
    Scenario s = Operations.parser().parse(FILE, text);
    Kernel kernel = Kernel.create(MachineConfig.of(s));
    TestPlugins.fill(
        kernel,
        "aarch64",
        TestPlugins.ARM64_4K,
        TestPlugins.FirstFitAllocator::new,
        TestPlugins.KnobPolicy::new);
    return new ScenarioRunner(kernel, RunOptions.defaults()).run(s);
  }

  private static List<String> failures(RunResult r) {
    return r.failures().stream().map(Failure::toString).toList();
  }

  private static List<String> skips(RunResult r) {
    return r.events().stream().filter(e -> e.type().equals("skip")).map(Event::message).toList();
  }

  @Test
  void theEntryNamingAnOccupantAppliesBeforeOther() throws Exception {
    RunResult r = run("{vmstat.pgfault: {thp-linux: 5, p: 1, other: 7}}");
    assertEquals(List.of(), failures(r));
    assertEquals(0, r.exitCode());
    assertEquals(List.of(), skips(r));
  }

  @Test
  void otherAppliesWhenNoKeyNamesAnOccupant() throws Exception {
    RunResult r = run("{vmstat.pgfault: {thp-linux: 5, other: 2}}");
    assertEquals(List.of(FILE + ":7:14: expected vmstat.pgfault == 2, got 1"), failures(r));
    assertEquals(1, r.exitCode());
  }

  @Test
  void withoutAMatchingKeyOrOtherTheMetricIsNotCheckedAndAnEventSaysSo() throws Exception {
    RunResult r = run("{vmstat.pgfault: {thp-linux: 5, thp-ingens: \">= 4096\"}}");
    assertEquals(0, r.exitCode());
    assertEquals(List.of("vmstat.pgfault not checked: no value for aarch64, ff, p"), skips(r));
  }
}
