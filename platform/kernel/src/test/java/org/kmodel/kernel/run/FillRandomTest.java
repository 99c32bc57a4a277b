package org.kmodel.kernel.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.kmodel.kernel.Kernel;
import org.kmodel.kernel.mm.MemoryManager;
import org.kmodel.kernel.scenario.model.Scenario;
import org.kmodel.kernel.scenario.op.Operations;
import org.kmodel.kernel.slot.TestPlugins;

/** {@code fill} with {@code pattern: random} writes distinct pages drawn with the seed. */
class FillRandomTest {
  private static final int PAGES = 256;

  private Kernel kernel;

  /** Fills a 1M region with 5, then runs {@code step}; returns the run. */
  private RunResult run(long seed, String step) throws Exception {
    Scenario s =
        Operations.parser()
            .parse(
                "f.yaml",
                "name: f\nseed: "
                    + seed
                    + "\nmachine: {memory: 64M}\nsteps:\n"
                    + "  - spawn: p1\n"
                    + "  - mmap: {pid: p1, as: a, size: 1M}\n"
                    + "  - fill: {pid: p1, region: a, value: 5}\n"
                    + step);
    kernel = Kernel.create(MachineConfig.of(s));
    TestPlugins.fillX86(kernel, TestPlugins.FirstFitAllocator::new);
    return new ScenarioRunner(kernel, RunOptions.defaults()).run(s);
  }

  /** The page indices of the region that read {@code value}, as a bit set in a string. */
  private String pagesReading(int value) {
    MemoryManager mm = kernel.mm();
    long start = mm.process("p1").region("a").start();
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < PAGES; i++) {
      sb.append(mm.contentAt("p1", start + i * 4096L) == value ? '1' : '0');
    }
    return sb.toString();
  }

  private static long ones(String bits) {
    return bits.chars().filter(c -> c == '1').count();
  }

  @Test
  void aCountWritesThatManyDistinctPagesAndLeavesTheRest() throws Exception {
    RunResult r = run(1, "  - fill: {pid: p1, region: a, value: 0, pattern: random, count: 100}\n");
    assertTrue(r.ok(), r.failures().toString());
    String zeros = pagesReading(0);
    assertEquals(100, ones(zeros));
    assertEquals(PAGES - 100, ones(pagesReading(5)));
  }

  @Test
  void aFractionIsTheShareOfTheRangesPagesRoundedDown() throws Exception {
    RunResult r =
        run(
            1,
            "  - fill: {pid: p1, region: a, offset: 512K, value: 0, pattern: random,"
                + " fraction: 80%}\n");
    assertTrue(r.ok(), r.failures().toString());
    String zeros = pagesReading(0);
    assertEquals(102, ones(zeros), "80% of 128 pages");
    assertEquals(0, ones(zeros.substring(0, 128)), "nothing before the offset");
  }

  @Test
  void everyPageWithoutACountOrFraction() throws Exception {
    RunResult r = run(1, "  - fill: {pid: p1, region: a, value: 9, pattern: random}\n");
    assertTrue(r.ok(), r.failures().toString());
    assertEquals(PAGES, ones(pagesReading(9)));
  }

  @Test
  void theSeedDecidesThePages() throws Exception {
    String step = "  - fill: {pid: p1, region: a, value: 0, pattern: random, count: 50}\n";
    run(1, step);
    String first = pagesReading(0);
    run(1, step);
    assertEquals(first, pagesReading(0));
    run(2, step);
    assertNotEquals(first, pagesReading(0));
  }

  @Test
  void aCountPastTheRegionsEndIsBadInputAtTheStep() throws Exception {
    RunResult r = run(1, "  - fill: {pid: p1, region: a, value: 0, pattern: random, count: 257}\n");
    assertTrue(r.badInput());
    assertEquals(
        "f.yaml:8:5: 'count' 257 for fill is more than the 256 pages of the range",
        r.failures().get(0).toString());
  }
}
