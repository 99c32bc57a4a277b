package org.kmodel.kernel.scenario.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.kmodel.kernel.scenario.parse.ScenarioException;

class LocationTest {

  @Test
  void printsAsFileLineColumn() {
    assertEquals("scenarios/x.yaml:7:5", new Location("scenarios/x.yaml", 7, 5).toString());
    assertEquals(
        "scenarios/x.yaml:7:5: unknown op 'tuch'",
        new Problem(new Location("scenarios/x.yaml", 7, 5), "unknown op 'tuch'").toString());
  }

  @Test
  void ordersByLineThenColumn() {
    Location a = new Location("f", 2, 9);
    Location b = new Location("f", 10, 1);
    Location c = new Location("f", 10, 3);

    assertEquals(List.of(a, b, c), Stream.of(c, a, b).sorted().toList());
  }

  @Test
  void aScenarioExceptionNeedsAProblem() {
    assertThrows(IllegalArgumentException.class, () -> new ScenarioException(List.of()));
  }
}
