package org.kmodel.kernel.scenario.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuggestionsTest {

  private static final List<String> OPS = List.of("spawn", "mmap", "munmap", "touch", "fork");

  @Test
  void suggestsTheClosestNameForTyposTranspositionsAndCase() {
    assertEquals("touch", Suggestions.closest("tuch", OPS));
    assertEquals("touch", Suggestions.closest("toush", OPS));
    assertEquals("spawn", Suggestions.closest("sapwn", OPS));
    assertEquals("mmap", Suggestions.closest("MMAP", OPS));
    assertEquals("munmap", Suggestions.closest("munmmap", OPS));
  }

  @Test
  void suggestsNothingForNamesFarFromEveryKnownOne() {
    assertNull(Suggestions.closest("khugepaged", OPS));
    assertNull(Suggestions.closest("x", List.of("spawn")));
  }

  @Test
  void listsTheKnownNamesWithTheHint() {
    assertEquals(
        "(known: spawn, mmap, munmap, touch, fork; did you mean 'fork'?)",
        Suggestions.known("frok", OPS));
    assertEquals("(known: spawn, mmap, munmap, touch, fork)", Suggestions.known("xyz", OPS));
  }
}
