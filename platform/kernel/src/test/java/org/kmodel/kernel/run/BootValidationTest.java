package org.kmodel.kernel.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kmodel.api.machine.MachineGeometry;
import org.kmodel.api.machine.PageTableLevel;
import org.kmodel.kernel.Kernel;
import org.kmodel.kernel.cost.TestProfiles;
import org.kmodel.kernel.scenario.model.Scenario;
import org.kmodel.kernel.scenario.op.Operations;
import org.kmodel.kernel.slot.TestPlugins;

/**
 * The scenario's sizes are checked once the run has pinned the machine, in the units of its
 * architecture: the same file runs on 4K pages and is bad input (exit 2), every misaligned value
 * named, on 64K pages.
 */
class BootValidationTest {

  @TempDir Path dir;

  private static final String FILE = "granule.yaml";

  /** arm64's 64K granule: 512M blocks at L2, 64K pages at L3. */
  private static final MachineGeometry GRANULE_64K =
      MachineGeometry.builder()
          .levels(
              PageTableLevel.table("L1", 42, 6),
              PageTableLevel.leaf("L2", 29, 13),
              PageTableLevel.leaf("L3", 16, 13))
          .thpOrders(13)
          .maxPageOrder(13)
          .build();

  private static final String TEXT =
      """
      name: granule
      machine: {memory: 64M, swap: 1M}
      steps:
        - spawn: p1
        - mmap: {pid: p1, as: a, size: 2M}
        - touch: {pid: p1, region: a, offset: 64K, length: 8K, access: write}
        - tasks:
            one: [fill: {pid: p1, region: a, length: 4K, value: 1}]
            two: [touch: {pid: p1, region: a, access: read}]
        - check: {pid: p1, region: a, length: 4K, value: 1}
        - expect: {smaps.p1.a.Rss: ">= 4"}
      """;

  private static RunResult run(String text, MachineGeometry geometry) throws Exception {
    Scenario s = Operations.parser().parse(FILE, text);
    Kernel kernel = Kernel.create(MachineConfig.of(s));
    TestPlugins.fill(
        kernel,
        "aarch64",
        geometry,
        TestPlugins.FirstFitAllocator::new,
        TestPlugins.KnobPolicy::new);
    return new ScenarioRunner(kernel, RunOptions.defaults()).run(s);
  }

  /** {@code file:line:column} of the value written after {@code key} on a line of the text. */
  private static String at(String text, int line, String key) {
    String written = text.lines().toList().get(line - 1);
    return FILE + ":" + line + ":" + (written.indexOf(key + ": ") + key.length() + 3);
  }

  private static List<String> failures(RunResult r) {
    return r.failures().stream().map(Failure::toString).toList();
  }

  @Test
  void aScenarioOfFourKilobyteMultiplesRunsOnFourKilobytePages() throws Exception {
    RunResult r = run(TEXT, TestPlugins.ARM64_4K);

    assertEquals(List.of(), failures(r));
    assertEquals(0, r.exitCode());
  }

  @Test
  void onSixtyFourKilobytePagesEveryMisalignedArgumentIsBadInputAtItsValue() throws Exception {
    RunResult r = run(TEXT, GRANULE_64K);

    String page = " is not a multiple of the 64K base page of aarch64";
    assertEquals(
        List.of(
            at(TEXT, 6, "length") + ": length 8K" + page,
            at(TEXT, 8, "length") + ": length 4K" + page,
            at(TEXT, 10, "length") + ": length 4K" + page),
        failures(r));
    assertTrue(r.badInput());
    assertEquals(2, r.exitCode());
    assertEquals(0, r.steps(), "nothing runs once a size is refused");
  }

  @Test
  void memoryThatIsNotAWholeNumberOfPagesIsBadInputAtItsValue() throws Exception {
    String text = "name: m\nmachine:\n  memory: 65540K\nsteps:\n  - spawn: p1\n";

    RunResult r = run(text, GRANULE_64K);

    assertEquals(
        List.of(
            at(text, 3, "memory")
                + ": memory 65540K is not a multiple of the 64K base page of aarch64"),
        failures(r));
    assertEquals(2, r.exitCode());
  }

  @Test
  void aHostPageSizeTheArchitectureCannotMapIsBadInputAtBoot() throws Exception {
    Files.writeString(dir.resolve("round.yaml"), TestProfiles.ROUND);
    Path file = dir.resolve("nested.yaml");
    Files.writeString(
        file,
        "name: n\nmachine: {memory: 64M, cpu: round.yaml, nested: {host_pages: 64K}}\nsteps: []\n");
    Scenario s = Operations.parser().parse(file);
    Kernel kernel = Kernel.create(MachineConfig.of(s));
    TestPlugins.fillX86(kernel, TestPlugins.FirstFitAllocator::new);

    RunResult r = new ScenarioRunner(kernel, RunOptions.defaults()).run(s);

    assertEquals(2, r.exitCode());
    assertEquals(
        List.of(file + ":2:1: x86_64 cannot map host pages of 64K (it maps [4K, 2M, 1G])"),
        failures(r));
  }
}
