package org.kmodel.kernel.scenario.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Lists of names in messages: whole when short, cut with a count when they would not fit a line.
 */
class SuggestionsTest {
  @Test
  void aShortListIsQuotedWhole() {
    assertEquals("a, b, c", Suggestions.list(List.of("a", "b", "c")));
  }

  @Test
  void aLongListIsCutAndSaysHowManyMore() {
    List<String> counters = new ArrayList<>();
    for (int i = 0; i < 42; i++) {
      counters.add("thp_counter_" + i);
    }
    String list = Suggestions.list(counters);
    assertTrue(list.length() <= Suggestions.CUT_LIST + ", ... (38 more)".length(), list);
    assertTrue(list.startsWith("thp_counter_0, thp_counter_1, "), list);
    assertTrue(list.endsWith(", ... (38 more)"), list);
  }
}
