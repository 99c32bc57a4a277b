package org.kmodel.kernel.scenario.value;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ComparisonTest {

  private static Comparison c(Comparison.Op op, Object value) {
    return new Comparison(op, value);
  }

  @Test
  void parsesComparisonStringsIntoAnOperatorAndANumber() {
    assertEquals(c(Comparison.Op.GE, 5L), Comparison.parse(">= 5"));
    assertEquals(c(Comparison.Op.LT, 10L), Comparison.parse("< 10"));
    assertEquals(c(Comparison.Op.NE, 0L), Comparison.parse("!= 0"));
    assertEquals(c(Comparison.Op.LE, -2L), Comparison.parse("<=-2"));
    assertEquals(c(Comparison.Op.GT, 0.5), Comparison.parse(" > 0.5 "));
    assertEquals(c(Comparison.Op.EQ, 1e3), Comparison.parse("== 1e3"));
  }

  @Test
  void equalityOperatorsAlsoTakeAWord() {
    assertEquals(c(Comparison.Op.NE, "never"), Comparison.parse("!= never"));
    assertEquals(c(Comparison.Op.EQ, "always"), Comparison.parse("== always"));
  }

  @Test
  void anyOtherStringMustBeEqual() {
    assertEquals(c(Comparison.Op.EQ, "madvise"), Comparison.parse("madvise"));
    assertEquals(c(Comparison.Op.EQ, "5"), Comparison.parse("5"));
    assertEquals(c(Comparison.Op.EQ, ""), Comparison.parse(""));
  }

  @ParameterizedTest
  @ValueSource(strings = {">= five", "=5", "<", ">=", "!=", "=> 5", "< 5 6", "!"})
  void refusesStringsThatStartLikeAComparisonButAreNone(String text) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Comparison.parse(text));

    assertEquals(
        "bad comparison '"
            + text
            + "': expected an operator (==, !=, <, <=, >, >=) and a number, e.g. '>= 5'",
        e.getMessage());
  }

  @Test
  void comparesNumbersNumericallyAcrossLongAndDouble() {
    assertTrue(c(Comparison.Op.GE, 5L).test(5L));
    assertTrue(c(Comparison.Op.GE, 5L).test(5.5));
    assertFalse(c(Comparison.Op.GE, 5L).test(4.99));
    assertTrue(c(Comparison.Op.EQ, 2048L).test(2048.0));
    assertTrue(c(Comparison.Op.EQ, 2048L).test(2048));
    assertTrue(c(Comparison.Op.LT, 0.5).test(0L));
    assertTrue(c(Comparison.Op.NE, 0L).test(1L));
    assertFalse(c(Comparison.Op.NE, 0L).test(0L));
    assertTrue(c(Comparison.Op.LE, Long.MAX_VALUE).test(Long.MAX_VALUE));
    assertFalse(c(Comparison.Op.GT, Long.MAX_VALUE - 1).test(Long.MAX_VALUE - 1));
  }

  @Test
  void comparesATextThatSpellsANumberNumerically() {
    assertTrue(c(Comparison.Op.EQ, 256L).test("256"));
    assertTrue(c(Comparison.Op.GT, 255L).test("256"));
    assertTrue(c(Comparison.Op.EQ, 1L).test("1.0"));
  }

  @Test
  void comparesOtherValuesByEquality() {
    assertTrue(c(Comparison.Op.EQ, "madvise").test("madvise"));
    assertFalse(c(Comparison.Op.EQ, "madvise").test("always"));
    assertTrue(c(Comparison.Op.NE, "never").test("always"));
    assertTrue(c(Comparison.Op.EQ, true).test(true));
    assertTrue(c(Comparison.Op.EQ, true).test("true"));
    assertFalse(c(Comparison.Op.EQ, true).test(false));
    assertFalse(c(Comparison.Op.EQ, 1L).test("madvise"));
    assertTrue(c(Comparison.Op.NE, 1L).test("madvise"));
  }

  @Test
  void orderingNonNumbersAndMissingValuesNeverHold() {
    assertFalse(c(Comparison.Op.GE, 5L).test("many"));
    assertFalse(c(Comparison.Op.LT, 5L).test(true));
    assertFalse(c(Comparison.Op.EQ, 5L).test(null));
    assertFalse(c(Comparison.Op.NE, 5L).test(null));
  }

  @Test
  void refusesValuesOfOtherTypesAndOrderingWithoutANumber() {
    assertThrows(IllegalArgumentException.class, () -> c(Comparison.Op.EQ, 5));
    assertThrows(IllegalArgumentException.class, () -> c(Comparison.Op.EQ, null));
    assertThrows(IllegalArgumentException.class, () -> c(Comparison.Op.GE, "five"));
    assertThrows(IllegalArgumentException.class, () -> c(Comparison.Op.LT, true));
  }

  @Test
  void printsAsAComparisonString() {
    assertEquals(">= 5", Comparison.parse(">= 5").toString());
    assertEquals("== madvise", Comparison.parse("madvise").toString());
  }
}
