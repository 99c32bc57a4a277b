package org.kmodel.kernel.scenario.value;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

  @ParameterizedTest
  @CsvSource({
    "100ns, 100",
    "50us, 50000",
    "50µs, 50000",
    "10ms, 10000000",
    "30s, 30000000000",
    "1.5s, 1500000000",
    "2m, 120000000000",
    "1h, 3600000000000",
    "0s, 0",
    "10 ms, 10000000",
    "10MS, 10000000"
  })
  void parsesNumbersWithUnits(String text, long nanos) {
    assertEquals(nanos, Durations.parse(text));
  }

  @ParameterizedTest
  @ValueSource(strings = {"30", "0", "1.5"})
  void refusesABareNumberAsAmbiguous(String text) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Durations.parse(text));

    assertEquals(
        "ambiguous duration '" + text + "': add a unit (ns, us, ms, s, m or h)", e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"3x", "", "s", "-1s", "1d", "1 s s"})
  void refusesWhatIsNotADuration(String text) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Durations.parse(text));

    assertEquals(
        "bad duration '" + text + "': expected a number with ns, us, ms, s, m or h",
        e.getMessage());
  }

  @Test
  void refusesFractionsOfANanosecondAndOverflow() {
    assertEquals(
        "bad duration '1.5ns': not a whole number of nanoseconds",
        assertThrows(IllegalArgumentException.class, () -> Durations.parse("1.5ns")).getMessage());
    assertEquals(
        "bad duration '9999999h': too long",
        assertThrows(IllegalArgumentException.class, () -> Durations.parse("9999999h"))
            .getMessage());
  }
}
