package org.kmodel.thp.ingens;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The promotion budget falls linearly from the threshold to 1 at an FMFI of 1000. */
class FragmentationThrottleTest {

  @ParameterizedTest(name = "per pass {0}, FMFI {1}, threshold {2} -> {3}")
  @CsvSource({
    "8,    0,  500, 8",
    "8,  500,  500, 8",
    "8,  501,  500, 7",
    "8,  750,  500, 4",
    "8,  900,  500, 2",
    "8,  941,  500, 1",
    "8, 1000,  500, 1",
    "1, 1000,  500, 1",
    "8, 1000, 1000, 8",
    "8,  500,    0, 4",
    "8, 1000,    0, 1",
    "512, 750, 500, 256",
  })
  void budget(long perPass, int fmfi, long threshold, long budget) {
    assertEquals(budget, FragmentationThrottle.budget(perPass, fmfi, threshold));
  }
}
