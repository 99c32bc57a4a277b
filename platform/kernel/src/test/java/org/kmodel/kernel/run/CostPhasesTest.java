package org.kmodel.kernel.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kmodel.api.Slot;
import org.kmodel.kernel.Kernel;
import org.kmodel.kernel.cost.CpuProfiles;
import org.kmodel.kernel.cost.PhaseCosts;
import org.kmodel.kernel.scenario.Scenario;
import org.kmodel.kernel.scenario.ScenarioException;
import org.kmodel.kernel.scenario.ScenarioParser;
import org.kmodel.kernel.slot.ManualProvider;
import org.kmodel.kernel.slot.SlotUpdate;
import org.kmodel.kernel.slot.TestPlugins;

/** Phases report the simulated time the cost model charged, and machine.cpu picks the profile. */
class CostPhasesTest {
  private static final String PROFILE =
      """
      name: round
      arch: x86_64
      description: round figures
      clock_ghz: 2.0
      tlb:
        - {name: L1 DTLB 4K, level: 1, pages: [4K], entries: 64, ways: 4}
        - {name: STLB, level: 2, pages: [4K, 2M], entries: 1024, ways: 8, hit_cycles: 8}
      walk_cache: {PMD: 32}
      walk_start_cycles: 10
      caches:
        l1d: {size: 32K, latency_cycles: 4, bandwidth_gbs: 32}
        l2: {size: 256K, latency_cycles: 12, bandwidth_gbs: 16}
        llc: {size: 8M, latency_cycles: 40, bandwidth_gbs: 8}
      memory: {latency_ns: 80, bandwidth_gbs: 4, copy_gbs: 2}
      fault: {fixed_ns: 1000, huge_fixed_ns: 3000, clear_gbs: 4, swap_in_us: 50}
      """;

  @TempDir Path dir;

  private Scenario scenario(String machine, String steps) throws Exception {
    Path file = dir.resolve("s.yaml");
    Files.writeString(file, "name: s\nmachine: " + machine + "\nsteps:\n" + steps);
    return new ScenarioParser().parse(file);
  }

  private static RunResult run(Scenario s) {
    Kernel kernel = Kernel.create(MachineConfig.of(s));
    kernel
        .slots()
        .offer(
            SlotUpdate.added(
                new ManualProvider(
                    Slot.ARCH,
                    "x86",
                    1,
                    () -> TestPlugins.arch("x86_64", TestPlugins.FOUR_LEVEL, List.of(9)))));
    kernel
        .slots()
        .offer(
            SlotUpdate.added(
                new ManualProvider(Slot.ALLOCATOR, "ff", 1, TestPlugins.FirstFitAllocator::new)));
    kernel
        .slots()
        .offer(
            SlotUpdate.added(
                new ManualProvider(Slot.THP_POLICY, "p", 1, TestPlugins.KnobPolicy::new)));
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
    assertEquals("round", r.cpu());
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
    assertEquals(4, fill.faults2m());
    assertEquals(2048, fill.accesses(), "one translation per 4 KiB page memset");
    assertEquals(2048 + 1000, r.phases().get(1).costs().accesses());
  }

  @Test
  void anUnknownProfileIsBadInputAtTheMachineSection() throws Exception {
    Scenario s = scenario("{memory: 64M, cpu: pentium}", "  - spawn: p1\n");
    BadInputException e =
        assertThrows(BadInputException.class, () -> MachineConfig.of(s, CpuProfiles.builtIn()));
    assertTrue(
        e.getMessage().startsWith("no CPU profile named 'pentium' (known: "), e.getMessage());
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
