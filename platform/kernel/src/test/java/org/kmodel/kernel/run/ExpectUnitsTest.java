package org.kmodel.kernel.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.kmodel.kernel.Kernel;
import org.kmodel.kernel.scenario.model.Scenario;
import org.kmodel.kernel.scenario.op.Operations;
import org.kmodel.kernel.scenario.parse.ScenarioException;
import org.kmodel.kernel.slot.TestPlugins;

/**
 * Expected values in the metric's unit: sizes for fields in kB ({@code /proc/meminfo}, smaps) and
 * stats in bytes, flag words for flags, and a mismatch shown in the metric's unit.
 */
class ExpectUnitsTest {
  private static final String FILE = "units.yaml";

  private static String scenario(String expect) {
    return """
        name: units
        machine: {memory: 64M}
        steps:
          - spawn: p1
          - mmap: {pid: p1, as: a, size: 64K}
          - touch: {pid: p1, region: a, length: 8K, access: write}
        """
        + "  - expect: "
        + expect
        + "\n";
  }

  private static List<String> failures(String expect) throws Exception {
    Scenario s = Operations.parser().parse(FILE, scenario(expect));
    Kernel kernel = Kernel.create(MachineConfig.of(s));
    TestPlugins.fill(
        kernel,
        "aarch64",
        TestPlugins.ARM64_4K,
        TestPlugins.FirstFitAllocator::new,
        TestPlugins.KnobPolicy::new);
    RunResult r = new ScenarioRunner(kernel, RunOptions.defaults()).run(s);
    return r.failures().stream().map(Failure::toString).toList();
  }

  @Test
  void aSizeComparesWithAFieldInKbAsKb() throws Exception {
    assertEquals(List.of(), failures("{meminfo.MemTotal: 64M, smaps.p1.a.Rss: 8K}"));
    assertEquals(List.of(), failures("{smaps.p1.a.Rss: \">= 4KiB\", meminfo.MemTotal: 65536}"));
  }

  @Test
  void aMismatchShowsBothValuesInTheMetricsUnit() throws Exception {
    assertEquals(
        List.of(FILE + ":7:14: expected smaps.p1.a.Rss == 16 kB (16K), got 8 kB (8K)"),
        failures("{smaps.p1.a.Rss: 16K}"));
  }

  @Test
  void everyFlagWordReadsAsTheFlag() throws Exception {
    for (String no : List.of("no", "off", "false", "NO", "\"== off\"")) {
      assertEquals(List.of(), failures("{huge.p1.a: " + no + "}"), no);
    }
    for (String yes : List.of("yes", "on", "true")) {
      assertEquals(
          List.of(FILE + ":7:14: expected huge.p1.a == true, got false"),
          failures("{huge.p1.a: " + yes + "}"),
          yes);
    }
    assertEquals(
        List.of(FILE + ":7:14: expected huge.p1.a != false, got false"),
        failures("{huge.p1.a: \"!= no\"}"));
  }

  @Test
  void aSizeForACountIsBadInputWhenTheScenarioIsRead() {
    ScenarioException e =
        assertThrows(
            ScenarioException.class,
            () -> Operations.parser().parse(FILE, scenario("{vmstat.pgfault: 2M}")));
    assertTrue(
        e.getMessage().contains("'2M' is a size, but vmstat.pgfault is a count: write a number"),
        e.getMessage());
  }

  @Test
  void aSizeThatIsNotAWholeNumberOfKbIsBadInput() {
    ScenarioException e =
        assertThrows(
            ScenarioException.class,
            () -> Operations.parser().parse(FILE, scenario("{smaps.p1.a.Rss: 1.5K}")));
    assertTrue(
        e.getMessage().contains("bad size '1.5K' for smaps.p1.a.Rss: it is in kB"), e.getMessage());
  }
}
