package org.kmodel.kernel.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.kmodel.kernel.Kernel;
import org.kmodel.kernel.scenario.model.Scenario;
import org.kmodel.kernel.scenario.op.Operations;
import org.kmodel.kernel.slot.TestPlugins;

/** {@code sample}: metrics recorded at fixed points of simulated time. */
class SampleTest {
  private static final long MS = 1_000_000;

  private RunResult run(String steps) throws Exception {
    Scenario s =
        Operations.parser()
            .parse("s.yaml", "name: s\nmachine: {memory: 64M}\nsteps:\n  - spawn: p1\n" + steps);
    Kernel kernel = Kernel.create(MachineConfig.of(s));
    TestPlugins.fillX86(kernel, TestPlugins.FirstFitAllocator::new);
    return new ScenarioRunner(kernel, RunOptions.defaults()).run(s);
  }

  @Test
  void samplesAreTakenEveryPeriodFromTheSampleStepToTheEndOfTheRun() throws Exception {
    RunResult r =
        run(
            """
              - mmap: {pid: p1, as: a, size: 1M}
              - sample: {every: 10ms, metrics: [vmstat.pgfault, smaps.p1.a.Rss]}
              - touch: {pid: p1, region: a, length: 8K, access: write}
              - sleep: 35ms
            """);
    assertTrue(r.ok(), r.failures().toString());
    Series s = r.series();
    assertEquals(10 * MS, s.everyNanos());
    assertEquals(List.of("vmstat.pgfault", "smaps.p1.a.Rss"), s.metrics());
    long[] t = s.timesNanos();
    // the sample step's time, three periods inside the sleep, and the end of the run
    assertEquals(5, t.length);
    for (int i = 1; i < 4; i++) {
      assertEquals(10 * MS, t[i] - t[i - 1]);
    }
    assertEquals(r.simulatedNanos(), t[4]);
    assertTrue(t[4] - t[3] < 10 * MS);
    // the first sample is taken before the touch: nothing faulted yet
    assertArrayEquals(new double[] {0, 2, 2, 2, 2}, s.values().get("vmstat.pgfault"));
    assertArrayEquals(new double[] {0, 8, 8, 8, 8}, s.values().get("smaps.p1.a.Rss"));
    assertFalse(s.truncated());
  }

  @Test
  void aRunWithoutASampleStepHasNoSeries() throws Exception {
    assertTrue(run("  - sleep: 1ms\n").series().isEmpty());
  }

  @Test
  void aSecondSampleStepIsBadInput() throws Exception {
    RunResult r =
        run(
            """
              - sample: {every: 1ms, metrics: [vmstat.pgfault]}
              - sample: {every: 2ms, metrics: [vmstat.pgfault]}
            """);
    assertTrue(r.badInput());
    assertEquals(
        "s.yaml:6:5: a run samples once, and an earlier sample step started it already",
        r.failures().get(0).toString());
  }

  @Test
  void badSampleArgumentsAreReportedWhereWritten() {
    String text =
        "name: s\nsteps:\n  - spawn: p1\n"
            + "  - sample: {every: 0ms, metrics: [vmstat.pgfault]}\n"
            + "  - sample: {every: 1ms, metrics: vmstat.pgfault}\n"
            + "  - sample: {every: 1ms, metrics: [vmstat.pgfault, vmstat.pgfault]}\n"
            + "  - sample: {every: 1ms, metrics: [vmstats.pgfault]}\n";
    var e =
        org.junit.jupiter.api.Assertions.assertThrows(
            org.kmodel.kernel.scenario.parse.ScenarioException.class,
            () -> Operations.parser().parse("s.yaml", text));
    String m = e.problems().toString();
    assertTrue(m.contains("s.yaml:4:21: 'every' for sample must be longer than 0, not 0ms"), m);
    assertTrue(m.contains("s.yaml:5:35: 'metrics' for sample must be a list of metric names"), m);
    assertTrue(m.contains("s.yaml:6:52: metric 'vmstat.pgfault' is listed twice in sample"), m);
    assertTrue(m.contains("s.yaml:7:36: unknown metric 'vmstats.pgfault'"), m);
  }
}
