package org.kmodel.kernel.scenario.value;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SizesTest {

  @ParameterizedTest
  @CsvSource({
    "0, 0",
    "4096, 4096",
    "512B, 512",
    "4K, 4096",
    "4k, 4096",
    "4KB, 4096",
    "4KiB, 4096",
    "4kib, 4096",
    "2M, 2097152",
    "2 MiB, 2097152",
    "1.5G, 1610612736",
    "1T, 1099511627776",
    "0.5K, 512",
    "' 8K ', 8192"
  })
  void parsesBytesAndBinaryUnits(String text, long bytes) {
    assertEquals(bytes, Sizes.parse(text));
  }

  @ParameterizedTest
  @ValueSource(strings = {"2Q", "", "K", "-4K", "4 K B", "0x1000", "2BB", "1e3", "4KK", "1.5.0M"})
  void refusesWhatIsNotASize(String text) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Sizes.parse(text));

    assertEquals(
        "bad size '" + text + "': expected bytes or a number with K, M, G or T", e.getMessage());
  }

  @Test
  void refusesFractionsOfAByte() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Sizes.parse("1.3K"));

    assertEquals("bad size '1.3K': not a whole number of bytes", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Sizes.parse("1.5"));
  }

  @Test
  void refusesSizesThatDoNotFitSixtyFourBits() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Sizes.parse("8388608T"));

    assertEquals("bad size '8388608T': too large", e.getMessage());
    assertEquals((8388608L << 40) - (1L << 40), Sizes.parse("8388607T"));
  }

  @ParameterizedTest
  @CsvSource({"0, 0", "4096, 4K", "12288, 12K", "2097152, 2M", "1073741824, 1G", "3000, 3000"})
  void formatsInTheLargestUnitThatDivides(long bytes, String text) {
    assertEquals(text, Sizes.format(bytes));
  }
}
