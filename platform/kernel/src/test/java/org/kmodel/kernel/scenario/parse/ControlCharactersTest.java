package org.kmodel.kernel.scenario.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.kmodel.kernel.scenario.model.Problem;
import org.kmodel.kernel.scenario.op.Operations;

/**
 * No control character of a scenario reaches the terminal: a value holding one is refused, and
 * every message shows what it quotes escaped.
 */
class ControlCharactersTest {

  private static final String FILE = "c.yaml";

  private static List<String> problems(String text) {
    ScenarioException e =
        assertThrows(ScenarioException.class, () -> Operations.parser().parse(FILE, text));
    return e.problems().stream().map(Problem::toString).toList();
  }

  @Test
  void aScenarioNameWithAnEscapeSequenceIsRefused() {
    assertEquals(
        List.of(
            FILE
                + ":1:7: 'name' holds the control character U+001B:"
                + " 'innocent\\u001b]0;title\\u0007'"),
        problems("name: \"innocent\\e]0;title\\a\"\nsteps: []\n"));
  }

  @Test
  void aKnobValueWithANulIsRefused() {
    assertEquals(
        List.of(
            FILE
                + ":3:48: '/sys/kernel/mm/transparent_hugepage/enabled' in knobs holds the control"
                + " character U+0000: 'always\\u0000'"),
        problems(
            "name: k\nknobs:\n  /sys/kernel/mm/transparent_hugepage/enabled: \"always\\0\"\n"
                + "steps: []\n"));
  }

  @Test
  void aBidiOverrideInARegionIsRefused() {
    assertEquals(
        List.of(
            FILE
                + ":4:30: 'region' for touch holds the control character U+202E:"
                + " 'txt\\u202eexe'"),
        problems(
            "name: b\nsteps:\n  - spawn: p1\n"
                + "  - touch: {pid: p1, region: \"txt\u202eexe\", access: read}\n"));
  }

  @Test
  void aKeyIsQuotedEscapedWhereverTheMessageComesFrom() {
    List<String> problems = problems("name: o\nsteps:\n  - \"sp\\x9bawn\": p1\n\"\\e[2J\": 1\n");
    assertEquals(2, problems.size(), problems.toString());
    assertEquals(FILE + ":3:5: unknown op 'sp\\u009bawn'", problems.get(0).split(" \\(known")[0]);
    assertEquals(
        FILE + ":4:1: unknown top-level key '\\u001b[2J'", problems.get(1).split(" \\(known")[0]);
    for (String p : problems) {
      assertFalse(p.chars().anyMatch(c -> c < 0x20 || (c >= 0x7f && c <= 0x9f)), p);
    }
  }
}
