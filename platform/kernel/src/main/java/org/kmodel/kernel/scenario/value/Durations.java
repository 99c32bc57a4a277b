package org.kmodel.kernel.scenario.value;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as scenario files write them: a number with a unit — {@code 100ns}, {@code 50us},
 * {@code 10ms}, {@code 1.5s}, {@code 2m}, {@code 1h}. A bare number is refused: whether {@code 30}
 * means seconds or milliseconds is exactly the kind of guess the format exists to avoid.
 */
public final class Durations {

  private static final Pattern SYNTAX = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)\\s*(\\S*)");

  private static final Map<String, Long> NANOS_PER_UNIT =
      Map.of(
          "ns", 1L,
          "us", 1_000L,
          "µs", 1_000L,
          "ms", 1_000_000L,
          "s", 1_000_000_000L,
          "m", 60_000_000_000L,
          "h", 3_600_000_000_000L);

  private Durations() {}

  /**
   * Parses a duration.
   *
   * @return the duration in nanoseconds, never negative
   * @throws IllegalArgumentException with a message fit to show the user, naming the text
   */
  public static long parse(String text) {
    if (text.length() > InputText.NUMBER_LIMIT) {
      throw new IllegalArgumentException(
          "bad duration '"
              + InputText.quote(text)
              + "': too long for a duration ("
              + text.length()
              + " characters)");
    }
    Matcher m = SYNTAX.matcher(text.strip());
    boolean matches = m.matches();
    if (matches && m.group(2).isEmpty()) {
      throw new IllegalArgumentException(
          "ambiguous duration '" + text + "': add a unit (ns, us, ms, s, m or h)");
    }
    Long unit = matches ? NANOS_PER_UNIT.get(m.group(2).toLowerCase(Locale.ROOT)) : null;
    if (unit == null) {
      throw new IllegalArgumentException(
          "bad duration '" + text + "': expected a number with ns, us, ms, s, m or h");
    }
    BigDecimal nanos = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unit));
    try {
      return nanos.longValueExact();
    } catch (ArithmeticException e) {
      String why =
          nanos.stripTrailingZeros().scale() > 0 ? "not a whole number of nanoseconds" : "too long";
      throw new IllegalArgumentException("bad duration '" + text + "': " + why, e);
    }
  }
}
