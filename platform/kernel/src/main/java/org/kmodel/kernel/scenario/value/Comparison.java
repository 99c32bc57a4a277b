package org.kmodel.kernel.scenario.value;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a metric's value must match: an operator and a value that is a {@link Long}, a {@link
 * Double}, a {@link Boolean} or a {@link String}. Ordering operators take a number.
 *
 * @param op the operator
 * @param value the value to compare the metric's value with
 */
public record Comparison(Op op, Object value) {

  private static final Pattern SYNTAX = Pattern.compile("(==|!=|<=|>=|<|>)\\s*(.*)");
  private static final Pattern INTEGER = Pattern.compile("[-+]?[0-9]+");
  private static final Pattern DECIMAL =
      Pattern.compile("[-+]?(?:[0-9]+\\.?[0-9]*|\\.[0-9]+)(?:[eE][-+]?[0-9]+)?");

  /** A comparison operator, with the symbol comparison strings use. */
  public enum Op {
    /** Equal; what a plain value means. */
    EQ("=="),
    /** Not equal. */
    NE("!="),
    /** Less than. */
    LT("<"),
    /** Less than or equal. */
    LE("<="),
    /** Greater than. */
    GT(">"),
    /** Greater than or equal. */
    GE(">=");

    private final String symbol;

    Op(String symbol) {
      this.symbol = symbol;
    }

    /** The operator as comparison strings write it, e.g. {@code >=}. */
    public String symbol() {
      return symbol;
    }

    /** Whether the operator holds given a {@code compareTo} result of actual against expected. */
    boolean holds(int comparison) {
      return switch (this) {
        case EQ -> comparison == 0;
        case NE -> comparison != 0;
        case LT -> comparison < 0;
        case LE -> comparison <= 0;
        case GT -> comparison > 0;
        case GE -> comparison >= 0;
      };
    }

    static Op ofSymbol(String symbol) {
      for (Op op : values()) {
        if (op.symbol.equals(symbol)) {
          return op;
        }
      }
      throw new IllegalArgumentException("no comparison operator " + symbol);
    }
  }

  /** Checks the value's type, and that ordering operators have a number to order by. */
  public Comparison {
    Objects.requireNonNull(op, "op");
    if (!(value instanceof Long
        || value instanceof Double
        || value instanceof Boolean
        || value instanceof String)) {
      throw new IllegalArgumentException(
          "comparison value must be Long, Double, Boolean or String");
    }
    if (op != Op.EQ && op != Op.NE && !(value instanceof Number)) {
      throw new IllegalArgumentException(op.symbol + " needs a number, not " + value);
    }
  }

  /**
   * Parses a string value of an {@code expect} step. A string that starts with a comparison
   * operator is a comparison string: {@code ">= 5"}, {@code "< 10"}, {@code "!= 0"}; {@code ==} and
   * {@code !=} also take a word ({@code "!= never"}). Any other string must equal the metric.
   *
   * @throws IllegalArgumentException for a string that starts like a comparison but is not one,
   *     with a message fit to show the user
   */
  public static Comparison parse(String text) {
    String t = text.strip();
    if (t.isEmpty() || "<>=!".indexOf(t.charAt(0)) < 0) {
      return new Comparison(Op.EQ, text);
    }
    Matcher m = SYNTAX.matcher(t);
    if (m.matches()) {
      Op op = Op.ofSymbol(m.group(1));
      Object number = number(m.group(2));
      if (number != null) {
        return new Comparison(op, number);
      }
      if ((op == Op.EQ || op == Op.NE) && !m.group(2).isEmpty()) {
        return new Comparison(op, m.group(2));
      }
    }
    throw new IllegalArgumentException(
        "bad comparison '"
            + text
            + "': expected an operator (==, !=, <, <=, >, >=) and a number, e.g. '>= 5'");
  }

  /**
   * Parses a string value of an {@code expect} step for a metric of {@code unit}: as {@link
   * #parse(String)}, except that the operand may be a size for a metric in kB or bytes, converted
   * to that unit, and a flag word ({@code yes/no}, {@code on/off}, {@code true/false}) for a flag.
   *
   * @param metric the metric's name, for messages
   * @throws IllegalArgumentException with a message fit to show the user
   */
  public static Comparison parse(String text, MetricUnit unit, String metric) {
    String t = text.strip();
    Matcher m = SYNTAX.matcher(t);
    Op op = m.matches() ? Op.ofSymbol(m.group(1)) : Op.EQ;
    String operand = m.matches() ? m.group(2) : t;
    Object value = operand.isEmpty() ? null : unit.read(operand, metric);
    return value == null ? parse(text) : new Comparison(op, value);
  }

  /**
   * Tests a metric's value. Numbers compare numerically, a {@link Long} with a {@link Double} too,
   * and so does a string that spells a number (knob values are text); anything else compares by its
   * string form, so {@code true} equals {@code "true"}. Ordering operators hold only between
   * numbers, and nothing holds for a missing (null) value.
   */
  public boolean test(Object actual) {
    if (actual == null) {
      return false;
    }
    Object a = actual instanceof String s && number(s.strip()) != null ? number(s.strip()) : actual;
    if (a instanceof Number n && value instanceof Number e) {
      return op.holds(compare(n, e));
    }
    boolean equal = String.valueOf(a).equals(String.valueOf(value));
    return switch (op) {
      case EQ -> equal;
      case NE -> !equal;
      default -> false;
    };
  }

  /** Returns the comparison as a comparison string would write it, e.g. {@code >= 5}. */
  @Override
  public String toString() {
    return op.symbol + " " + value;
  }

  /** A {@link Long} or {@link Double} when the text is a number, otherwise null. */
  public static Object number(String text) {
    if (INTEGER.matcher(text).matches()) {
      try {
        return Long.parseLong(text);
      } catch (NumberFormatException tooLarge) {
        return Double.parseDouble(text);
      }
    }
    return DECIMAL.matcher(text).matches() ? Double.parseDouble(text) : null;
  }

  private static int compare(Number actual, Number expected) {
    if (integral(actual) && integral(expected)) {
      return Long.compare(actual.longValue(), expected.longValue());
    }
    return Double.compare(actual.doubleValue(), expected.doubleValue());
  }

  private static boolean integral(Number n) {
    return n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte;
  }
}
