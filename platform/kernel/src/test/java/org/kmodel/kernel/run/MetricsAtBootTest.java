package org.kmodel.kernel.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.kmodel.kernel.Kernel;
import org.kmodel.kernel.scenario.model.Scenario;
import org.kmodel.kernel.scenario.op.Operations;
import org.kmodel.kernel.slot.TestPlugins;

/**
 * Every vmstat counter and meminfo field of every {@code expect} that the booted kernel lacks is
 * bad input reported before the first step, all at once, each at its place with the likely name.
 */
class MetricsAtBootTest {

  private static final String FILE = "metrics.yaml";

  private static RunResult run(String text) throws Exception {
    Scenario s = Operations.parser().parse(FILE, text);
    Kernel kernel = Kernel.create(MachineConfig.of(s));
    TestPlugins.fillX86(kernel, TestPlugins.FirstFitAllocator::new);
    return new ScenarioRunner(kernel, RunOptions.defaults()).run(s);
  }

  private static List<String> failures(RunResult r) {
    return r.failures().stream().map(Failure::toString).toList();
  }

  @Test
  void everyUnknownMetricIsReportedBeforeTheFirstStep() throws Exception {
    RunResult r =
        run(
            """
            name: metrics
            machine: {memory: 64M}
            steps:
              - spawn: p1
              - mmap: {pid: p1, as: a, size: 2M}
              - touch: {pid: p1, region: a, access: write}
              - expect: {vmstat.pgfalt: 512, meminfo.AnonPages: 2048}
              - tasks:
                  one: [expect: {meminfo.MemFre: ">= 0"}]
                  two: [spawn: p2]
              - expect:
                  vmstat.pgfault: 512
                  vmstat.no_such_counter: 0
            """);
    assertTrue(r.badInput());
    assertEquals(0, r.steps(), "no step ran");
    List<String> failures = failures(r);
    assertEquals(3, failures.size(), failures.toString());
    assertEquals(
        FILE + ":7:14: /proc/vmstat has no 'pgfalt' in this kernel; did you mean 'pgfault'?",
        failures.get(0));
    assertEquals(
        FILE + ":9:22: /proc/meminfo has no field 'MemFre'; did you mean 'MemFree'?",
        failures.get(1));
    // no list of every counter, which made a line of 535 characters: the count and where they are
    assertTrue(
        failures
            .get(2)
            .matches(
                FILE
                    + ":13:7: /proc/vmstat has no 'no_such_counter'; --show /proc/vmstat lists"
                    + " its [0-9]+"),
        failures.get(2));
    assertTrue(failures.get(2).length() <= 100, failures.get(2));
    assertEquals(2, r.exitCode());
  }

  @Test
  void knownMetricsRunAsBefore() throws Exception {
    RunResult r =
        run(
            """
            name: metrics
            machine: {memory: 64M}
            steps:
              - spawn: p1
              - mmap: {pid: p1, as: a, size: 2M}
              - touch: {pid: p1, region: a, access: write}
              - expect: {vmstat.pgfault: ">= 1", meminfo.AnonPages: ">= 4"}
            """);
    assertTrue(r.ok(), failures(r).toString());
  }

  /**
   * A swap may attach an implementation that registers counters the booted kernel lacks, so vmstat
   * names are then read at their step — still every unknown one of the step at once.
   */
  @Test
  void withASwapVmstatNamesAreCheckedAtTheirStep() throws Exception {
    RunResult r =
        run(
            """
            name: metrics
            machine: {memory: 64M}
            steps:
              - spawn: p1
              - swap: {slot: thp-policy, to: p}
              - expect: {vmstat.pgfalt: 0, vmstat.pgfault: 1, vmstat.oom_kil: 0}
            """);
    assertTrue(r.badInput());
    assertTrue(r.steps() > 0, "the steps before the expect ran");
    List<String> failures = failures(r);
    assertTrue(
        failures.contains(
            FILE + ":6:14: /proc/vmstat has no 'pgfalt' in this kernel; did you mean 'pgfault'?"),
        failures.toString());
    assertTrue(
        failures.contains(
            FILE + ":6:51: /proc/vmstat has no 'oom_kil' in this kernel; did you mean 'oom_kill'?"),
        failures.toString());
    assertTrue(
        failures.contains(FILE + ":6:32: expected vmstat.pgfault == 1, got 0"),
        failures.toString());
  }
}
