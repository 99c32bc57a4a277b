package org.kmodel.kernel.scenario.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kmodel.kernel.scenario.model.Problem;
import org.kmodel.kernel.scenario.op.Operations;

/**
 * Input too large to be meant is refused before the work it would cost, in one short line: a
 * scenario over 1 MiB, a size or a duration longer than a number can be.
 */
class InputLimitsTest {
  @TempDir Path dir;

  private static List<String> problems(String text) {
    ScenarioException e =
        assertThrows(ScenarioException.class, () -> Operations.parser().parse("s.yaml", text));
    return e.problems().stream().map(Problem::toString).toList();
  }

  @Test
  void aHalfMegabyteRunOfDigitsAsASizeIsRefusedInOneShortLine() {
    String digits = "9".repeat(500_000);
    List<String> p =
        problems(
            "name: t\nsteps:\n  - spawn: p1\n  - mmap: {pid: p1, as: a, size: " + digits + "}\n");
    assertEquals(1, p.size(), p.toString());
    assertTrue(p.get(0).startsWith("s.yaml:4:"), p.get(0));
    assertTrue(p.get(0).contains("too long for a size (500000 characters)"), p.get(0));
    assertTrue(p.get(0).length() < 300, p.get(0).length() + " characters");
  }

  @Test
  void aLongDurationIsRefusedTheSameWay() {
    List<String> p = problems("name: t\nsteps:\n  - sleep: " + "1".repeat(100_000) + "s\n");
    assertEquals(1, p.size(), p.toString());
    assertTrue(p.get(0).contains("too long for a duration (100001 characters)"), p.get(0));
    assertTrue(p.get(0).length() < 300, p.get(0).length() + " characters");
  }

  @Test
  void aScenarioFileOverOneMebibyteIsNotParsed() throws Exception {
    Path file = dir.resolve("big.yaml");
    Files.writeString(
        file, "name: big\ndescription: " + "x".repeat(ScenarioParser.MAX_BYTES) + "\n");
    ScenarioException e =
        assertThrows(ScenarioException.class, () -> Operations.parser().parse(file));
    String problem = e.problems().get(0).toString();
    assertTrue(problem.startsWith(file + ":1:1: cannot read the scenario: it is "), problem);
    assertTrue(problem.contains("over the limit of 1048576"), problem);
  }

  @Test
  void aNormalSizeStillParses() throws Exception {
    Operations.parser()
        .parse(
            "s.yaml", "name: t\nsteps:\n  - spawn: p1\n  - mmap: {pid: p1, as: a, size: 1.5M}\n");
  }
}
