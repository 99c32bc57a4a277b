package org.kmodel.kernel.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kmodel.api.thp.PromotionContext;
import org.kmodel.kernel.Kernel;
import org.kmodel.kernel.scenario.model.Scenario;
import org.kmodel.kernel.scenario.op.Operations;
import org.kmodel.kernel.slot.TestPlugins;

/** A THP policy whose background pass throws does not end the run nor hang a khugepaged step. */
class BackgroundPassIsolationTest {
  @TempDir Path dir;

  static final class ThrowingPolicy extends TestPlugins.KnobPolicy
      implements org.kmodel.api.thp.PromotionPolicy {
    @Override
    public long shrink(PromotionContext context, long wanted) {
      return 0;
    }

    int passes;

    @Override
    public long backgroundPass(PromotionContext context) {
      passes++;
      throw new IllegalStateException("scanner bug");
    }
  }

  @Test
  void aThrowingPassCountsAsAFullScanAndIsReported() throws Exception {
    Path file = dir.resolve("s.yaml");
    Files.writeString(
        file,
        """
        name: s
        machine: {memory: 64M}
        steps:
          - spawn: p1
          - mmap: {pid: p1, as: a, size: 4M}
          - fill: {pid: p1, region: a, value: 3}
          - khugepaged: {full_scans: 3}
          - check: {pid: p1, region: a, value: 3}
        """);
    Scenario s = Operations.parser().parse(file);
    ThrowingPolicy policy = new ThrowingPolicy();
    Kernel kernel = Kernel.create(MachineConfig.of(s));
    TestPlugins.fill(
        kernel, "x86_64", TestPlugins.FOUR_LEVEL, TestPlugins.FirstFitAllocator::new, () -> policy);
    RunResult r = new ScenarioRunner(kernel, RunOptions.defaults()).run(s);
    assertTrue(r.ok(), r.failures().toString());
    assertTrue(policy.passes >= 3);
    long warnings =
        r.events().stream()
            .filter(e -> e.type().equals("warning") && e.message().contains("scanner bug"))
            .count();
    assertEquals(policy.passes, warnings);
  }
}
