package org.kmodel.kernel.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kmodel.kernel.Kernel;
import org.kmodel.kernel.cost.TestProfiles;
import org.kmodel.kernel.scenario.model.Scenario;
import org.kmodel.kernel.scenario.op.Operations;
import org.kmodel.kernel.slot.TestPlugins;

/** {@code expect} reads the figures of ended and running phases as the report gives them. */
class PhaseMetricTest {

  @TempDir Path dir;

  /** Runs the steps on a 64M x86-64 machine whose cost model charges the test profile. */
  private RunResult run(String steps) throws Exception {
    Files.writeString(dir.resolve("round.yaml"), TestProfiles.ROUND);
    Path file = dir.resolve("p.yaml");
    Files.writeString(file, "name: p\nmachine: {memory: 64M, cpu: round.yaml}\nsteps:\n" + steps);
    Scenario s = Operations.parser().parse(file);
    Kernel kernel = Kernel.create(MachineConfig.of(s));
    TestPlugins.fillX86(kernel, TestPlugins.FirstFitAllocator::new);
    return new ScenarioRunner(kernel, RunOptions.defaults()).run(s);
  }

  @Test
  void anEndedPhaseReadsWhatTheReportGives() throws Exception {
    RunResult r =
        run(
            """
              - spawn: p1
              - mmap: {pid: p1, as: a, size: 8M, align: 2M}
              - phase: fill
              - fill: {pid: p1, region: a, value: 1}
              - phase: read
              - touch: {pid: p1, region: a, access: read}
              - expect:
                  phase.fill.faults_huge: 4
                  phase.fill.faults_2m: 4
                  phase.fill.faults_base: 0
                  phase.fill.faults_4k: 0
                  phase.fill.steps: 1
                  phase.fill.accesses: 2048
                  phase.fill.clear_ns: "> 0"
                  phase.fill.simulated_us: "> 0"
                  phase.fill.background_ns: 0
                  phase.read.faults_huge: 0
                  phase.read.accesses: 2048
                  phase.read.steps: 2
            """);
    assertTrue(r.ok(), r.failures().toString());
    PhaseRecord fill = r.phases().get(0);
    assertEquals(4, fill.costs().faultsHuge());
  }

  @Test
  void aRunningPhaseReadsItsFiguresSoFarAndAnEndedOneKeepsThem() throws Exception {
    RunResult r =
        run(
            """
              - spawn: p1
              - mmap: {pid: p1, as: a, size: 8M, align: 2M}
              - phase: work
              - fill: {pid: p1, region: a, offset: 0, length: 4M, value: 1}
              - expect: {phase.work.faults_huge: 2, phase.work.steps: 2}
              - fill: {pid: p1, region: a, offset: 4M, length: 4M, value: 2}
              - expect: {phase.work.faults_huge: 4}
              - phase: done
              - expect: {phase.work.faults_huge: 4, phase.work.steps: 4, phase.done.accesses: 0}
            """);
    assertTrue(r.ok(), r.failures().toString());
  }

  @Test
  void simulatedMicrosecondsAndPhaseTimesMatchTheRecord() throws Exception {
    RunResult first =
        run(
            """
              - spawn: p1
              - mmap: {pid: p1, as: a, size: 2M, align: 2M}
              - phase: fill
              - fill: {pid: p1, region: a, value: 1}
              - phase: end
            """);
    PhaseRecord fill = first.phases().get(0);
    RunResult again =
        run(
            """
              - spawn: p1
              - mmap: {pid: p1, as: a, size: 2M, align: 2M}
              - phase: fill
              - fill: {pid: p1, region: a, value: 1}
              - phase: end
              - expect:
                  phase.fill.start_ns: %d
                  phase.fill.end_ns: %d
                  phase.fill.simulated_us: %s
                  phase.fill.walk_refs_per_miss: %s
            """
                .formatted(
                    fill.startNanos(),
                    fill.endNanos(),
                    Double.toString(fill.durationNanos() / 1000.0),
                    Double.toString(fill.costs().walkRefsPerWalk())));
    assertTrue(again.ok(), again.failures().toString());
  }

  @Test
  void aFailingExpectationNamesTheValue() throws Exception {
    RunResult r =
        run(
            """
              - spawn: p1
              - mmap: {pid: p1, as: a, size: 2M, align: 2M}
              - phase: fill
              - fill: {pid: p1, region: a, value: 1}
              - expect: {phase.fill.faults_huge: 2}
            """);
    assertEquals(
        List.of(dir.resolve("p.yaml") + ":8:14: expected phase.fill.faults_huge == 2, got 1"),
        r.failures().stream().map(Object::toString).toList());
  }
}
