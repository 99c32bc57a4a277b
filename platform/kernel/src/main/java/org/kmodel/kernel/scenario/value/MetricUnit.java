package org.kmodel.kernel.scenario.value;

import java.util.Locale;

/**
 * What a metric's value measures, which decides how an {@code expect} value written for it is read:
 * a size is converted to the metric's unit ({@code 64M} is 65536 for a kB-valued field of {@code
 * /proc/meminfo} or {@code smaps}, 67108864 for a byte-valued filesystem stat), and a flag takes
 * {@code yes/no}, {@code on/off} and {@code true/false} alike.
 */
public enum MetricUnit {
  /** A count of events, pages or objects: a number; a size is refused as ambiguous. */
  COUNT(""),
  /** Kibibytes, as {@code /proc/meminfo} and {@code /proc/PID/smaps} print them. */
  KB(" kB"),
  /** Bytes. */
  BYTES(" bytes"),
  /** Whether something holds. */
  FLAG(""),
  /** Text, such as a knob's value: compared as written. */
  TEXT("");

  private final String suffix;

  MetricUnit(String suffix) {
    this.suffix = suffix;
  }

  /** Whether a value of this unit is a size. */
  public boolean isSize() {
    return this == KB || this == BYTES;
  }

  /**
   * The expected value {@code operand} stands for: a flag word as a Boolean for a {@link #FLAG}; a
   * size in this unit for {@link #KB} and {@link #BYTES}; null when the unit does not read the
   * operand specially (a number, or any text of a {@link #COUNT} or {@link #TEXT} metric).
   *
   * @throws IllegalArgumentException for a size that is not a whole number of kB, or one written
   *     for a {@link #COUNT}, with a message fit to show the user
   */
  public Object read(String operand, String metric) {
    String t = operand.strip();
    String lower = t.toLowerCase(Locale.ROOT);
    switch (this) {
      case FLAG:
        return switch (lower) {
          case "yes", "on", "true" -> Boolean.TRUE;
          case "no", "off", "false" -> Boolean.FALSE;
          default -> null;
        };
      case KB:
      case BYTES:
        if (Comparison.number(t) != null || !looksLikeSize(t)) {
          return null;
        }
        long bytes = Sizes.parse(t);
        if (this == BYTES) {
          return bytes;
        }
        if (bytes % 1024 != 0) {
          throw new IllegalArgumentException(
              "bad size '"
                  + InputText.quote(t)
                  + "' for "
                  + metric
                  + ": it is in kB, and this is not a whole number of kB");
        }
        return bytes / 1024;
      case COUNT:
        if (Comparison.number(t) == null && looksLikeSize(t)) {
          throw new IllegalArgumentException(
              "'"
                  + InputText.quote(t)
                  + "' is a size, but "
                  + metric
                  + " is a count: write a number");
        }
        return null;
      default:
        return null;
    }
  }

  /** A value of this unit as messages show it: {@code 65536 kB (64M)}, {@code 8192 bytes (8K)}. */
  public String format(Object value) {
    if (isSize() && value instanceof Long n) {
      long bytes = this == KB ? n * 1024 : n;
      String size = Sizes.format(bytes);
      return n + suffix + (size.equals(String.valueOf(n)) ? "" : " (" + size + ")");
    }
    return String.valueOf(value);
  }

  private static boolean looksLikeSize(String text) {
    try {
      Sizes.parse(text);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
