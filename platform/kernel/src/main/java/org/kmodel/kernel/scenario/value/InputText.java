package org.kmodel.kernel.scenario.value;

/**
 * Pieces of user input as messages quote them: at most {@link #QUOTE_LIMIT} characters, with the
 * length of what was left out, so that a megabyte of digits is refused in one short line.
 */
public final class InputText {
  /** Characters of input a message quotes. */
  public static final int QUOTE_LIMIT = 80;

  /**
   * The longest number text worth parsing: a {@code long} has 19 digits; with a fraction, blanks
   * and a unit anything longer cannot be a size or a duration the model takes.
   */
  static final int NUMBER_LIMIT = 64;

  private InputText() {}

  /** {@code text} whole when short, else its first characters and how many more there were. */
  public static String quote(String text) {
    if (text.length() <= QUOTE_LIMIT) {
      return text;
    }
    return text.substring(0, QUOTE_LIMIT - 3)
        + "... ("
        + (text.length() - (QUOTE_LIMIT - 3))
        + " more characters)";
  }
}
