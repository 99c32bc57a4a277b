package org.kmodel.kernel.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kmodel.kernel.Kernel;
import org.kmodel.kernel.scenario.model.Scenario;
import org.kmodel.kernel.scenario.op.Operations;
import org.kmodel.kernel.slot.TestPlugins;

/** A scenario's last step may be a sleep: the run lasts until it ends, kernel threads included. */
class TrailingSleepTest {
  @TempDir Path dir;

  private Kernel kernel;

  private RunResult run(String steps) throws Exception {
    Path file = dir.resolve("s.yaml");
    Files.writeString(file, "name: s\nmachine: {memory: 64M}\nsteps:\n" + steps);
    Scenario s = Operations.parser().parse(file);
    kernel = Kernel.create(MachineConfig.of(s));
    TestPlugins.fillX86(kernel, TestPlugins.FirstFitAllocator::new);
    RunResult r = new ScenarioRunner(kernel, RunOptions.defaults()).run(s);
    assertTrue(r.ok(), r.failures().toString());
    return r;
  }

  @Test
  void aTrailingSleepIsNotSkipped() throws Exception {
    RunResult r = run("  - spawn: p1\n  - sleep: 30s\n");
    assertTrue(r.simulatedNanos() >= 30_000_000_000L, r.simulatedNanos() + " ns");
    assertEquals(3, kernel.mm().khugepaged().fullScans(), "passes at 10 ms, 10.01 s, 20.01 s");
  }

  @Test
  void aSleepFollowedByAStepLastsAsLong() throws Exception {
    RunResult trailing = run("  - spawn: p1\n  - sleep: 30s\n");
    RunResult followed = run("  - spawn: p1\n  - sleep: 30s\n  - spawn: p2\n");
    assertEquals(followed.simulatedNanos(), trailing.simulatedNanos());
  }
}
