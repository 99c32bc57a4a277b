package org.kmodel.kernel;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The kernel command line split into {@code key=value} words; a bare word maps to the empty string.
 * The last occurrence of a key wins, as with Linux's early parameters.
 */
public final class BootParameters {
  private final Map<String, String> values = new LinkedHashMap<>();

  public BootParameters(String commandLine) {
    for (String word : commandLine.strip().split("\\s+")) {
      if (word.isEmpty()) {
        continue;
      }
      int eq = word.indexOf('=');
      if (eq < 0) {
        values.put(word, "");
      } else {
        values.put(word.substring(0, eq), word.substring(eq + 1));
      }
    }
  }

  /** The value of {@code key}, or {@code null} when the command line does not name it. */
  public String get(String key) {
    return values.get(key);
  }
}
