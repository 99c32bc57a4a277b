package org.kmodel.kernel.scenario.value;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Quoted input is short and cannot act on the terminal it is printed on. */
class InputTextTest {

  @Test
  void terminalControlsAreEscaped() {
    assertEquals("p\\u001b[31m1", InputText.escape("p\u001b[31m1"));
    assertEquals("ring\\u0007", InputText.escape("ring\u0007"));
    assertEquals("a\\u0000b", InputText.escape("a\u0000b"));
    assertEquals("x\\u007fy\\u009bz", InputText.escape("x\u007fy\u009bz"));
    assertEquals("txt\\u202eexe", InputText.escape("txt\u202eexe"));
    assertEquals("\\u202a\\u2066\\u2069", InputText.escape("\u202a\u2066\u2069"));
  }

  @Test
  void aMessageStaysOneLine() {
    assertEquals("a\\u000ab\\u0009c", InputText.escape("a\nb\tc"));
  }

  @Test
  void printableTextIsLeftAlone() {
    String text = "Grüße, 日本語 and U+202F\u202f";
    assertSame(text, InputText.escape(text));
    assertEquals(-1, InputText.firstControl(text));
  }

  @Test
  void tabAndNewlineAreNotControlsInAValue() {
    assertFalse(InputText.isControl('\t'));
    assertFalse(InputText.isControl('\n'));
    assertTrue(InputText.isControl('\r'));
    assertEquals(1, InputText.firstControl("a\u001bb"));
  }

  @Test
  void aLongQuoteIsCutBeforeItIsEscaped() {
    String quoted = InputText.quote("\u001b".repeat(100));
    assertEquals("\\u001b".repeat(77) + "... (23 more characters)", quoted);
  }
}
