package org.kmodel.kernel.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kmodel.kernel.Kernel;
import org.kmodel.kernel.cost.CpuProfiles;
import org.kmodel.kernel.cost.PhaseCosts;
import org.kmodel.kernel.cost.TestProfiles;
import org.kmodel.kernel.scenario.model.Scenario;
import org.kmodel.kernel.scenario.op.BadInputException;
import org.kmodel.kernel.scenario.op.Operations;
import org.kmodel.kernel.scenario.parse.ScenarioException;
import org.kmodel.kernel.slot.TestPlugins;

/** Phases report the simulated time the cost model charged, and machine.cpu picks the profile. */
class CostPhasesTest {
  private static final String PROFILE = TestProfiles.ROUND;

  @TempDir Path dir;

  private Scenario scenario(String machine, String steps) throws Exception {
    Path file = dir.resolve("s.yaml");
    Files.writeString(file, "name: s\nmachine: " + machine + "\nsteps:\n" + steps);
    return Operations.parser().parse(file);
  }

  private static RunResult run(Scenario s) {
    Kernel kernel = Kernel.create(MachineConfig.of(s));
    TestPlugins.fillX86(kernel, TestPlugins.FirstFitAllocator::new);
    return new ScenarioRunner(kernel, RunOptions.defaults()).run(s);
  }

  @Test
  void aPhaseLastsExactlyTheTimeItsStepsWereCharged() throws Exception {
    Files.writeString(dir.resolve("round.yaml"), PROFILE);
    RunResult r =
        run(
            scenario(
                "{memory: 64M, cpu: round.yaml}",
                """
                  - spawn: p1
                  - mmap: {pid: p1, as: a, size: 8M, align: 2M}
                  - phase: first touch
                  - fill: {pid: p1, region: a, value: 1}
                  - phase: again
                  - touch: {pid: p1, region: a, access: read}
                  - touch: {pid: p1, region: a, access: read, pattern: random, count: 1000}
                """));
    assertTrue(r.ok(), r.failures().toString());
    assertEquals("test", r.cpu());
    assertEquals(2, r.phases().size());
    for (PhaseRecord p : r.phases()) {
      PhaseCosts c = p.costs();
      long charged =
          c.faultNanos()
              + c.clearNanos()
              + c.copyNanos()
              + c.memsetNanos()
              + c.accessNanos()
              + c.tlbNanos()
              + c.swapNanos();
      assertTrue(Math.abs(p.durationNanos() - charged) <= 8, p + " vs " + charged);
      assertTrue(p.durationNanos() > 0);
    }
    PhaseCosts fill = r.phases().get(0).costs();
    assertEquals(4, fill.faultsHuge());
    assertEquals(2048, fill.accesses(), "one translation per 4 KiB page memset");
    assertEquals(2048 + 1000, r.phases().get(1).costs().accesses());
  }

  @Test
  void anUnknownProfileIsBadInputAtTheMachineSectionOnceTheArchitectureHasNoneEither()
      throws Exception {
    Scenario s = scenario("{memory: 64M, cpu: pentium}", "  - spawn: p1\n");
    RunResult r = run(s);
    assertTrue(r.badInput());
    assertEquals(1, r.failures().size());
    String failure = r.failures().get(0).toString();
    assertTrue(failure.contains("s.yaml:2:"), failure);
    assertTrue(failure.contains("no CPU profile named 'pentium' (known: "), failure);
  }

  @Test
  void aMalformedProfileFileIsBadInputBeforeTheKernelIsBuilt() throws Exception {
    Files.writeString(dir.resolve("bad.yaml"), "name: bad\n");
    Scenario s = scenario("{memory: 64M, cpu: bad.yaml}", "  - spawn: p1\n");
    BadInputException e =
        assertThrows(BadInputException.class, () -> MachineConfig.of(s, CpuProfiles.builtIn()));
    assertEquals(2, e.where().line());
  }

  @Test
  void aMalformedProfileFileIsReportedAtItsLineAndColumn() throws Exception {
    Files.writeString(
        dir.resolve("bad.yaml"), PROFILE.replace("clock_ghz: 2.0", "clock_ghz: fast"));
    Scenario s = scenario("{cpu: bad.yaml}", "  - spawn: p1\n");
    BadInputException e = assertThrows(BadInputException.class, () -> MachineConfig.of(s));
    assertEquals(dir.resolve("bad.yaml") + ":4:12: expected a number, not 'fast'", e.getMessage());
  }

  @Test
  void everyBuiltInProfileLoads() throws ScenarioException {
    CpuProfiles profiles = CpuProfiles.builtIn();
    for (String name : profiles.names()) {
      assertEquals(name, profiles.load(name).name());
    }
  }
}
