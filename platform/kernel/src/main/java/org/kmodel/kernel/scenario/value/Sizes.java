package org.kmodel.kernel.scenario.value;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sizes as scenario files write them: a number of bytes, or a number with a binary unit — {@code
 * 65536}, {@code 2M}, {@code 1.5G}, {@code 64KiB}. Units are K, M, G and T (powers of 1024),
 * optionally followed by {@code B} or {@code iB}, in any case; a decimal number is accepted when it
 * comes to a whole number of bytes.
 */
public final class Sizes {

  private static final Pattern SYNTAX = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)\\s*([A-Za-z]*)");

  private static final String[] SUFFIXES = {"", "K", "M", "G", "T"};

  private static final Map<String, Integer> SHIFTS = shifts();

  private Sizes() {}

  /**
   * Parses a size.
   *
   * @return the size in bytes, never negative
   * @throws IllegalArgumentException with a message fit to show the user, naming the text
   */
  public static long parse(String text) {
    if (text.length() > InputText.NUMBER_LIMIT) {
      throw new IllegalArgumentException(
          "bad size '"
              + InputText.quote(text)
              + "': too long for a size ("
              + text.length()
              + " characters)");
    }
    Matcher m = SYNTAX.matcher(text.strip());
    Integer shift = m.matches() ? SHIFTS.get(m.group(2).toLowerCase(Locale.ROOT)) : null;
    if (shift == null) {
      throw new IllegalArgumentException(
          "bad size '" + text + "': expected bytes or a number with K, M, G or T");
    }
    BigDecimal bytes = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(2).pow(shift));
    try {
      return bytes.longValueExact();
    } catch (ArithmeticException e) {
      String why =
          bytes.stripTrailingZeros().scale() > 0 ? "not a whole number of bytes" : "too large";
      throw new IllegalArgumentException("bad size '" + text + "': " + why, e);
    }
  }

  /**
   * Formats a size in the largest binary unit that divides it, e.g. {@code 2M} or {@code 12K}, so
   * that messages speak as scenario files do.
   */
  public static String format(long bytes) {
    int unit = 0;
    long value = bytes;
    while (unit < SUFFIXES.length - 1 && value != 0 && value % 1024 == 0) {
      value /= 1024;
      unit++;
    }
    return value + SUFFIXES[unit];
  }

  private static Map<String, Integer> shifts() {
    Map<String, Integer> shifts = new HashMap<>(Map.of("", 0, "b", 0));
    for (int i = 1; i < SUFFIXES.length; i++) {
      String letter = SUFFIXES[i].toLowerCase(Locale.ROOT);
      for (String spelling : new String[] {letter, letter + "b", letter + "ib"}) {
        shifts.put(spelling, 10 * i);
      }
    }
    return Map.copyOf(shifts);
  }
}
